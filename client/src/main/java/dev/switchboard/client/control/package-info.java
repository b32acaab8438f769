/**
 * The control socket, client side.
 *
 * <ul>
 *   <li>{@link dev.switchboard.client.control.ControlClient}: the API (generic and typed calls), over
 *   {@code ControlPool} (min/max connections, least-busy picking, idle eviction, health pings, reconnect with
 *   backoff) and {@code ControlConnection} (one Unix socket, pipelined calls, id correlation, timeouts).</li>
 *   <li>{@link dev.switchboard.client.control.ControlClientOptions}: configuration, with {@code DEFAULT}.</li>
 *   <li>Wire code, apart from the rest: {@code ControlCodec} with {@code JsonRpcCodec} (NDJSON) and
 *   {@code BinaryCodec} (16-byte header; layout constants in {@link dev.switchboard.client.control.ControlWire},
 *   shared with the daemon).</li>
 *   <li>{@link dev.switchboard.client.control.ControlSocketPath}: the one resolver of the socket path, used
 *   by the daemon, the CLI and this client.</li>
 *   <li>Failures: {@link dev.switchboard.client.control.ControlException} and its subclasses.</li>
 * </ul>
 */
package dev.switchboard.client.control;
