/**
 * The routing domain's I/O: the {@code upstreams.json} file, the TCP liveness prober and the node's routing
 * thread ({@code sb-routing}: probes, and the 30-second sweep of the resolver's maps). The decisions are in
 * {@code dev.switchboard.core.routing}; the Netty proxy is in {@code dev.switchboard.server.proxy}.
 */
package dev.switchboard.server.routing;
