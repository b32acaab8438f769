/**
 * The dev routing proxy's domain: registered upstreams, how a client is identified, the resolution chain
 * that picks its upstream ({@link dev.switchboard.core.routing.RouteResolver}), operator cables, and the
 * TTL- and size-bounded maps behind them. Transport-free: the Netty proxy asks, this package decides.
 */
package dev.switchboard.core.routing;
