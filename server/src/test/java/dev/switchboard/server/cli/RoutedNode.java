package dev.switchboard.server.cli;

import dev.switchboard.core.routing.RouteDecision;
import dev.switchboard.core.routing.RouteRequest;
import dev.switchboard.server.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real node with its real routing methods, plus dev servers that answer the liveness probe (loopback
 * sockets that accept) and clients that make themselves known the way the proxy does for every request:
 * by asking the node's route resolver.
 */
final class RoutedNode implements AutoCloseable {

    final TestGateway gateway;
    private final List<ServerSocket> devServers = new ArrayList<>();

    RoutedNode(Path home) throws Exception {
        this.gateway = TestGateway.start(home, config -> config);
    }

    /** A listening loopback port, as a dev server's. */
    int devServer() {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            devServers.add(socket);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request of a client that names itself with X-Switchboard-Client and has the given user-agent. */
    RouteDecision request(String clientHeader, String userAgent) {
        return gateway.node.routeResolver().resolve(new RouteRequest(null, null,
                Map.of("x-switchboard-client", clientHeader, "user-agent", userAgent), "127.0.0.1", 50_000, false, null));
    }

    /** A later request of a client that carries its sb-route cookie. */
    RouteDecision requestWithCookie(RouteDecision earlier, String userAgent) {
        return gateway.node.routeResolver().resolve(new RouteRequest(earlier.clientId(),
                earlier.upstream() == null ? null : earlier.upstream().id(), Map.of("user-agent", userAgent),
                "127.0.0.1", 50_001, false, null));
    }

    /** Stops a dev server: its port refuses connections from now on. */
    void stopDevServer(int port) throws IOException {
        for (ServerSocket socket : devServers) {
            if (socket.getLocalPort() == port) {
                socket.close();
            }
        }
    }

    /** The proxy failed to connect to an upstream: it stops getting traffic at once. */
    void unreachable(String upstreamId) {
        gateway.node.routeResolver().upstreamUnreachable(upstreamId);
    }

    @Override
    public void close() {
        gateway.close();
        for (ServerSocket socket : devServers) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
