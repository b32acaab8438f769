package dev.switchboard.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client side of the proxy in an {@link EmbeddedChannel}: our own answers, cookies, pipelining, garbage. */
class ProxyFrontendHandlerTest {

    private final TestResolver resolver = new TestResolver();
    private final ProxySettings settings = new ProxySettings(Duration.ofSeconds(1), Duration.ofMinutes(1),
            Duration.ofMinutes(30), 4);

    private EmbeddedChannel channel() {
        return channel(settings);
    }

    private EmbeddedChannel channel(ProxySettings settings) {
        EmbeddedChannel channel = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 50123);
            }
        };
        channel.pipeline().addLast(ProxyInitializer.CODEC, ProxyInitializer.serverCodec());
        channel.pipeline().addLast(ProxyInitializer.FLOW, new FlowControlHandler());
        channel.pipeline().addLast(ProxyFrontendHandler.NAME, new ProxyFrontendHandler(resolver,
                new UpstreamConnector(settings, ProxyServer.WATER_MARK), new TunnelRegistry(), settings,
                new ProxyMeters(new SimpleMeterRegistry(), () -> 0)));
        return channel;
    }

    /** Decodes what the proxy wrote back, as a client would. */
    private static FullHttpResponse[] responses(EmbeddedChannel proxy, int count) {
        EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
        client.writeOutbound(Unpooled.EMPTY_BUFFER);
        for (int i = 0; i < count; i++) {
            // The client codec pairs responses with requests; tell it what was asked.
            client.writeOutbound(new io.netty.handler.codec.http.DefaultFullHttpRequest(
                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.GET, "/"));
        }
        client.outboundMessages().forEach(io.netty.util.ReferenceCountUtil::release);
        client.outboundMessages().clear();
        for (ByteBuf out = proxy.readOutbound(); out != null; out = proxy.readOutbound()) {
            client.writeInbound(out);
        }
        FullHttpResponse[] responses = new FullHttpResponse[count];
        for (int i = 0; i < count; i++) {
            responses[i] = client.readInbound();
        }
        return responses;
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void noUpstreamIs503WithANewClientCookieAndKeepAlive() {
        EmbeddedChannel proxy = channel();
        proxy.writeInbound(text("GET /?app=shop HTTP/1.1\r\nHost: x\r\nUser-Agent: Shop/1\r\n\r\n"));
        FullHttpResponse response = responses(proxy, 1)[0];
        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("no live upstream for app 'shop'");
        assertThat(response.headers().get("set-cookie"))
                .isEqualTo("sb-route=c-1; Path=/; Max-Age=1800; HttpOnly; SameSite=Lax");
        assertThat(response.headers().contains("x-switchboard-route")).isFalse();
        assertThat(proxy.isOpen()).isTrue();
        assertThat(resolver.requests.get(0).remotePort()).isEqualTo(50123);
        assertThat(resolver.requests.get(0).remoteHost()).isEqualTo("127.0.0.1");
        assertThat(resolver.requests.get(0).header("user-agent")).isEqualTo("Shop/1");
        assertThat(resolver.requests.get(0).upgrade()).isFalse();
        response.release();
    }

    @Test
    void anIdleSignalClosesTheConnectionOnlyOnceNoExchangeHasEndedForTheIdleTimeout() throws InterruptedException {
        EmbeddedChannel recent = channel();
        recent.writeInbound(text("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        responses(recent, 1)[0].release();
        recent.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(recent.isOpen()).as("an exchange ended well within the 1 min timeout").isTrue();

        EmbeddedChannel idle = channel(new ProxySettings(Duration.ofSeconds(1), Duration.ofMillis(1),
                Duration.ofMinutes(30), 4));
        idle.writeInbound(text("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        responses(idle, 1)[0].release();
        Thread.sleep(20);
        idle.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(idle.isOpen()).isFalse();
    }

    @Test
    void aValidCookieIsPassedOnAndAGarbageOneIsNot() {
        EmbeddedChannel proxy = channel();
        proxy.writeInbound(text("GET / HTTP/1.1\r\nHost: x\r\nCookie: a=b; sb-route=c-7.u-9\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: x\r\nCookie: sb-route=c-7;u-9\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: x\r\nCookie: sb-route=c/7.u-9\r\n\r\n"));
        FullHttpResponse[] responses = responses(proxy, 3);
        assertThat(resolver.requests).hasSize(3);
        assertThat(resolver.requests.get(0).cookieClientId()).isEqualTo("c-7");
        assertThat(resolver.requests.get(0).cookieUpstreamId()).isEqualTo("u-9");
        assertThat(resolver.requests.get(1).cookieClientId()).isEqualTo("c-7");
        assertThat(resolver.requests.get(1).cookieUpstreamId()).isNull();
        assertThat(resolver.requests.get(2).cookieClientId()).isNull();
        assertThat(responses[0].headers().get("set-cookie")).startsWith("sb-route=c-7;");
        for (FullHttpResponse response : responses) {
            response.release();
        }
    }

    @Test
    void pipelinedRequestsWithBodiesAreAnsweredInOrderAndTheBodiesDropped() {
        EmbeddedChannel proxy = channel();
        proxy.writeInbound(text("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody"
                + "POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "GET /c?app=third HTTP/1.1\r\nHost: x\r\n\r\n"));
        FullHttpResponse[] responses = responses(proxy, 3);
        assertThat(responses).allSatisfy(r -> assertThat(r.status().code()).isEqualTo(503));
        assertThat(responses[2].content().toString(StandardCharsets.UTF_8)).contains("'third'");
        for (FullHttpResponse response : responses) {
            response.release();
        }
    }

    @Test
    void aWebSocketUpgradeWithNoUpstreamIsRefusedAndClosed() {
        EmbeddedChannel proxy = channel();
        proxy.writeInbound(text("GET /hot HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
        FullHttpResponse response = responses(proxy, 1)[0];
        assertThat(response.status().code()).isEqualTo(503);
        assertThat(response.headers().get("connection")).isEqualTo("close");
        assertThat(resolver.requests.get(0).upgrade()).isTrue();
        assertThat(proxy.isOpen()).isFalse();
        response.release();
    }

    @Test
    void aMalformedRequestIs400AndCloses() {
        EmbeddedChannel proxy = channel();
        proxy.writeInbound(text("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"));
        FullHttpResponse response = responses(proxy, 1)[0];
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(resolver.requests).isEmpty();
        assertThat(proxy.isOpen()).isFalse();
        response.release();
    }

    @Test
    void oversizedHeadersAre431AndAnOversizedRequestLineIs414() {
        EmbeddedChannel headers = channel();
        headers.writeInbound(text("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70 * 1024) + "\r\n\r\n"));
        FullHttpResponse tooBig = responses(headers, 1)[0];
        assertThat(tooBig.status().code()).isEqualTo(431);
        assertThat(headers.isOpen()).isFalse();
        tooBig.release();

        EmbeddedChannel line = channel();
        line.writeInbound(text("GET /" + "a".repeat(20 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        FullHttpResponse tooLong = responses(line, 1)[0];
        assertThat(tooLong.status().code()).isEqualTo(414);
        tooLong.release();
        assertThat(resolver.requests).isEmpty();
    }
}
