/**
 * The dev routing proxy's transport: the listener on the proxy port, the per-connection HTTP/1.1 relay to
 * the upstream the {@link dev.switchboard.core.routing.RouteResolver} picks (sticky {@code sb-route} cookie,
 * {@code X-Switchboard-Route} header, 502/503/504), the per-event-loop upstream connection pool, and the
 * raw byte tunnels WebSocket upgrades become. Which upstream a client goes to is decided in core; this
 * package only asks and moves bytes.
 */
package dev.switchboard.server.proxy;
