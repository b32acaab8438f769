package dev.switchboard.server.proxy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import dev.switchboard.server.http.Transports;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A proxy on a free loopback port in front of test upstreams, with a {@link TestResolver}. */
final class ProxyFixture implements AutoCloseable {

    final TestResolver resolver = new TestResolver();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EventLoopGroup boss = Transports.group(1, "test-proxy-accept");
    final EventLoopGroup workers = Transports.group(2, "test-proxy-io");
    final ProxyServer proxy;

    ProxyFixture(ProxySettings settings) throws InterruptedException {
        proxy = ProxyServer.bind("127.0.0.1", 0, resolver, settings, registry, boss, workers);
    }

    ProxyFixture() throws InterruptedException {
        this(new ProxySettings(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1), 8));
    }

    int port() {
        return proxy.port();
    }

    double count(String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A simulated client: its own cookie jar and user-agent, HTTP/1.1 keep-alive. */
    SimulatedClient client(String userAgent) {
        return new SimulatedClient(port(), userAgent);
    }

    @Override
    public void close() {
        proxy.close();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
