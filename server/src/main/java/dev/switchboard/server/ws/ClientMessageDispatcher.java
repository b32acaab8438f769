package dev.switchboard.server.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.hub.ChannelNames;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.SubscribeOutcome;

/**
 * Reads the JSON text frames a device sends and answers each one: a reply, or an {@code error} frame
 * that names the problem. Bad input never closes the line.
 */
final class ClientMessageDispatcher {

    private final Hub hub;
    private final ObjectMapper json;
    private final ServerFrames frames;

    ClientMessageDispatcher(Hub hub, ObjectMapper json, ServerFrames frames) {
        this.hub = hub;
        this.json = json;
        this.frames = frames;
    }

    /** Handles one text frame and returns the frame to answer with. */
    ObjectNode dispatch(WebSocketLine line, String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JsonProcessingException e) {
            return frames.error("bad_json", "frame is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (message == null || !message.isObject()) {
            return frames.error("bad_message", "frame must be a JSON object with a \"type\" field", null);
        }
        JsonNode replyTo = replyId(message.get("id"));
        JsonNode type = message.get("type");
        if (type == null || !type.isTextual()) {
            return frames.error("bad_message", "missing string field \"type\"", replyTo);
        }
        switch (type.asText()) {
            case "subscribe":
                return membership(line, message, replyTo, true);
            case "unsubscribe":
                return membership(line, message, replyTo, false);
            case "ping":
                return reply("pong", replyTo);
            default:
                return frames.error("unknown_type", "unknown message type \"" + type.asText()
                        + "\"; known: subscribe, unsubscribe, ping", replyTo);
        }
    }

    /** The client's {@code id}, echoed as sent when it is a string or a number; anything else is ignored. */
    private static JsonNode replyId(JsonNode id) {
        return id != null && (id.isTextual() || id.isNumber()) ? id : null;
    }

    private ObjectNode membership(WebSocketLine line, JsonNode message, JsonNode replyTo, boolean join) {
        JsonNode channelNode = message.get("channel");
        String channel = channelNode != null && channelNode.isTextual() ? channelNode.asText() : null;
        String problem = ChannelNames.problem(channel);
        if (problem != null) {
            return frames.error("invalid_channel", problem, replyTo);
        }
        SubscribeOutcome outcome = join ? hub.subscribe(line, channel) : hub.unsubscribe(line, channel);
        if (!outcome.ok()) {
            return frames.error(outcome.errorCode(), explain(outcome, channel), replyTo);
        }
        ObjectNode reply = reply(join ? "subscribed" : "unsubscribed", replyTo);
        reply.put("channel", channel);
        return reply;
    }

    private String explain(SubscribeOutcome outcome, String channel) {
        switch (outcome) {
            case TOO_MANY_CHANNELS:
                return "a line may join at most " + hub.settings().maxChannelsPerLine() + " channels";
            case NOT_SUBSCRIBED:
                return "not subscribed to channel " + channel;
            case LINE_CLOSED:
                return "the line is closing";
            default:
                return outcome.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private ObjectNode reply(String type, JsonNode replyTo) {
        ObjectNode reply = frames.object(type);
        if (replyTo != null) {
            reply.set("id", replyTo);
        }
        return reply;
    }
}
