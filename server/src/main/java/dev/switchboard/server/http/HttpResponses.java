package dev.switchboard.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes HTTP responses. Every error body has the same shape: {@code {"error":code,"message":text}}. */
public final class HttpResponses {

    private final ObjectMapper json;

    public HttpResponses(ObjectMapper json) {
        this.json = json;
    }

    public void json(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, Object body) {
        json(ctx, request, status, body, Map.of());
    }

    /** As {@link #json(ChannelHandlerContext, HttpRequest, HttpResponseStatus, Object)}, with extra headers. */
    public void json(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, Object body,
                     Map<String, String> headers) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise response body", e);
        }
        send(ctx, request, status, bytes, "application/json", headers);
    }

    public void error(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String code,
                      String message) {
        json(ctx, request, status, errorBody(code, message));
    }

    public static Map<String, Object> errorBody(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return body;
    }

    public void text(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String text,
                     String contentType) {
        send(ctx, request, status, text.getBytes(StandardCharsets.UTF_8), contentType, Map.of());
    }

    private void send(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, byte[] body,
                      String contentType, Map<String, String> headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        headers.forEach(response.headers()::set);
        boolean keepAlive = request != null && HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
