package dev.switchboard.server.control;

import dev.switchboard.server.control.detect.ControlProtocol;
import dev.switchboard.server.control.method.CallDispatcher;
import dev.switchboard.server.control.method.MethodRegistry;
import dev.switchboard.server.http.Transports;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket: one Unix domain socket (mode 0600) where each connection speaks JSON-RPC or the binary
 * protocol, detected from its first bytes, and optionally a loopback TCP port with the same protocols whose
 * first call must authenticate with the API key. Calls run on the connection's event loop.
 *
 * <p>Start-up: a live daemon already on the path → {@link ControlSocketInUseException}; a stale file (nobody
 * answers) → removed and taken over. {@link #close()} stops accepting, closes every connection and removes the
 * socket file. The event loops belong to the caller.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    /** Pipelining clients get this much outbound buffer before reading from them pauses. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final Path socketPath;
    private final ControlConnections connections;
    private final Channel unixChannel;
    private final Object socketIdentity;
    private final Channel tcpChannel;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControlServer(Path socketPath, ControlConnections connections, Channel unixChannel, Object socketIdentity,
                          Channel tcpChannel) {
        this.socketPath = socketPath;
        this.connections = connections;
        this.unixChannel = unixChannel;
        this.socketIdentity = socketIdentity;
        this.tcpChannel = tcpChannel;
    }

    /**
     * Binds the control socket (and the TCP listener when the settings turn it on).
     *
     * @param boss    accepts connections; the node's acceptor group
     * @param workers runs the connections and their calls; must be of {@link Transports}' kind
     * @throws ControlSocketInUseException when another daemon answers on the path
     */
    public static ControlServer start(Path socketPath, ControlSettings settings, MethodRegistry methods,
                                      MeterRegistry registry, EventLoopGroup boss, EventLoopGroup workers)
            throws IOException, InterruptedException {
        return start(socketPath, settings, methods, registry, boss, workers, ControlTransport.current());
    }

    static ControlServer start(Path socketPath, ControlSettings settings, MethodRegistry methods,
                               MeterRegistry registry, EventLoopGroup boss, EventLoopGroup workers,
                               ControlTransport transport) throws IOException, InterruptedException {
        Path path = socketPath.toAbsolutePath().normalize();
        ControlSocketFile.claim(path);
        CallDispatcher dispatcher = new CallDispatcher(methods, registry);
        ControlConnections connections = new ControlConnections(registry);
        Channel unix = bind(new ServerBootstrap().channel(transport.serverChannel()), boss, workers,
                new ControlInitializer(settings, dispatcher, connections, null), transport.address(path), path);
        Object identity;
        try {
            ControlSocketFile.restrict(path);
            identity = ControlSocketFile.identity(path);
        } catch (IOException | RuntimeException e) {
            unix.close().syncUninterruptibly();
            throw e;
        }
        Channel tcp = null;
        if (settings.tcpEnabled()) {
            try {
                tcp = bind(new ServerBootstrap().channel(Transports.serverChannel()), boss, workers,
                        new ControlInitializer(settings, dispatcher, connections, settings.apiKey()),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.tcpPort()), null);
            } catch (IOException | InterruptedException | RuntimeException e) {
                unix.close().syncUninterruptibly();
                ControlSocketFile.release(path, identity);
                throw e;
            }
        }
        ControlServer server = new ControlServer(path, connections, unix, identity, tcp);
        log.info("control socket listening on {} (JSON-RPC and binary, {}){}", path,
                transport.name().toLowerCase(java.util.Locale.ROOT),
                tcp == null ? "" : "; TCP control listener on " + tcp.localAddress() + " (first call: system.auth)");
        return server;
    }

    private static Channel bind(ServerBootstrap bootstrap, EventLoopGroup boss, EventLoopGroup workers,
                                ControlInitializer initializer, java.net.SocketAddress address, Path path)
            throws IOException, InterruptedException {
        ChannelFuture bound = bootstrap.group(boss, workers)
                .childHandler(initializer)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .bind(address)
                .await();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            // Two daemons starting at once: the other one bound between our probe and our bind.
            if (path != null && Files.exists(path)) {
                ControlSocketInUseException inUse = new ControlSocketInUseException(path);
                inUse.addSuppressed(cause);
                throw inUse;
            }
            throw new IOException("cannot listen on " + address + ": " + cause.getMessage(), cause);
        }
        return bound.channel();
    }

    public Path socketPath() {
        return socketPath;
    }

    /** The TCP listener's port, or -1 when it is off. */
    public int tcpPort() {
        return tcpChannel == null ? -1 : ((InetSocketAddress) tcpChannel.localAddress()).getPort();
    }

    /** Open control connections, on both listeners, detected or not; for the health report. */
    public int connectionCount() {
        return connections.count();
    }

    /** Open control connections that speak the given protocol. */
    public int connectionCount(ControlProtocol protocol) {
        return connections.count(protocol);
    }

    /** Stops accepting, closes every connection and removes the socket file. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        unixChannel.close().syncUninterruptibly();
        if (tcpChannel != null) {
            tcpChannel.close().syncUninterruptibly();
        }
        connections.closeAll();
        ControlSocketFile.release(socketPath, socketIdentity);
        log.info("control socket {} closed", socketPath);
    }
}
