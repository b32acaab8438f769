package dev.switchboard.core.routing;

import dev.switchboard.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ChainRouteResolverTest {

    private static final String SIM_UA = "MyApp/1 CFNetwork/1492.0.1 Darwin/23.3.0";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final UpstreamRegistry upstreams = new UpstreamRegistry(clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> remapped = new ArrayList<>();

    private ChainRouteResolver resolver(RoutingSettings settings) {
        ChainRouteResolver resolver = new ChainRouteResolver(upstreams, settings, clock, meters);
        resolver.onRemap(remapped::add);
        return resolver;
    }

    private ChainRouteResolver resolver() {
        return resolver(RoutingSettings.DEFAULT);
    }

    private Upstream register(int port, String bundleId, String name) {
        clock.advance(Duration.ofMillis(1));
        return upstreams.register(new UpstreamSpec(null, port, null, bundleId, name)).upstream();
    }

    private static RouteRequest http(String cookieId, String cookieUpstream, String ua, int port) {
        Map<String, String> headers = new HashMap<>();
        if (ua != null) {
            headers.put("user-agent", ua);
        }
        return new RouteRequest(cookieId, cookieUpstream, headers, "127.0.0.1", port, false, null);
    }

    private static RouteRequest upgrade(String cookieId, int port) {
        return new RouteRequest(cookieId, null, Map.of(), "127.0.0.1", port, true, null);
    }

    private static RouteRequest headers(Map<String, String> headers, String app) {
        return new RouteRequest(null, null, headers, "127.0.0.1", 40000, false, app);
    }

    private double count(String name, String tag, String value) {
        var meter = meters.find(name).tag(tag, value).counter();
        return meter == null ? 0 : meter.count();
    }

    @Test
    void noLiveUpstreamGivesAnUnroutedDecisionWithAFreshClientId() {
        RouteDecision d = resolver().resolve(http(null, null, SIM_UA, 50000));
        assertThat(d.routed()).isFalse();
        assertThat(ClientIds.isWellFormed(d.clientId())).isTrue();
        assertThat(meters.find("switchboard.routing.unrouted").counter().count()).isEqualTo(1);
    }

    @Test
    void fallbackIsTheMostRecentlyRegisteredLiveUpstreamThenTheCookieSticks() {
        ChainRouteResolver r = resolver();
        Upstream older = register(3000, null, "web");
        Upstream newer = register(3001, null, "admin");
        RouteDecision first = r.resolve(http(null, null, "curl/8", 50000));
        assertThat(first.upstream()).isEqualTo(newer);
        assertThat(first.method()).isEqualTo(RouteMethod.FALLBACK);

        // Another upstream registers; the cookie keeps the client where it was.
        register(3002, null, "other");
        RouteDecision again = r.resolve(http(first.clientId(), newer.id(), "curl/8", 50001));
        assertThat(again.method()).isEqualTo(RouteMethod.COOKIE);
        assertThat(again.upstream()).isEqualTo(newer);
        assertThat(again.clientId()).isEqualTo(first.clientId());
        assertThat(older).isNotNull();
    }

    @Test
    void routingHeadersNameEveryHeaderTheKeyRulesReadSoANarrowedRequestRoutesTheSame() {
        ChainRouteResolver r = resolver(new RoutingSettings(Duration.ofHours(1), Duration.ofSeconds(5),
                Duration.ofMinutes(5), 100, null, new ClientKeyRules("X-Device", java.util.regex.Pattern.compile("expo"),
                "X-Install")));
        assertThat(r.routingHeaders()).containsExactlyInAnyOrder("user-agent", "x-device", "x-install");
        register(3000, null, "web");
        Upstream picked = register(3001, null, "admin");
        RouteDecision first = r.resolve(headers(Map.of("x-device", "phone-1", "accept", "*/*"), null));
        // Connect phone-1's client elsewhere, then ask again with only the routing headers: still the same client.
        r.connect(first.clientId(), "3000");
        Map<String, String> narrowed = new HashMap<>();
        for (String name : r.routingHeaders()) {
            if (name.equals("x-device")) {
                narrowed.put(name, "phone-1");
            }
        }
        RouteDecision again = r.resolve(headers(narrowed, null));
        assertThat(first.upstream()).isEqualTo(picked);
        assertThat(again.clientId()).isEqualTo(first.clientId());
        assertThat(again.method()).isEqualTo(RouteMethod.CABLE);
        assertThat(again.upstream().port()).isEqualTo(3000);
    }

    @Test
    void configuredDefaultBeatsRecency() {
        Upstream web = register(3000, null, "web");
        register(3001, null, "admin");
        ChainRouteResolver r = resolver(new RoutingSettings(Duration.ofHours(1), Duration.ofSeconds(5),
                Duration.ofMinutes(5), 100, "web", ClientKeyRules.DEFAULT));
        RouteDecision d = r.resolve(http(null, null, "curl/8", 50000));
        assertThat(d.upstream()).isEqualTo(web);
        assertThat(d.method()).isEqualTo(RouteMethod.FALLBACK);
    }

    @Test
    void uaMatchPicksTheOneUpstreamWhoseBundleIdOrNameIsTheProductToken() {
        ChainRouteResolver r = resolver();
        Upstream mine = register(3000, "MyApp", null);
        register(3001, "com.other", "other");
        RouteDecision d = r.resolve(http(null, null, SIM_UA, 50000));
        assertThat(d.method()).isEqualTo(RouteMethod.UA_MATCH);
        assertThat(d.upstream()).isEqualTo(mine);
    }

    @Test
    void aCookieLessRepeatIsCachedByHeaderKeyAndKeepsItsClientId() {
        ChainRouteResolver r = resolver();
        Upstream mine = register(3000, "MyApp", null);
        RouteDecision first = r.resolve(http(null, null, SIM_UA, 50000));
        clock.advance(RoutingSettings.DEFAULT.portMemory());
        RouteDecision second = r.resolve(http(null, null, SIM_UA, 50001));
        assertThat(second.method()).isEqualTo(RouteMethod.CACHED);
        assertThat(second.upstream()).isEqualTo(mine);
        assertThat(second.clientId()).as("a client that sends no cookie back is one client").isEqualTo(first.clientId());
        assertThat(count("switchboard.routing.cache", "result", "hit")).isEqualTo(1);
        assertThat(count("switchboard.routing.resolutions", "method", "cached")).isEqualTo(1);
    }

    @Test
    void ambiguityFallsBackIsCountedAndExplained() {
        ChainRouteResolver r = resolver();
        Upstream a = register(3000, "MyApp", "a");
        Upstream b = register(3001, "MyApp", "b");
        RouteDecision d = r.resolve(http(null, null, SIM_UA, 50000));
        assertThat(d.ambiguous()).isTrue();
        assertThat(d.method()).isEqualTo(RouteMethod.FALLBACK);
        assertThat(d.upstream()).isEqualTo(b);
        assertThat(meters.find("switchboard.routing.ambiguous").counter().count()).isEqualTo(1);

        RouteExplanation why = r.explain(http(null, null, "MyApp/2", 1));
        ExplainStep ua = why.steps().get(4);
        assertThat(ua.method()).isEqualTo(RouteMethod.UA_MATCH);
        assertThat(ua.matched()).isFalse();
        assertThat(ua.why()).contains("ambiguous").contains(a.id()).contains(b.id());
        assertThat(why.ambiguous()).isTrue();
    }

    @Test
    void appQueryNarrowsCandidates() {
        ChainRouteResolver r = resolver();
        Upstream web = register(3000, "com.x.web", "web");
        register(3001, "com.x.admin", "admin");
        RouteDecision d = r.resolve(headers(Map.of("user-agent", "curl/8"), "web"));
        assertThat(d.upstream()).isEqualTo(web);
        assertThat(d.method()).isEqualTo(RouteMethod.UA_MATCH);

        RouteDecision none = r.resolve(headers(Map.of("user-agent", "curl/9"), "nothing"));
        assertThat(none.routed()).isFalse();
    }

    @Test
    void twoClientsWithTheSameUserAgentAreToldApartByCookieOnceOneIsCabled() {
        ChainRouteResolver r = resolver();
        Upstream u1 = register(3000, null, "one");
        Upstream u2 = register(3001, null, "two");
        RouteDecision simA = r.resolve(http(null, null, SIM_UA, 50000));
        // Sim A got its cookie and sends it back from now on.
        r.resolve(http(simA.clientId(), simA.upstream().id(), SIM_UA, 50001));
        RouteDecision simB = r.resolve(http(null, null, SIM_UA, 50002));
        assertThat(simB.clientId()).as("a cookie client is never merged by header key").isNotEqualTo(simA.clientId());

        r.connect(simA.clientId(), u1.id());
        r.connect(simB.clientId(), u2.id());
        assertThat(remapped).containsExactly(simA.clientId(), simB.clientId());
        for (int i = 0; i < 5; i++) {
            RouteDecision a = r.resolve(http(simA.clientId(), u2.id(), SIM_UA, 51000 + i));
            RouteDecision b = r.resolve(http(simB.clientId(), u1.id(), SIM_UA, 52000 + i));
            assertThat(a.upstream()).isEqualTo(u1);
            assertThat(a.method()).isEqualTo(RouteMethod.CABLE);
            assertThat(b.upstream()).isEqualTo(u2);
            // Upgrades without user-agent or cookie, from the port of the client's last HTTP request.
            assertThat(r.resolve(upgrade(null, 51000 + i)).upstream()).isEqualTo(u1);
            assertThat(r.resolve(upgrade(null, 52000 + i)).upstream()).isEqualTo(u2);
        }
    }

    @Test
    void cableBeatsCookieAndDisconnectReturnsToAutomaticRouting() {
        ChainRouteResolver r = resolver();
        Upstream u1 = register(3000, null, "one");
        Upstream u2 = register(3001, null, "two");
        RouteDecision first = r.resolve(http(null, null, SIM_UA, 50000));
        assertThat(first.upstream()).isEqualTo(u2);
        CableView cable = r.connect(first.clientId(), "one");
        assertThat(cable.pending()).isFalse();
        assertThat(cable.upstream()).isEqualTo(u1.id());
        RouteDecision next = r.resolve(upgrade(first.clientId(), 1));
        assertThat(next.method()).isEqualTo(RouteMethod.CABLE);
        assertThat(next.upstream()).isEqualTo(u1);

        assertThat(r.disconnect(first.clientId())).isTrue();
        assertThat(remapped).containsExactly(first.clientId(), first.clientId());
        RouteDecision after = r.resolve(http(first.clientId(), u1.id(), SIM_UA, 50001));
        assertThat(after.method()).isNotIn(RouteMethod.CABLE, RouteMethod.COOKIE, RouteMethod.CACHED);
        assertThat(r.disconnect(first.clientId())).isFalse();
    }

    @Test
    void pendingCableIsTakenByTheNextNewClientOfThatAppOnly() {
        ChainRouteResolver r = resolver();
        Upstream u1 = register(3000, null, "one");
        register(3001, null, "two");
        RouteDecision old = r.resolve(http(null, null, SIM_UA, 50000));
        r.resolve(http(old.clientId(), old.upstream().id(), SIM_UA, 50001));
        CableView pending = r.connect("MyApp", u1.id());
        assertThat(pending.pending()).isTrue();
        assertThat(remapped).isEmpty();

        RouteDecision known = r.resolve(http(old.clientId(), old.upstream().id(), SIM_UA, 50002));
        assertThat(known.method()).as("a known client does not take a pending cable").isEqualTo(RouteMethod.COOKIE);

        RouteDecision fresh = r.resolve(http(null, null, SIM_UA, 50003));
        assertThat(fresh.method()).isEqualTo(RouteMethod.PENDING);
        assertThat(fresh.upstream()).isEqualTo(u1);
        RouteDecision freshAgain = r.resolve(http(fresh.clientId(), u1.id(), SIM_UA, 50004));
        assertThat(freshAgain.method()).isEqualTo(RouteMethod.CABLE);
        assertThat(r.cables().cables()).extracting(CableView::pending).containsExactly(false);
    }

    @Test
    void pendingCableExpires() {
        ChainRouteResolver r = resolver();
        Upstream u1 = register(3000, null, "one");
        register(3001, null, "two");
        r.connect("MyApp", u1.id());
        clock.advance(RoutingSettings.DEFAULT.pendingCableTtl());
        assertThat(r.resolve(http(null, null, SIM_UA, 1)).method()).isEqualTo(RouteMethod.FALLBACK);
        assertThat(r.sweep()).isPositive();
        assertThat(r.sizes().get("pending")).isZero();
    }

    @Test
    void unknownClientIdOrUpstreamIsRefused() {
        ChainRouteResolver r = resolver();
        register(3000, null, "one");
        assertThatThrownBy(() -> r.connect("c-aaaaaaaaaaaaaaaa", "one")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no client");
        assertThatThrownBy(() -> r.connect("MyApp", "nowhere")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no upstream nowhere");
        assertThatThrownBy(() -> r.connect(" ", "one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deadUpstreamIsSkippedAtOnceAndComesBackWhenLive() {
        ChainRouteResolver r = resolver();
        Upstream u1 = register(3000, null, "one");
        Upstream u2 = register(3001, null, "two");
        RouteDecision d = r.resolve(http(null, null, SIM_UA, 1));
        assertThat(d.upstream()).isEqualTo(u2);
        r.upstreamUnreachable(u2.id());
        RouteDecision rerouted = r.resolve(http(d.clientId(), u2.id(), SIM_UA, 2));
        assertThat(rerouted.upstream()).isEqualTo(u1);
        assertThat(upstreams.markLive(u2.id())).isTrue();
        assertThat(r.resolve(http(null, null, "other/1", 3)).upstream()).isEqualTo(u2);
    }

    @Test
    void upgradeCorrelatesByPortOnlyWithinPortMemory() {
        ChainRouteResolver r = resolver();
        Upstream u1 = register(3000, null, "one");
        Upstream u2 = register(3001, null, "two");
        RouteDecision page = r.resolve(http(null, null, SIM_UA, 50000));
        r.connect(page.clientId(), u1.id());
        RouteDecision ws = r.resolve(upgrade(null, 50000));
        assertThat(ws.clientId()).isEqualTo(page.clientId());
        assertThat(ws.upstream()).isEqualTo(u1);

        clock.advance(RoutingSettings.DEFAULT.portMemory());
        RouteDecision late = r.resolve(upgrade(null, 50000));
        assertThat(late.clientId()).isNotEqualTo(page.clientId());
        assertThat(late.upstream()).isEqualTo(u2);
    }

    @Test
    void learnedStateExpiresAfterRouteTtlAndIsSweptButUseKeepsItAlive() {
        ChainRouteResolver r = resolver();
        register(3000, "MyApp", null);
        RouteDecision d = r.resolve(http(null, null, SIM_UA, 1));
        clock.advance(Duration.ofMinutes(59));
        assertThat(r.resolve(http(null, null, SIM_UA, 2)).method()).isEqualTo(RouteMethod.CACHED);
        clock.advance(Duration.ofMinutes(59));
        assertThat(r.sweep()).as("used 59 min ago, ttl 1 h: only the port of the first request expired").isEqualTo(2);
        assertThat(r.cables().clients()).extracting(ClientView::key).containsExactly(d.clientId());

        clock.advance(Duration.ofMinutes(1));
        r.sweep();
        assertThat(r.sizes()).containsEntry("clients", 0).containsEntry("keys", 0).containsEntry("ports", 0);
        assertThat(r.resolve(http(null, null, SIM_UA, 3)).method()).isEqualTo(RouteMethod.UA_MATCH);
        assertThat(meters.find("switchboard.routing.entries").tag("map", "clients").gauge().value()).isEqualTo(1);
    }

    @Test
    void everyMapIsCappedWithLeastRecentlyUsedEviction() {
        ChainRouteResolver r = resolver(new RoutingSettings(Duration.ofHours(1), Duration.ofSeconds(5),
                Duration.ofMinutes(5), 3, null, ClientKeyRules.DEFAULT));
        register(3000, null, "one");
        List<RouteDecision> decisions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            decisions.add(r.resolve(http(null, null, "client" + i + "/1", 100 + i)));
        }
        // Touch client 0 so client 1 is the least recently used.
        r.resolve(http(decisions.get(0).clientId(), null, "client0/1", 200));
        r.resolve(http(null, null, "client3/1", 103));
        assertThat(r.sizes().values()).allMatch(size -> size <= 3);
        assertThat(r.cables().clients()).extracting(ClientView::key)
                .contains(decisions.get(0).clientId()).doesNotContain(decisions.get(1).clientId());
        assertThat(meters.find("switchboard.routing.evictions").tag("map", "clients").functionCounter().count())
                .isEqualTo(1);
        for (int i = 0; i < 100; i++) {
            r.resolve(http(null, null, "churn" + i + "/1", 1000 + i));
            r.connect("app" + i, "one");
        }
        assertThat(r.sizes().values()).allMatch(size -> size <= 3);
    }

    @Test
    void cableListShowsWhereTrafficActuallyWent() {
        ChainRouteResolver r = resolver();
        Upstream u1 = register(3000, null, "one");
        Upstream u2 = register(3001, null, "two");
        RouteDecision d = r.resolve(http(null, null, SIM_UA, 1));
        r.connect(d.clientId(), u1.id());
        r.resolve(http(d.clientId(), null, SIM_UA, 2));
        assertThat(r.cables().clients().get(0).upstream()).isEqualTo(u1.id());
        // The cabled upstream dies: traffic goes elsewhere, and the listing says so.
        r.upstreamUnreachable(u1.id());
        r.resolve(http(d.clientId(), null, SIM_UA, 3));
        ClientView view = r.cables().clients().get(0);
        assertThat(view.upstream()).isEqualTo(u2.id());
        assertThat(view.method()).as("its last upstream is dead, so not sticky").isEqualTo(RouteMethod.FALLBACK);
        assertThat(view.identifier()).isEqualTo("MyApp");
        assertThat(r.cables().cables()).extracting(CableView::upstream).containsExactly(u1.id());
    }

    @Test
    void explainChangesNothing() {
        ChainRouteResolver r = resolver();
        Upstream u1 = register(3000, null, "one");
        r.connect("MyApp", u1.id());
        RouteExplanation e = r.explain(http(null, null, SIM_UA, 1));
        assertThat(e.clientId()).isNull();
        assertThat(e.method()).isEqualTo(RouteMethod.PENDING);
        assertThat(e.steps()).hasSize(6);
        assertThat(e.steps()).filteredOn(ExplainStep::matched).hasSize(1);
        assertThat(r.sizes()).containsEntry("clients", 0).containsEntry("pending", 1);
    }

    @Test
    void unregisteringAnUpstreamRemovesItsCablesAndRemapsItsClients() {
        ChainRouteResolver r = resolver();
        Upstream u1 = register(3000, null, "one");
        register(3001, null, "two");
        RouteDecision d = r.resolve(http(null, null, SIM_UA, 1));
        r.connect(d.clientId(), u1.id());
        remapped.clear();
        upstreams.unregister(u1.id());
        assertThat(remapped).containsExactly(d.clientId());
        assertThat(r.cables().cables()).isEmpty();
    }

    @Test
    void aCableOutlivesTheEvictionOfItsClientRecord() {
        ChainRouteResolver r = resolver(new RoutingSettings(Duration.ofHours(1), Duration.ofSeconds(5),
                Duration.ofMinutes(5), 2, null, ClientKeyRules.DEFAULT));
        Upstream u1 = register(3000, null, "one");
        register(3001, null, "two");
        RouteDecision d = r.resolve(http(null, null, SIM_UA, 1));
        r.connect(d.clientId(), u1.id());
        r.resolve(http(null, null, "stranger1/1", 2));
        r.resolve(http(null, null, "stranger2/1", 3));
        assertThat(r.cables().clients()).extracting(ClientView::key).doesNotContain(d.clientId());
        RouteDecision back = r.resolve(http(d.clientId(), null, SIM_UA, 4));
        assertThat(back.method()).isEqualTo(RouteMethod.CABLE);
        assertThat(back.upstream()).isEqualTo(u1);
        clock.advance(Duration.ofHours(1));
        r.sweep();
        assertThat(r.cables().cables()).as("unused for routeTtl: gone").isEmpty();
    }

    @Test
    void twoSimulatorsWithTheSameUserAgentStartingTogetherAreTwoClients() {
        ChainRouteResolver r = resolver();
        register(3000, null, "one");
        RouteDecision simA = r.resolve(http(null, null, SIM_UA, 50000));
        RouteDecision simB = r.resolve(http(null, null, SIM_UA, 50001));
        assertThat(simB.clientId()).as("A has not had the time to send its cookie back").isNotEqualTo(simA.clientId());
        assertThat(simB.method()).as("but B's route is the learned one").isEqualTo(RouteMethod.CACHED);
    }

    @Test
    void anExplicitClientHeaderIsOneClientAtOnce() {
        ChainRouteResolver r = resolver();
        register(3000, null, "one");
        RouteDecision first = r.resolve(headers(Map.of("x-switchboard-client", "sim-1"), null));
        RouteDecision again = r.resolve(headers(Map.of("x-switchboard-client", "sim-1"), null));
        assertThat(again.clientId()).isEqualTo(first.clientId());
        RouteDecision other = r.resolve(headers(Map.of("x-switchboard-client", "sim-2"), null));
        assertThat(other.clientId()).isNotEqualTo(first.clientId());
    }

    @Test
    void aReusedSourcePortPlacesTheUpgradeOnTheLatestClient() {
        ChainRouteResolver r = resolver();
        Upstream u1 = register(3000, null, "one");
        Upstream u2 = register(3001, null, "two");
        RouteDecision a = r.resolve(http(null, null, SIM_UA, 50000));
        RouteDecision b = r.resolve(http(null, null, SIM_UA, 50001));
        r.connect(a.clientId(), u1.id());
        r.connect(b.clientId(), u2.id());
        // Rapid reloads: B's next request reuses the port A used a moment ago.
        r.resolve(http(b.clientId(), u2.id(), SIM_UA, 50000));
        RouteDecision upgrade = r.resolve(upgrade(null, 50000));
        assertThat(upgrade.clientId()).isEqualTo(b.clientId());
        assertThat(upgrade.upstream()).isEqualTo(u2);
    }
}
