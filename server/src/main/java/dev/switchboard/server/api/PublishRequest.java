package dev.switchboard.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.hub.ChannelNames;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.hub.Target;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A publish as every door spells it: exactly one target of {@code device}, {@code user}, {@code channel},
 * {@code broadcast:true}, and exactly one of {@code data} (any JSON) or {@code binary} (base64). The data
 * is serialised here, once, for every line it will reach.
 */
public record PublishRequest(Target target, Message message) {

    private static final List<String> TARGET_FIELDS = List.of("device", "user", "channel", "broadcast");
    private static final java.util.Set<String> FIELDS =
            java.util.Set.of("device", "user", "channel", "broadcast", "data", "binary");

    public static PublishRequest parse(JsonNode body, ObjectMapper json, long maxMessageSize) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("bad_request", "body must be a JSON object");
        }
        // A misspelt field ("chanel", "payload") must not be ignored: the publish would go somewhere else.
        for (java.util.Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("unknown_field", "unknown field \"" + name + "\"; a publish has one of "
                        + "device, user, channel, broadcast and one of data, binary");
            }
        }
        return new PublishRequest(target(body), message(body, json, maxMessageSize));
    }

    private static Target target(JsonNode body) {
        List<String> given = new ArrayList<>();
        for (String field : TARGET_FIELDS) {
            if (body.has(field)) {
                given.add(field);
            }
        }
        if (given.size() != 1) {
            throw ApiException.badRequest("bad_target", "give exactly one target of device, user, channel or "
                    + "broadcast:true" + (given.isEmpty() ? "" : " (got " + String.join(", ", given) + ")"));
        }
        String field = given.get(0);
        JsonNode value = body.get(field);
        if (field.equals("broadcast")) {
            if (!value.isBoolean() || !value.booleanValue()) {
                throw ApiException.badRequest("bad_target", "broadcast must be true");
            }
            return Target.broadcast();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest("bad_target", field + " must be a non-empty string");
        }
        String id = value.asText();
        switch (field) {
            case "device":
                return Target.device(id);
            case "user":
                return Target.user(id);
            default:
                String problem = ChannelNames.problem(id);
                if (problem != null) {
                    throw ApiException.badRequest("invalid_channel", problem);
                }
                return Target.channel(id);
        }
    }

    /** Standard or URL-safe alphabet, strictly: a stray character is an error, never silently skipped. */
    private static byte[] decodeBase64(String text) {
        boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
        return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    }

    private static Message message(JsonNode body, ObjectMapper json, long maxMessageSize) {
        boolean hasData = body.has("data");
        boolean hasBinary = body.has("binary");
        if (hasData == hasBinary) {
            throw ApiException.badRequest("bad_payload", "give exactly one of data (JSON) or binary (base64)");
        }
        Message message;
        if (hasBinary) {
            JsonNode binary = body.get("binary");
            if (!binary.isTextual()) {
                throw ApiException.badRequest("bad_payload", "binary must be a base64 string");
            }
            try {
                message = Message.binary(decodeBase64(binary.asText()));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("bad_payload", "binary is not valid base64: " + e.getMessage());
            }
        } else {
            try {
                message = Message.json(json.writeValueAsBytes(body.get("data")));
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("bad_payload", "data cannot be serialised: " + e.getOriginalMessage());
            }
        }
        if (message.size() > maxMessageSize) {
            throw new ApiException(io.netty.handler.codec.http.HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "message_too_big", "message is " + message.size() + " bytes; the limit is " + maxMessageSize);
        }
        return message;
    }
}
