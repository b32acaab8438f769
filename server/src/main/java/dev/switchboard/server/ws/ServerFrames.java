package dev.switchboard.server.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The JSON frames the server sends outside the message stream: {@code connection_ack}, replies and
 * {@code error}s. Every one is a JSON object with a snake_case {@code type}, as docs/protocol.md lists.
 */
final class ServerFrames {

    private final ObjectMapper json;

    ServerFrames(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode object(String type) {
        ObjectNode node = json.createObjectNode();
        node.put("type", type);
        return node;
    }

    /** {@code {"type":"error","code":…,"message":…}}, echoing the client's {@code id} when it sent one. */
    ObjectNode error(String code, String message, com.fasterxml.jackson.databind.JsonNode replyTo) {
        ObjectNode node = object("error");
        node.put("code", code);
        node.put("message", message);
        if (replyTo != null) {
            node.set("id", replyTo);
        }
        return node;
    }

    /** Encodes the object as one complete text frame, ready to write past the frame encoder. */
    ByteBuf encode(ByteBufAllocator alloc, ObjectNode node) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a server frame", e);
        }
        return FrameEncoder.text(alloc, bytes);
    }
}
