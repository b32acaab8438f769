package dev.switchboard.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {

    private static HttpRequest request(HttpVersion version, HttpMethod method, String... headers) {
        HttpRequest request = new DefaultHttpRequest(version, method, "/path?app=x");
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return request;
    }

    private static HttpResponse response(int status, String... headers) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        for (int i = 0; i < headers.length; i += 2) {
            response.headers().add(headers[i], headers[i + 1]);
        }
        return response;
    }

    @Test
    void hopByHopHeadersAndTheOnesConnectionNamesAreDropped() {
        HttpRequest in = request(HttpVersion.HTTP_1_1, HttpMethod.GET, "Host", "dev.local", "Connection",
                "keep-alive, X-Private, Upgrade", "X-Private", "1", "Keep-Alive", "timeout=5", "TE", "trailers",
                "Trailer", "X-T", "Proxy-Authorization", "Basic x", "Proxy-Connection", "keep-alive",
                "Upgrade", "h2c", "Accept", "*/*");
        HttpRequest out = ProxyHeaders.upstreamRequest(in, "127.0.0.1", false);
        assertThat(out.headers().names()).containsExactlyInAnyOrder("Host", "Accept", "x-forwarded-for",
                "x-forwarded-proto", "x-forwarded-host");
        assertThat(out.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(out.uri()).isEqualTo("/path?app=x");
    }

    @Test
    void connectionCannotStripTheBodysLengthOrHost() {
        HttpRequest in = request(HttpVersion.HTTP_1_1, HttpMethod.POST, "Host", "h", "Connection",
                "Content-Length, Host", "Content-Length", "5");
        HttpRequest out = ProxyHeaders.upstreamRequest(in, "127.0.0.1", false);
        assertThat(out.headers().get("content-length")).isEqualTo("5");
        assertThat(out.headers().get("host")).isEqualTo("h");
    }

    @Test
    void forwardedHeadersAppendToAChainAndKeepTheFirstProxysProtoAndHost() {
        HttpRequest in = request(HttpVersion.HTTP_1_1, HttpMethod.GET, "Host", "inner:8081",
                "X-Forwarded-For", "10.0.0.1", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "app.example");
        HttpRequest out = ProxyHeaders.upstreamRequest(in, "192.168.1.7", false);
        assertThat(out.headers().get("x-forwarded-for")).isEqualTo("10.0.0.1, 192.168.1.7");
        assertThat(out.headers().get("x-forwarded-proto")).isEqualTo("https");
        assertThat(out.headers().get("x-forwarded-host")).isEqualTo("app.example");
        assertThat(out.headers().get("host")).isEqualTo("inner:8081");
    }

    @Test
    void aChunkedRequestStaysChunkedUpstream() {
        HttpRequest in = request(HttpVersion.HTTP_1_1, HttpMethod.POST, "Transfer-Encoding", "chunked");
        HttpRequest out = ProxyHeaders.upstreamRequest(in, "127.0.0.1", false);
        assertThat(out.headers().get("transfer-encoding")).isEqualTo("chunked");
        assertThat(out.headers().contains("content-length")).isFalse();
    }

    @Test
    void aWebSocketUpgradeKeepsItsUpgradeHeaders() {
        HttpRequest in = request(HttpVersion.HTTP_1_1, HttpMethod.GET, "Connection", "keep-alive, Upgrade",
                "Upgrade", "websocket", "Sec-WebSocket-Key", "abc", "Sec-WebSocket-Version", "13");
        assertThat(ProxyHeaders.isWebSocketUpgrade(in)).isTrue();
        HttpRequest out = ProxyHeaders.upstreamRequest(in, "127.0.0.1", true);
        assertThat(out.headers().get("connection")).isEqualTo("upgrade");
        assertThat(out.headers().get("upgrade")).isEqualTo("websocket");
        assertThat(out.headers().get("sec-websocket-key")).isEqualTo("abc");
        assertThat(ProxyHeaders.isWebSocketUpgrade(request(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "Connection", "Upgrade", "Upgrade", "h2c"))).isFalse();
        assertThat(ProxyHeaders.isWebSocketUpgrade(request(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "Upgrade", "websocket"))).isFalse();
    }

    @Test
    void aResponseWithoutLengthGoesChunkedToHttp11AndCloseDelimitedToHttp10() {
        HttpRequest modern = request(HttpVersion.HTTP_1_1, HttpMethod.GET);
        HttpResponse upstream = response(200, "Transfer-Encoding", "chunked", "Connection", "keep-alive",
                "Keep-Alive", "timeout=5", "Content-Type", "text/event-stream");
        assertThat(ProxyHeaders.keepsAlive(upstream, modern, true)).isTrue();
        HttpResponse out = ProxyHeaders.clientResponse(upstream, modern, true);
        assertThat(out.headers().get("transfer-encoding")).isEqualTo("chunked");
        assertThat(out.headers().contains("keep-alive")).isFalse();
        assertThat(out.headers().contains("connection")).isFalse();
        assertThat(out.headers().get("content-type")).isEqualTo("text/event-stream");

        HttpRequest old = request(HttpVersion.HTTP_1_0, HttpMethod.GET, "Connection", "keep-alive");
        assertThat(ProxyHeaders.keepsAlive(upstream, old, true)).isFalse();
        HttpResponse toOld = ProxyHeaders.clientResponse(upstream, old, false);
        assertThat(toOld.headers().contains("transfer-encoding")).isFalse();
        assertThat(toOld.headers().get("connection")).isEqualTo("close");

        HttpResponse sized = response(200, "Content-Length", "3");
        assertThat(ProxyHeaders.keepsAlive(sized, old, true)).isTrue();
        assertThat(ProxyHeaders.clientResponse(sized, old, true).headers().get("connection")).isEqualTo("keep-alive");
    }

    @Test
    void bodilessResponsesGetNoFraming() {
        HttpRequest get = request(HttpVersion.HTTP_1_1, HttpMethod.GET);
        HttpRequest head = request(HttpVersion.HTTP_1_1, HttpMethod.HEAD);
        assertThat(ProxyHeaders.clientResponse(response(204), get, true).headers().contains("transfer-encoding")).isFalse();
        assertThat(ProxyHeaders.clientResponse(response(304), get, true).headers().contains("transfer-encoding")).isFalse();
        HttpResponse headAnswer = ProxyHeaders.clientResponse(response(200, "Content-Length", "99"), head, true);
        assertThat(headAnswer.headers().get("content-length")).isEqualTo("99");
        assertThat(ProxyHeaders.clientResponse(response(200), head, true).headers().contains("transfer-encoding")).isFalse();
    }

    @Test
    void switchingProtocolsKeepsUpgradeForTheClient() {
        HttpRequest upgrade = request(HttpVersion.HTTP_1_1, HttpMethod.GET);
        HttpResponse out = ProxyHeaders.clientResponse(response(101, "Connection", "Upgrade", "Upgrade", "websocket",
                "Sec-WebSocket-Accept", "xyz"), upgrade, true);
        assertThat(out.headers().get("connection")).isEqualTo("upgrade");
        assertThat(out.headers().get("upgrade")).isEqualTo("websocket");
        assertThat(out.headers().get("sec-websocket-accept")).isEqualTo("xyz");
    }

    @Test
    void theRoutingViewHasLowerCaseNamesAndFirstValues() {
        HttpRequest in = request(HttpVersion.HTTP_1_1, HttpMethod.GET, "User-Agent", "Expo/1", "X-A", "1", "x-a", "2");
        assertThat(ProxyHeaders.routingView(in.headers())).containsEntry("user-agent", "Expo/1").containsEntry("x-a", "1");
    }

    @Test
    void theNarrowRoutingViewHoldsOnlyTheNamedHeadersWhateverTheirCase() {
        HttpRequest in = request(HttpVersion.HTTP_1_1, HttpMethod.GET, "User-Agent", "Expo/1", "X-Device", "d1",
                "x-device", "d2", "Cookie", "a=b", "Accept", "*/*");
        assertThat(ProxyHeaders.routingView(in.headers(), List.of("user-agent", "x-device", "eas-client-id")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("user-agent", "Expo/1", "x-device", "d1"));
        assertThat(ProxyHeaders.routingView(in.headers(), List.of())).containsKeys("cookie", "accept", "user-agent");
    }

    /** What a message and its content look like on the wire after our rewrite, through Netty's encoder. */
    private static String wire(ChannelHandler encoder, Object... messages) {
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        for (Object message : messages) {
            channel.writeOutbound(message);
        }
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        channel.finishAndReleaseAll();
        return out.toString();
    }

    private static HttpContent chunk(String text) {
        return new DefaultHttpContent(
                Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    @Test
    void onTheWireAChunkedUploadGoesUpChunkedWithoutTheClientsHopHeaders() {
        HttpRequest in = request(HttpVersion.HTTP_1_1, HttpMethod.POST, "Host", "dev.local", "Transfer-Encoding",
                "chunked", "Connection", "keep-alive, X-Hop", "X-Hop", "1");
        String wire = wire(new HttpRequestEncoder(),
                ProxyHeaders.upstreamRequest(in, "10.1.1.1", false), chunk("hello"),
                LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(wire).startsWith("POST /path?app=x HTTP/1.1\r\n")
                .contains("Host: dev.local\r\n").contains("transfer-encoding: chunked\r\n")
                .contains("x-forwarded-for: 10.1.1.1\r\n").doesNotContainIgnoringCase("x-hop")
                .doesNotContainIgnoringCase("connection:")
                .endsWith("\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void onTheWireACloseDelimitedBodyReachesAnHttp11ClientChunked() {
        HttpRequest get = request(HttpVersion.HTTP_1_1, HttpMethod.GET);
        HttpResponse upstream = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK);
        upstream.headers().add("Content-Type", "text/plain");
        String wire = wire(new HttpResponseEncoder(),
                ProxyHeaders.clientResponse(upstream, get, true), chunk("abc"), chunk("de"),
                LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n").contains("transfer-encoding: chunked\r\n")
                .endsWith("\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
    }
}
