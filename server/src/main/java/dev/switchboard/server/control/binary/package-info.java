/**
 * The binary control protocol: 16-byte big-endian header frames (DESIGN.md, docs/control-protocol.md) with JSON or
 * raw payloads. {@link dev.switchboard.server.control.binary.BinaryFrameDecoder} cuts frames,
 * {@link dev.switchboard.server.control.binary.BinaryRequest} reads a payload,
 * {@link dev.switchboard.server.control.binary.BinaryRequestHandler} runs it and
 * {@link dev.switchboard.server.control.binary.BinaryFrameEncoder} writes the reply frame. The layout constants are
 * shared with the client in {@code ControlWire}.
 */
package dev.switchboard.server.control.binary;
