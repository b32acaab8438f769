package dev.switchboard.server.cli.patchbay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchbayTextTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    /** A cable.list answer as the daemon's contract shapes it. */
    private static final String LIST = """
            {"clients":[
               {"key":"c-7f3a","identifier":"host.exp.Exponent","lastSeen":"2026-11-30T11:59:58Z","upstream":"u2","method":"cable"},
               {"key":"c-91bb","identifier":"host.exp.Exponent","lastSeen":"2026-11-30T11:55:00Z","upstream":"u1","method":"fallback"},
               {"key":"c-0001","identifier":null,"lastSeen":"2026-11-30T09:00:00+00:00","upstream":null,"method":null}],
             "upstreams":[
               {"id":"u1","host":"127.0.0.1","port":5173,"root":"/src/web","bundleId":"com.example.web","name":"web","live":true,"registeredAt":"2026-11-30T11:00:00Z"},
               {"id":"u2","host":"127.0.0.1","port":8082,"root":null,"bundleId":null,"name":"shop","live":true,"registeredAt":"2026-11-29T11:00:00Z"},
               {"id":"u3","host":"10.0.0.5","port":3000,"root":null,"bundleId":"com.example.admin","name":null,"live":false,"registeredAt":"bad"}],
             "cables":[
               {"client":"c-7f3a","upstream":"u2","pending":false,"createdAt":"2026-11-30T11:58:00Z"},
               {"client":"c-91bb","upstream":"u3","pending":false,"createdAt":"2026-11-30T11:50:00Z"},
               {"client":"com.example.web","upstream":"u1","pending":true,"createdAt":"2026-11-30T11:59:30Z"}],
             "somethingNewer":42}
            """;

    private static PatchbaySnapshot listing() throws Exception {
        return PatchbaySnapshot.fromJson(new ObjectMapper().readTree(LIST));
    }

    @Test
    void listsWhereEachClientsTrafficGoesAndWhyThenUpstreamsThenCables() throws Exception {
        assertThat(PatchbayText.lines(listing(), NOW)).containsExactly(
                "CLIENTS (3)",
                "  CLIENT  APP                LAST SEEN  TRAFFIC GOES TO           WHY",
                "  c-7f3a  host.exp.Exponent  2s ago     u2 shop (127.0.0.1:8082)  cable: operator cable",
                "  c-91bb  host.exp.Exponent  5m ago     u1 web (127.0.0.1:5173)   fallback: the configured default, else the newest live upstream; its cable to u3 is not followed (upstream dead)",
                "  c-0001  -                  3h ago     nowhere yet               no route yet: decided on its next request",
                "",
                "UPSTREAMS (3)",
                "  ID  NAME  BUNDLE ID          ADDRESS         STATE  ROOT      REGISTERED",
                "  u1  web   com.example.web    127.0.0.1:5173  live   /src/web  1h ago",
                "  u2  shop  -                  127.0.0.1:8082  live   -         1d ago",
                "  u3  -     com.example.admin  10.0.0.5:3000   DEAD   -         -",
                "",
                "CABLES (3)",
                "  CLIENT           UPSTREAM                                   KIND                                  SINCE",
                "  c-7f3a           u2 shop (127.0.0.1:8082)                   cable                                 2m ago",
                "  c-91bb           u3 com.example.admin (10.0.0.5:3000) DEAD  cable                                 10m ago",
                "  com.example.web  u1 web (127.0.0.1:5173)                    pending: next new client of this app  30s ago");
    }

    @Test
    void aCableJustPluggedIsFollowedFromTheNextRequest() throws Exception {
        PatchbaySnapshot listing = listing();
        PatchbaySnapshot justPlugged = new PatchbaySnapshot(listing.clients(), listing.upstreams(),
                List.of(new PatchbaySnapshot.Cable("c-7f3a", "u1", false, NOW)));
        assertThat(PatchbayText.why(justPlugged, justPlugged.clients().get(0)))
                .isEqualTo("cable: operator cable; cabled to u1: its next request goes there");
        PatchbaySnapshot gone = new PatchbaySnapshot(listing.clients(), listing.upstreams(),
                List.of(new PatchbaySnapshot.Cable("c-7f3a", "u-gone", false, NOW)));
        assertThat(PatchbayText.why(gone, gone.clients().get(0))).endsWith("its cable to u-gone is not followed (upstream unregistered)");
    }

    @Test
    void anEmptyPatchbaySaysWhatToDo() {
        assertThat(PatchbayText.lines(PatchbaySnapshot.EMPTY, NOW)).containsExactly(
                "CLIENTS (0)",
                "  none yet: clients appear on their first request through the proxy",
                "",
                "UPSTREAMS (0)",
                "  none registered (./switchboard upstreams register --port PORT)",
                "",
                "CABLES (0)",
                "  none: routing is learned (connect one with ./switchboard cable connect CLIENT UPSTREAM)");
    }

    @Test
    void parsesLenientlySoANewerOrOlderDaemonStillShows() throws Exception {
        PatchbaySnapshot listing = listing();
        assertThat(listing.clients()).extracting(PatchbaySnapshot.Client::lastSeen)
                .containsExactly(Instant.parse("2026-11-30T11:59:58Z"), Instant.parse("2026-11-30T11:55:00Z"),
                        Instant.parse("2026-11-30T09:00:00Z"));
        assertThat(listing.upstreams().get(2).registeredAt()).isNull();
        assertThat(listing.pendingCables()).extracting(PatchbaySnapshot.Cable::client).containsExactly("com.example.web");
        assertThat(PatchbaySnapshot.fromJson(new ObjectMapper().readTree("{}"))).isEqualTo(PatchbaySnapshot.EMPTY);
    }

    @Test
    void agesReadAtAGlance() {
        assertThat(PatchbayText.ago(NOW.minusSeconds(59), NOW)).isEqualTo("59s ago");
        assertThat(PatchbayText.ago(NOW.minusSeconds(60), NOW)).isEqualTo("1m ago");
        assertThat(PatchbayText.ago(NOW.minusSeconds(7200), NOW)).isEqualTo("2h ago");
        assertThat(PatchbayText.ago(NOW.plusSeconds(5), NOW)).isEqualTo("0s ago");
        assertThat(PatchbayText.ago(null, NOW)).isNull();
    }
}
