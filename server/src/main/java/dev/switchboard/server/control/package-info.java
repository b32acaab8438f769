/**
 * The control socket, daemon side: {@link dev.switchboard.server.control.ControlServer} binds the Unix socket (and the
 * optional loopback TCP listener), owns the socket file and counts connections; each connection's protocol is
 * detected in {@code detect}, spoken in {@code jsonrpc} or {@code binary}, and every call goes to the methods in
 * {@code method}. See docs/control-protocol.md.
 */
package dev.switchboard.server.control;
