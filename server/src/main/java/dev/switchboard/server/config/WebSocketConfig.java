package dev.switchboard.server.config;

import dev.switchboard.core.hub.DuplicatePolicy;
import java.time.Duration;

/**
 * Device WebSocket endpoint: where it listens, how lines are kept alive and how much each may buffer.
 *
 * @param path               endpoint path, starting with "/"
 * @param pingInterval       how often the server pings an otherwise quiet line
 * @param idleTimeout        close a line when nothing was heard for this long; longer than pingInterval
 * @param writeTimeout       close a line whose write has not completed within this time
 * @param maxMessageSize     largest inbound frame or message, 1 byte..64MiB (larger closes with 1009)
 * @param writeBufferLow     outbound bytes below which a paused line becomes writable again
 * @param writeBufferHigh    outbound bytes above which a line stops being writable; above writeBufferLow
 * @param maxOutboundBuffer  outbound bytes at which a slow line is cut off; at least writeBufferHigh
 * @param duplicatePolicy    what happens when a device id connects twice
 * @param maxChannelsPerLine channel subscriptions one line may hold, 1..10000
 * @param handshakeTimeout   how long a connection on the gateway port may stay quiet before its upgrade
 *                           (or while idle between HTTP API requests) before it is closed
 */
public record WebSocketConfig(String path, Duration pingInterval, Duration idleTimeout, Duration writeTimeout,
                              long maxMessageSize, long writeBufferLow, long writeBufferHigh,
                              long maxOutboundBuffer, DuplicatePolicy duplicatePolicy, int maxChannelsPerLine,
                              Duration handshakeTimeout) {

    private static final long KIB = 1024;
    private static final long MAX_BUFFER = KIB * KIB * KIB;
    /** Frame header plus the {"type":"message","seq":…,"data":…} envelope around a message's data. */
    static final long MAX_FRAME_OVERHEAD = 64;

    public static final WebSocketConfig DEFAULT = new WebSocketConfig("/ws", Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(10), 512 * KIB, 32 * KIB, 64 * KIB, 1024 * KIB,
            DuplicatePolicy.REJECT, 64, Duration.ofSeconds(10));

    public WebSocketConfig {
        Checks.urlPath("path", path);
        Checks.positive("pingInterval", pingInterval);
        Checks.positive("idleTimeout", idleTimeout);
        if (idleTimeout.compareTo(pingInterval) <= 0) {
            // Otherwise a healthy line that answers every ping would still be closed as idle.
            throw ConfigException.invalid("idleTimeout", idleTimeout,
                    "must be longer than pingInterval (" + DurationParser.format(pingInterval) + ")");
        }
        Checks.positive("writeTimeout", writeTimeout);
        Checks.size("maxMessageSize", maxMessageSize, 1, 64 * KIB * KIB);
        // Netty's water marks are ints; a gigabyte per line is already far past any sane setting.
        Checks.size("writeBufferLow", writeBufferLow, 1, MAX_BUFFER);
        Checks.size("writeBufferHigh", writeBufferHigh, 2, MAX_BUFFER);
        Checks.size("maxOutboundBuffer", maxOutboundBuffer, 2, MAX_BUFFER);
        if (writeBufferHigh <= writeBufferLow) {
            throw ConfigException.invalid("writeBufferHigh", writeBufferHigh,
                    "must be larger than writeBufferLow (" + SizeParser.format(writeBufferLow) + ")");
        }
        if (maxOutboundBuffer < writeBufferHigh) {
            throw ConfigException.invalid("maxOutboundBuffer", maxOutboundBuffer,
                    "must be at least writeBufferHigh (" + SizeParser.format(writeBufferHigh) + ")");
        }
        if (maxOutboundBuffer < maxMessageSize + MAX_FRAME_OVERHEAD) {
            // Otherwise one message of the allowed size would cut off every line it is sent to.
            throw ConfigException.invalid("maxOutboundBuffer", maxOutboundBuffer,
                    "must hold at least one message of maxMessageSize (" + SizeParser.format(maxMessageSize)
                            + ") plus " + MAX_FRAME_OVERHEAD + " bytes of framing");
        }
        Checks.set("duplicatePolicy", duplicatePolicy);
        Checks.between("maxChannelsPerLine", maxChannelsPerLine, 1, 10_000, "1 and 10000");
        Checks.positive("handshakeTimeout", handshakeTimeout);
    }
}
