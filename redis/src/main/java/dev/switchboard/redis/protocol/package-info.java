/**
 * The wire format between nodes, kept apart from the SPI implementations: {@link
 * dev.switchboard.redis.protocol.FrameCodec} encodes the frames nodes exchange over Redis pub/sub
 * (envelopes, delivery acks, evictions) and {@link dev.switchboard.redis.protocol.PresenceCodec} the presence
 * values stored under each device key; {@link dev.switchboard.redis.protocol.Scripts} holds the Lua that makes
 * each presence change one atomic step. No Lettuce types here beyond the script runner.
 */
package dev.switchboard.redis.protocol;
