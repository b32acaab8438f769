/**
 * The device WebSocket door ({@code GET /ws}): authentication and device admission before the upgrade,
 * the {@link dev.switchboard.server.ws.WebSocketLine} that implements the hub's line, heartbeat, slow
 * consumer protection, and the client message protocol (docs/protocol.md).
 */
package dev.switchboard.server.ws;
