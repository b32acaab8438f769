/**
 * The WebSocket load generator: many lines on Netty from one process ({@link dev.switchboard.bench.ws.WsClients}),
 * an HTTP publisher, messages stamped with the publisher's {@code nanoTime} ({@link dev.switchboard.bench.ws.Stamp})
 * so latency is measured end to end into HdrHistogram, and per-server adapters ({@link dev.switchboard.bench.ws.Target})
 * so Switchboard and its peers are driven the same way.
 */
package dev.switchboard.bench.ws;
