package dev.switchboard.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouteCookieTest {

    @Test
    void readsClientAndUpstreamAmongOtherCookies() {
        assertThat(RouteCookie.parse("theme=dark; sb-route=c-abc23.u-xy9z; other=1"))
                .isEqualTo(new RouteCookie("c-abc23", "u-xy9z"));
        assertThat(RouteCookie.parse("sb-route=c-abc23")).isEqualTo(new RouteCookie("c-abc23", null));
        assertThat(RouteCookie.parse("sb-route=\"c-abc23.u-1\"")).isEqualTo(new RouteCookie("c-abc23", "u-1"));
        assertThat(RouteCookie.parse(" sb-route = c-1.u-2 ")).isEqualTo(new RouteCookie("c-1", "u-2"));
    }

    @Test
    void ignoresGarbageAndLookAlikes() {
        assertThat(RouteCookie.parse(null)).isNull();
        assertThat(RouteCookie.parse("")).isNull();
        assertThat(RouteCookie.parse("my-sb-route=c-1.u-2")).isNull();
        assertThat(RouteCookie.parse("sb-route=")).isNull();
        assertThat(RouteCookie.parse("sb-route=.u-2")).isNull();
        assertThat(RouteCookie.parse("sb-route=c-1.")).isNull();
        assertThat(RouteCookie.parse("sb-route=c-1.u-2.u-3")).isNull();
        assertThat(RouteCookie.parse("sb-route=<script>alert(1)</script>")).isNull();
        assertThat(RouteCookie.parse("sb-route=c-1\r\nSet-Cookie: x")).isNull();
        assertThat(RouteCookie.parse("sb-route=" + "a".repeat(65))).isNull();
        assertThat(RouteCookie.parse("sb-route=c-1;" + "x".repeat(20_000))).isNull();
    }

    @Test
    void theFirstValidOfSeveralWins() {
        assertThat(RouteCookie.parse("sb-route=%%%; sb-route=c-2.u-2; sb-route=c-3.u-3"))
                .isEqualTo(new RouteCookie("c-2", "u-2"));
    }

    @Test
    void writesTheContractAttributes() {
        assertThat(RouteCookie.setCookie("c-abc", "u-1", Duration.ofHours(1)))
                .isEqualTo("sb-route=c-abc.u-1; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax");
        assertThat(RouteCookie.setCookie("c-abc", null, Duration.ofMinutes(5)))
                .isEqualTo("sb-route=c-abc; Path=/; Max-Age=300; HttpOnly; SameSite=Lax");
        // What we write we can read back; what we could not read back we do not write.
        String written = RouteCookie.setCookie("c-abc", "u-1", Duration.ofHours(1));
        assertThat(RouteCookie.parse(written.substring(0, written.indexOf(';'))))
                .isEqualTo(new RouteCookie("c-abc", "u-1"));
        assertThat(RouteCookie.setCookie("c abc", "u-1", Duration.ofHours(1))).isNull();
        assertThat(RouteCookie.setCookie("c-abc", "u.1", Duration.ofHours(1))).isNull();
    }
}
