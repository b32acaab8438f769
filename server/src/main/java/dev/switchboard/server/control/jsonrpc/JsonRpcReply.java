package dev.switchboard.server.control.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What the daemon answers on a JSON-RPC connection; each reply is written as one line. */
public sealed interface JsonRpcReply permits JsonRpcReply.Success, JsonRpcReply.Failure, JsonRpcReply.Batch {

    /** {@code {"jsonrpc":"2.0","id":…,"result":…}}; the id is the request's own node, echoed exactly. */
    record Success(JsonNode id, Object result) implements JsonRpcReply {
    }

    /** {@code {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…}}}; a null id is written as JSON null. */
    record Failure(JsonNode id, int code, String message) implements JsonRpcReply {
    }

    /** The answers to a batch's non-notifications, written as one array. Never empty. */
    record Batch(List<JsonRpcReply> replies) implements JsonRpcReply {
    }
}
