package dev.switchboard.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Netty's aggregator, answering an oversized request like every other refusal: a JSON error body that says
 * what the limit is. A keep-alive connection stays open while the aggregator discards the rest of the body
 * (closing with unread bytes would reset the connection and lose the answer); others are closed.
 */
final class JsonHttpObjectAggregator extends HttpObjectAggregator {

    private final HttpResponses responses;

    JsonHttpObjectAggregator(int maxContentLength, HttpResponses responses) {
        super(maxContentLength);
        this.responses = responses;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpRequest request = oversized instanceof HttpRequest r ? r : null;
        responses.error(ctx, request, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request_too_large",
                "the request body is larger than http.maxRequestSize (" + maxContentLength() + " bytes)");
    }
}
