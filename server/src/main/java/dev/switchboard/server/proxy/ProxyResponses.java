package dev.switchboard.server.proxy;

import dev.switchboard.core.routing.Upstream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The answers the proxy gives itself. Each is short plain text saying what happened, naming the upstream,
 * and what to do, because the reader is a developer looking at a simulator or a browser tab.
 */
final class ProxyResponses {

    private ProxyResponses() {
    }

    static FullHttpResponse badGateway(ByteBufAllocator alloc, Upstream upstream, String what) {
        return text(alloc, HttpResponseStatus.BAD_GATEWAY, "502 Bad Gateway: upstream " + describe(upstream) + " "
                + what + ".\nIs the dev server running? Restart it (it registers again), or route this client "
                + "elsewhere with `switchboard cable connect <client> <upstream>`.\n");
    }

    static FullHttpResponse noUpstream(ByteBufAllocator alloc, String app) {
        return text(alloc, HttpResponseStatus.SERVICE_UNAVAILABLE, "503 Service Unavailable: no live upstream"
                + (app == null ? "" : " for app '" + app + "'") + ".\nStart a dev server and register it "
                + "(`switchboard call upstream.register '{\"port\":N}'`); `switchboard upstreams` lists them.\n");
    }

    static FullHttpResponse gatewayTimeout(ByteBufAllocator alloc, Upstream upstream, Duration timeout) {
        return text(alloc, HttpResponseStatus.GATEWAY_TIMEOUT, "504 Gateway Timeout: upstream "
                + describe(upstream) + " did not answer within " + timeout.toMillis() + " ms.\nIs it stuck (a "
                + "breakpoint, a long build)? Retry when it is ready, or raise proxy.upstreamTimeout.\n");
    }

    /** A request the decoder could not read: 431 or 414 when it was too big, else 400; the connection closes. */
    static FullHttpResponse unparseable(ByteBufAllocator alloc, Throwable cause) {
        FullHttpResponse response;
        if (cause instanceof TooLongHttpHeaderException) {
            response = text(alloc, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "431 Request Header Fields Too Large: the proxy reads at most 64 KiB of headers.\n");
        } else if (cause instanceof TooLongHttpLineException) {
            response = text(alloc, HttpResponseStatus.REQUEST_URI_TOO_LONG,
                    "414 URI Too Long: the proxy reads request lines of at most 16 KiB.\n");
        } else {
            response = text(alloc, HttpResponseStatus.BAD_REQUEST, "400 Bad Request: malformed HTTP request.\n");
        }
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    static String describe(Upstream upstream) {
        String name = upstream.name() != null ? upstream.name() : upstream.bundleId();
        return upstream.id() + (name == null ? "" : " (" + name + ")") + " at " + upstream.address();
    }

    private static FullHttpResponse text(ByteBufAllocator alloc, HttpResponseStatus status, String body) {
        ByteBuf content = alloc.buffer();
        content.writeCharSequence(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** A failure's cause in a few words for the 502 body and the log. */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "no cause";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
