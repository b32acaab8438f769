package dev.switchboard.server.control;

import dev.switchboard.server.http.Transports;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * The Unix domain socket channel for the node's event loops: native epoll when the node runs on epoll, else
 * the JDK's own Unix domain sockets through Netty's NIO transport. It must match the event loop group, which
 * {@link Transports} picks once per process.
 */
enum ControlTransport {
    EPOLL {
        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EpollServerDomainSocketChannel.class;
        }

        @Override
        SocketAddress address(Path path) {
            return new DomainSocketAddress(path.toString());
        }
    },
    NIO {
        @Override
        Class<? extends ServerChannel> serverChannel() {
            return NioServerDomainSocketChannel.class;
        }

        @Override
        SocketAddress address(Path path) {
            return UnixDomainSocketAddress.of(path);
        }
    };

    abstract Class<? extends ServerChannel> serverChannel();

    abstract SocketAddress address(Path path);

    /** The one that matches {@link Transports#group}. */
    static ControlTransport current() {
        return Transports.name().equals("epoll") ? EPOLL : NIO;
    }
}
