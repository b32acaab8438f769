package dev.switchboard.client.control;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a {@link ControlCodec} hands what it decoded; implemented by {@link ControlConnection}. */
interface ReplySink {

    /** A successful answer to call {@code id}. */
    void onResult(long id, JsonNode result);

    /**
     * An error answer. {@code id} is the call it answers, or {@link ControlCodec#NO_ID} when the daemon could
     * not tell (a JSON-RPC error with {@code "id":null}, a binary error frame with request id 0).
     */
    void onError(long id, int code, String message, JsonNode data);

    /** Something the daemon sent on its own (binary kind 3, a JSON-RPC notification). */
    void onEvent(JsonNode event);
}
