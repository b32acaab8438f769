package dev.switchboard.server.control.binary;

import io.netty.buffer.ByteBuf;

/**
 * One request frame as read off the wire: the header fields and the payload (a retained slice the receiver
 * must release).
 */
public record BinaryFrame(int requestId, int flags, ByteBuf payload) {

    public boolean raw() {
        return (flags & dev.switchboard.client.control.ControlWire.FLAG_RAW) != 0;
    }
}
