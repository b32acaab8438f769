package dev.switchboard.core.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;

/**
 * The small JSON objects the apps feature sends: to the device (through the session), to the app (on its
 * line) and to the app's webhook. Built by hand with {@link JsonText} escaping; data from the device is spliced
 * in as the bytes it arrived as.
 */
public final class AppFrames {

    private AppFrames() {
    }

    /** {@code {"type":"app_state","packageName":…,"state":…[,"reason":…]}} to the device. */
    public static byte[] appState(String packageName, AppState state, String reason) {
        StringBuilder out = start("app_state");
        field(out, "packageName", packageName);
        field(out, "state", state.name());
        if (reason != null) {
            field(out, "reason", reason);
        }
        return end(out);
    }

    /** {@code {"type":"app_stopped","packageName":…,"reason":…}} to the device. */
    public static byte[] appStopped(String packageName, String reason) {
        StringBuilder out = start("app_stopped");
        field(out, "packageName", packageName);
        field(out, "reason", reason);
        return end(out);
    }

    /** {@code {"type":"error","code":…,"message":…,"packageName":…}} to the device. */
    public static byte[] error(String code, String message, String packageName) {
        StringBuilder out = start("error");
        field(out, "code", code);
        field(out, "message", message);
        if (packageName != null) {
            field(out, "packageName", packageName);
        }
        return end(out);
    }

    /** The app's {@code app_connection_ack}: who it is attached to and the subscriptions it still has. */
    public static byte[] connectionAck(String sessionId, String userId, String deviceId, String packageName,
                                       Collection<String> subscriptions, boolean resumed) {
        StringBuilder out = start("app_connection_ack");
        field(out, "sessionId", sessionId);
        field(out, "packageName", packageName);
        field(out, "userId", userId);
        field(out, "deviceId", deviceId);
        out.append(",\"subscriptions\":[");
        boolean first = true;
        for (String name : subscriptions) {
            if (!first) {
                out.append(',');
            }
            JsonText.quote(out, name);
            first = false;
        }
        out.append("],\"resumed\":").append(resumed);
        return end(out);
    }

    /** {@code {"type":"data_stream","sessionId":…,"stream":…,"data":<data>}}; {@code data} is JSON as received. */
    public static byte[] dataStream(String sessionId, String stream, byte[] data) {
        StringBuilder out = start("data_stream");
        field(out, "sessionId", sessionId);
        field(out, "stream", stream);
        out.append(",\"data\":");
        byte[] head = out.toString().getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + data.length + 1];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(data, 0, frame, head.length, data.length);
        frame[frame.length - 1] = '}';
        return frame;
    }

    /** The webhook body that asks an app server to start (or restart) an app for a session. */
    public static byte[] sessionRequest(String sessionId, String userId, String packageName, Instant now,
                                        String websocketUrl) {
        StringBuilder out = start("session_request");
        field(out, "sessionId", sessionId);
        field(out, "userId", userId);
        field(out, "packageName", packageName);
        field(out, "timestamp", now.toString());
        field(out, "websocketUrl", websocketUrl);
        return end(out);
    }

    /** The webhook body that tells an app server an app was stopped for a session. */
    public static byte[] stopRequest(String sessionId, String userId, String packageName, String reason,
                                     Instant now) {
        StringBuilder out = start("stop_request");
        field(out, "sessionId", sessionId);
        field(out, "userId", userId);
        field(out, "packageName", packageName);
        field(out, "reason", reason);
        field(out, "timestamp", now.toString());
        return end(out);
    }

    private static StringBuilder start(String type) {
        StringBuilder out = new StringBuilder(128).append("{\"type\":");
        return JsonText.quote(out, type);
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(',');
        JsonText.quote(out, name).append(':');
        JsonText.quote(out, value);
    }

    private static byte[] end(StringBuilder out) {
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
