package dev.switchboard.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.routing.RouteDecision;
import dev.switchboard.core.routing.RouteMethod;
import dev.switchboard.core.routing.Upstream;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-connection cache of Set-Cookie and route header values never serves a previous route's value. */
class RouteHeadersWriterTest {

    private static final Upstream WEB = new Upstream("u-web", "127.0.0.1", 3000, null, null, "web", Instant.EPOCH);
    private static final Upstream ADMIN = new Upstream("u-admin", "127.0.0.1", 3001, null, null, "admin", Instant.EPOCH);

    private final RouteHeadersWriter writer = new RouteHeadersWriter(Duration.ofMinutes(5));

    private HttpResponse decorated(RouteDecision decision) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        writer.decorate(response, decision);
        return response;
    }

    @Test
    void everyChangeOfClientUpstreamOrMethodShowsInTheNextResponse() {
        HttpResponse first = decorated(new RouteDecision("c-1", "c-1", WEB, RouteMethod.FALLBACK, false));
        assertThat(first.headers().get("set-cookie"))
                .isEqualTo("sb-route=c-1.u-web; Path=/; Max-Age=300; HttpOnly; SameSite=Lax");
        assertThat(first.headers().get("x-switchboard-route")).isEqualTo("fallback u-web");

        HttpResponse same = decorated(new RouteDecision("c-1", "c-1", WEB, RouteMethod.COOKIE, false));
        assertThat(same.headers().get("set-cookie")).startsWith("sb-route=c-1.u-web;");
        assertThat(same.headers().get("x-switchboard-route")).isEqualTo("cookie u-web");

        HttpResponse recabled = decorated(new RouteDecision("c-1", "c-1", ADMIN, RouteMethod.CABLE, false));
        assertThat(recabled.headers().get("set-cookie")).startsWith("sb-route=c-1.u-admin;");
        assertThat(recabled.headers().get("x-switchboard-route")).isEqualTo("cable u-admin");

        HttpResponse unrouted = decorated(new RouteDecision("c-1", "c-1", null, null, false));
        assertThat(unrouted.headers().get("set-cookie")).startsWith("sb-route=c-1;");
        assertThat(unrouted.headers().contains("x-switchboard-route")).isFalse();

        HttpResponse other = decorated(new RouteDecision("c-2", "c-2", ADMIN, RouteMethod.CABLE, false));
        assertThat(other.headers().get("set-cookie")).startsWith("sb-route=c-2.u-admin;");
        assertThat(other.headers().get("x-switchboard-route")).isEqualTo("cable u-admin");
    }

    @Test
    void noDecisionAddsNothing() {
        assertThat(decorated(null).headers().isEmpty()).isTrue();
    }
}
