package dev.switchboard.bench.ws;

import java.util.List;

/**
 * How a subscriber line talks to one kind of server once its WebSocket is open: what it sends first, how
 * it answers the server's own frames, and when it is ready to receive the benchmark's messages. Frames that
 * carry a {@link Stamp} never reach these methods.
 */
public abstract class WireProtocol {

    /** Ready as soon as the WebSocket is open; nothing to send (raw Netty, Node ws, nchan, Vert.x). */
    public static WireProtocol plain() {
        return new WireProtocol() {
            @Override
            public boolean readyOnOpen() {
                return true;
            }
        };
    }

    /**
     * Sends {@code {"type":"subscribe","channel":…}} and is ready on the gateway's {@code subscribed} answer
     * (Switchboard's device protocol).
     */
    public static WireProtocol switchboardChannel(String channel) {
        String subscribe = "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}";
        return new WireProtocol() {
            @Override
            public List<String> opened() {
                return List.of(subscribe);
            }

            @Override
            public boolean readyOn(String frame) {
                return frame.contains("\"subscribed\"");
            }
        };
    }

    /** A Switchboard device line that only receives messages addressed to it: ready on {@code connection_ack}. */
    public static WireProtocol switchboardDevice() {
        return new WireProtocol() {
            @Override
            public boolean readyOn(String frame) {
                return frame.contains("\"connection_ack\"");
            }
        };
    }

    /** Socket.IO 4 over the Engine.IO v4 WebSocket transport; see {@link EngineIo}. */
    public static WireProtocol socketIo() {
        return new WireProtocol() {
            @Override
            public String reply(String frame) {
                return EngineIo.reply(frame);
            }

            @Override
            public boolean readyOn(String frame) {
                return EngineIo.isConnected(frame);
            }
        };
    }

    /** Frames to send once the WebSocket handshake completes. */
    public List<String> opened() {
        return List.of();
    }

    /** Whether the line is ready as soon as the handshake completes. */
    public boolean readyOnOpen() {
        return false;
    }

    /** The frame to answer {@code frame} with, or null. */
    public String reply(String frame) {
        return null;
    }

    /** Whether {@code frame} tells the line it is now ready. */
    public boolean readyOn(String frame) {
        return false;
    }
}
