package dev.switchboard.server.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** What an upstream connection tells the exchange currently using it. All calls on the connection's loop. */
interface UpstreamListener {

    void responseHead(HttpResponse response);

    /** Takes ownership of {@code content}. */
    void responseContent(HttpContent content);

    void upstreamReadComplete();

    void upstreamWritabilityChanged();

    /** The connection closed or failed; {@code cause} is null for a plain close. */
    void upstreamClosed(Throwable cause);
}
