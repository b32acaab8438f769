package dev.switchboard.bench.ws;

/**
 * Just enough Engine.IO v4 / Socket.IO v5 framing for a subscriber over the WebSocket transport: the server
 * opens with {@code 0{"sid":…,"pingInterval":…}}, the client connects to the default namespace with
 * {@code 40}, the server confirms with {@code 40{"sid":…}}, events arrive as {@code 42["name",data]}, and the
 * server's ping {@code 2} is answered with pong {@code 3}.
 */
public final class EngineIo {

    /** The Engine.IO path for a WebSocket-only client, no HTTP long-polling first. */
    public static final String PATH = "/socket.io/?EIO=4&transport=websocket";

    private EngineIo() {
    }

    /** The frame a client answers {@code frame} with, or null when none is due. */
    public static String reply(String frame) {
        if (frame.isEmpty()) {
            return null;
        }
        switch (frame.charAt(0)) {
            case '0': // Engine.IO open: connect to the default Socket.IO namespace
                return "40";
            case '2': // Engine.IO ping (v4: the server pings, the client pongs with the same payload)
                return "3" + frame.substring(1);
            default:
                return null;
        }
    }

    /** Whether {@code frame} is the Socket.IO CONNECT acknowledgement of the default namespace. */
    public static boolean isConnected(String frame) {
        return frame.startsWith("40") && (frame.length() == 2 || frame.charAt(2) == '{');
    }

    /** A Socket.IO event packet {@code 42["event",json]}; {@code json} must already be JSON. */
    public static String event(String event, String json) {
        return "42[\"" + event + "\"," + json + "]";
    }

    /** The JSON data of a single-argument event packet, or null when {@code frame} is no event. */
    public static String eventData(String frame) {
        if (!frame.startsWith("42[") || !frame.endsWith("]")) {
            return null;
        }
        int comma = frame.indexOf(',');
        if (comma < 0) {
            return null;
        }
        return frame.substring(comma + 1, frame.length() - 1);
    }
}
