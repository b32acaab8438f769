package dev.switchboard.server.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.hub.Line;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.pairing.PairingEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Turns the pairing service's events into the {@code pair_*} frames of docs/protocol.md. A relayed
 * payload's bytes (serialised once, exactly, when the sender's frame was read) are spliced into the frame
 * without another encoding.
 */
public final class PairingFrames implements PairingEvents {

    private static final byte[] DATA_PREFIX = "{\"type\":\"pair_data\",\"code\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_INFIX = "\",\"payload\":".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json;

    public PairingFrames(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void codeCreated(Line line, String code, Instant expiresAt) {
        ObjectNode frame = frame("pair_code", code);
        frame.put("expiresAt", expiresAt.toString());
        send(line, frame);
    }

    @Override
    public void paired(Line line, String code, Line peer) {
        ObjectNode frame = frame("pair_paired", code);
        ObjectNode about = frame.putObject("peer");
        about.put("connectionId", peer.id());
        about.put("user", peer.principal().userId());
        about.put("device", peer.principal().deviceId());
        about.put("deviceVersion", peer.principal().deviceVersion());
        send(line, frame);
    }

    @Override
    public void data(Line line, String code, byte[] payloadJson) {
        // Codes are from an ASCII alphabet without quotes, so they can be spliced in as they are.
        byte[] codeBytes = code.getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[DATA_PREFIX.length + codeBytes.length + DATA_INFIX.length + payloadJson.length + 1];
        int at = 0;
        System.arraycopy(DATA_PREFIX, 0, body, at, DATA_PREFIX.length);
        at += DATA_PREFIX.length;
        System.arraycopy(codeBytes, 0, body, at, codeBytes.length);
        at += codeBytes.length;
        System.arraycopy(DATA_INFIX, 0, body, at, DATA_INFIX.length);
        at += DATA_INFIX.length;
        System.arraycopy(payloadJson, 0, body, at, payloadJson.length);
        body[body.length - 1] = '}';
        line.deliver(Message.frame(body));
    }

    @Override
    public void binary(Line line, String code, byte[] bytes) {
        line.deliver(Message.binary(bytes));
    }

    @Override
    public void ended(Line line, String code, String reason) {
        ObjectNode frame = frame("pair_ended", code);
        frame.put("reason", reason);
        send(line, frame);
    }

    /** Into the session's sequence (replayed on resume); the line is gone. */
    @Override
    public void endedWhileAway(Line line, String code, String reason) {
        if (line instanceof WebSocketLine webSocketLine && webSocketLine.session() != null) {
            ObjectNode frame = frame("pair_ended", code);
            frame.put("reason", reason);
            try {
                webSocketLine.session().sendToDevice(json.writeValueAsBytes(frame));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise a pairing frame", e);
            }
        }
    }

    @Override
    public void error(Line line, String code, String errorCode, String message) {
        ObjectNode frame = json.createObjectNode();
        frame.put("type", "pair_error");
        frame.put("code", errorCode);
        frame.put("message", message);
        if (code != null) {
            frame.put("pairingCode", code);
        }
        send(line, frame);
    }

    private ObjectNode frame(String type, String code) {
        ObjectNode frame = json.createObjectNode();
        frame.put("type", type);
        frame.put("code", code);
        return frame;
    }

    private void send(Line line, ObjectNode frame) {
        try {
            line.deliver(Message.frame(json.writeValueAsBytes(frame)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a pairing frame", e);
        }
    }
}
