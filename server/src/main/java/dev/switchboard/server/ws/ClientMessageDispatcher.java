package dev.switchboard.server.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.hub.ChannelNames;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.SubscribeOutcome;
import dev.switchboard.core.pairing.PairingService;
import dev.switchboard.core.session.AppPort;
import dev.switchboard.core.session.SessionRegistry;
import dev.switchboard.core.session.UserSession;

/**
 * Reads the JSON text frames a device sends and answers each one: a reply, or an {@code error} frame
 * that names the problem. Bad input never closes the line.
 */
final class ClientMessageDispatcher {

    private final Hub hub;
    private final ObjectMapper json;
    private final ServerFrames frames;
    private final PairingService pairing;
    private final PairingFrames pairingFrames;
    private final SessionRegistry sessions;

    ClientMessageDispatcher(Hub hub, ObjectMapper json, ServerFrames frames, PairingService pairing,
                            PairingFrames pairingFrames) {
        this(hub, json, frames, pairing, pairingFrames, null);
    }

    ClientMessageDispatcher(Hub hub, ObjectMapper json, ServerFrames frames, PairingService pairing,
                            PairingFrames pairingFrames, SessionRegistry sessions) {
        this.sessions = sessions;
        this.hub = hub;
        this.json = json;
        this.frames = frames;
        this.pairing = pairing;
        this.pairingFrames = pairingFrames;
    }

    /**
     * Handles one text frame and returns the frame to answer with, or null when the answer comes as an event
     * (the {@code pair_*} requests, answered by the pairing service on this line's executor).
     */
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
            case "pair_create":
                pairing.create(line);
                return null;
            case "pair_join":
                pairJoin(line, message);
                return null;
            case "pair_data":
                pairData(line, message);
                return null;
            case "pair_leave":
                pairing.leave(line, optionalText(message, "code"));
                return null;
            case "ack":
                return ack(line, message, replyTo);
            case "app_start":
            case "app_stop":
                return app(line, message, replyTo, type.asText().equals("app_start"));
            case "stream":
                return stream(line, message, replyTo);
            default:
                return frames.error("unknown_type", "unknown message type \"" + type.asText()
                        + "\"; known: subscribe, unsubscribe, ping, ack, app_start, app_stop, stream, pair_create, "
                        + "pair_join, pair_data, pair_leave", replyTo);
        }
    }

    /** {@code {"type":"ack","seq":N}}: frames up to N leave the replay buffer. Silent when accepted. */
    private ObjectNode ack(WebSocketLine line, JsonNode message, JsonNode replyTo) {
        JsonNode seq = message.get("seq");
        if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber() || seq.asLong() < 0) {
            return frames.error("bad_ack", "ack needs a field \"seq\": a whole number >= 0", replyTo);
        }
        UserSession session = line.session();
        if (session == null || !session.ack(seq.asLong())) {
            return frames.error("bad_ack", "seq " + seq.asText() + " is beyond the last message sent ("
                    + (session == null ? 0 : session.lastSeq()) + ")", replyTo);
        }
        return null;
    }

    private ObjectNode app(WebSocketLine line, JsonNode message, JsonNode replyTo, boolean start) {
        String packageName = optionalText(message, "packageName");
        if (packageName == null || packageName.isBlank()) {
            return frames.error("bad_message", (start ? "app_start" : "app_stop")
                    + " needs a string field \"packageName\"", replyTo);
        }
        AppPort apps = apps(line);
        if (apps == null) {
            return frames.error("apps_unavailable", "this gateway runs no apps", replyTo);
        }
        // The apps feature answers with app_state / app_stopped frames through the session.
        if (start) {
            apps.start(line.session(), packageName);
        } else {
            apps.stop(line.session(), packageName);
        }
        return null;
    }

    private ObjectNode stream(WebSocketLine line, JsonNode message, JsonNode replyTo) {
        String stream = optionalText(message, "stream");
        if (stream == null || stream.isBlank() || !message.has("data")) {
            return frames.error("bad_message", "stream needs a string field \"stream\" and a field \"data\"",
                    replyTo);
        }
        AppPort apps = apps(line);
        if (apps == null) {
            return frames.error("apps_unavailable", "this gateway runs no apps", replyTo);
        }
        try {
            apps.stream(line.session(), stream, json.writeValueAsBytes(message.get("data")));
        } catch (JsonProcessingException e) {
            return frames.error("bad_message", "data cannot be serialised: " + e.getOriginalMessage(), replyTo);
        }
        return null;
    }

    /** The installed apps feature, or null when there is none (or the line has no session). */
    AppPort apps(WebSocketLine line) {
        if (sessions == null || line.session() == null || sessions.apps() == AppPort.NONE) {
            return null;
        }
        return sessions.apps();
    }

    private void pairJoin(WebSocketLine line, JsonNode message) {
        JsonNode code = message.get("code");
        if (code == null || !code.isTextual()) {
            pairingFrames.error(line, null, "BAD_REQUEST", "pair_join needs a string field \"code\"");
            return;
        }
        pairing.join(line, line.remoteHost(), code.asText());
    }

    private void pairData(WebSocketLine line, JsonNode message) {
        if (!message.has("payload")) {
            pairingFrames.error(line, null, "BAD_REQUEST", "pair_data needs a field \"payload\" (any JSON)");
            return;
        }
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(message.get("payload"));
        } catch (JsonProcessingException e) {
            pairingFrames.error(line, null, "BAD_REQUEST", "payload cannot be serialised: " + e.getOriginalMessage());
            return;
        }
        pairing.data(line, optionalText(message, "code"), payload);
    }

    private static String optionalText(JsonNode message, String field) {
        JsonNode value = message.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
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
