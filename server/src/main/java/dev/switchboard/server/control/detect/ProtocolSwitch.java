package dev.switchboard.server.control.detect;

import io.netty.channel.ChannelPipeline;

/** What the detector hands the connection over to once it knows the protocol. */
public interface ProtocolSwitch {

    /**
     * Adds the protocol's handlers at the end of the pipeline. The detector removes itself right after, and
     * the bytes it looked at go to the first handler added here.
     */
    void install(ChannelPipeline pipeline, ControlProtocol protocol);

    /** The connection was refused before a protocol was known (reason: unrecognised, silence, ...). */
    default void rejected(ChannelPipeline pipeline, String reason) {
    }
}
