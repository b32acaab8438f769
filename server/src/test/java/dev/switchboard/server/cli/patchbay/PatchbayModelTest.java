package dev.switchboard.server.cli.patchbay;

import static dev.switchboard.server.cli.patchbay.PatchbayKey.DISCONNECT;
import static dev.switchboard.server.cli.patchbay.PatchbayKey.DOWN;
import static dev.switchboard.server.cli.patchbay.PatchbayKey.DROP;
import static dev.switchboard.server.cli.patchbay.PatchbayKey.LEFT;
import static dev.switchboard.server.cli.patchbay.PatchbayKey.NEXT_CLIENT;
import static dev.switchboard.server.cli.patchbay.PatchbayKey.PLUG;
import static dev.switchboard.server.cli.patchbay.PatchbayKey.QUIT;
import static dev.switchboard.server.cli.patchbay.PatchbayKey.RIGHT;
import static dev.switchboard.server.cli.patchbay.PatchbayKey.UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.cli.patchbay.PatchbaySnapshot.Cable;
import dev.switchboard.server.cli.patchbay.PatchbaySnapshot.Client;
import dev.switchboard.server.cli.patchbay.PatchbaySnapshot.Upstream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchbayModelTest {

    private static final Instant T = Instant.parse("2026-11-30T12:00:00Z");
    private static final Upstream WEB = new Upstream("u1", "127.0.0.1", 5173, "/src/web", "com.example.web", "web", true, T);
    private static final Upstream SHOP = new Upstream("u2", "127.0.0.1", 8082, "/src/shop", "com.example.shop", "shop",
            true, T);

    private static Client client(String key, String upstream, String method) {
        return new Client(key, "host.exp.Exponent", T, upstream, method);
    }

    /** Two simulators of the same app: sim-a learned to web, sim-b cabled to shop. */
    private static PatchbaySnapshot twoByTwo() {
        return new PatchbaySnapshot(List.of(client("sim-a", "u1", "cookie"), client("sim-b", "u2", "cable")),
                List.of(WEB, SHOP), List.of(new Cable("sim-b", "u2", false, T)));
    }

    private static PatchbayModel model(PatchbaySnapshot listing) {
        PatchbayModel model = new PatchbayModel();
        model.update(listing);
        return model;
    }

    private static List<PatchbayAction> press(PatchbayModel model, PatchbayKey... keys) {
        List<PatchbayAction> actions = new ArrayList<>();
        for (PatchbayKey key : keys) {
            model.press(key).ifPresent(actions::add);
        }
        return actions;
    }

    private static String row(List<String> screen, String containing) {
        return screen.stream().filter(line -> line.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + containing + " in\n" + String.join("\n", screen)));
    }

    @Test
    void spacePicksUpTheSelectedClientsCableAndSpaceAgainPlugsItIntoTheSelectedUpstream() {
        PatchbayModel model = model(twoByTwo());

        assertThat(press(model, PLUG)).isEmpty();
        assertThat(model.holding()).contains("sim-a");
        assertThat(model.upstreamsFocused()).isTrue();
        assertThat(model.selectedUpstream()).contains(WEB); // starts at where its traffic goes now

        assertThat(press(model, DOWN, PLUG)).containsExactly(new PatchbayAction.Connect("sim-a", "u2"));
        assertThat(model.holding()).isEmpty();
        assertThat(model.message()).contains("plugging sim-a into u2");
    }

    @Test
    void escPutsTheCableBackWithoutAskingForAnything() {
        PatchbayModel model = model(twoByTwo());

        assertThat(press(model, PLUG, DOWN, DROP, PLUG)).isEmpty();
        assertThat(model.holding()).isEmpty();
        assertThat(model.message()).contains("pick up a client's cable first");
    }

    @Test
    void dDisconnectsAnOperatorCableButNotALearnedRoute() {
        PatchbayModel model = model(twoByTwo());

        assertThat(press(model, DISCONNECT)).isEmpty();
        assertThat(model.message()).contains("sim-a has no operator cable").contains("learned (cookie)");

        assertThat(press(model, DOWN, DISCONNECT)).containsExactly(new PatchbayAction.Disconnect("sim-b"));
    }

    @Test
    void dWhileHoldingACableUnplugsThatOne() {
        PatchbayModel model = model(twoByTwo());

        assertThat(press(model, DOWN, PLUG, UP, DISCONNECT)).containsExactly(new PatchbayAction.Disconnect("sim-b"));
        assertThat(model.holding()).isEmpty();
    }

    @Test
    void nCablesTheNextNewClientOfTheSelectedClientsApp() {
        PatchbayModel model = model(twoByTwo());

        assertThat(press(model, NEXT_CLIENT)).isEmpty();
        assertThat(model.holding()).contains("host.exp.Exponent");
        press(model, DOWN);
        assertThat(row(model.render(90, 12), "sim-a")).startsWith("* sim-a").contains("━");
        assertThat(press(model, PLUG)).containsExactly(new PatchbayAction.Connect("host.exp.Exponent", "u2"));
    }

    @Test
    void aPendingCableIsARowOfItsOwnThatDDisconnectsByAppIdentifier() {
        PatchbayModel model = model(new PatchbaySnapshot(List.of(client("sim-a", "u1", "cookie")), List.of(WEB, SHOP),
                List.of(new Cable("com.example.shop", "u2", true, T))));

        List<String> screen = model.render(100, 12);
        assertThat(row(screen, "next com.example.shop")).startsWith("  ⋯ next com.example.shop [pending] ─");
        assertThat(row(screen, "u2 shop")).contains("└").contains("▶");
        assertThat(press(model, DOWN, DISCONNECT)).containsExactly(new PatchbayAction.Disconnect("com.example.shop"));
    }

    @Test
    void plugWithoutACableInHandOrWithoutUpstreamsAsksForNothing() {
        PatchbayModel model = model(twoByTwo());
        assertThat(press(model, RIGHT, PLUG)).isEmpty();
        assertThat(model.message()).contains("pick up a client's cable first");

        PatchbayModel noUpstreams = model(new PatchbaySnapshot(List.of(client("sim-a", null, null)), List.of(), List.of()));
        assertThat(press(noUpstreams, PLUG, RIGHT, PLUG)).isEmpty();
        assertThat(noUpstreams.message()).contains("no upstream is registered");
        assertThat(noUpstreams.upstreamsFocused()).isFalse();
    }

    @Test
    void qQuits() {
        PatchbayModel model = model(twoByTwo());
        assertThat(model.quitRequested()).isFalse();
        press(model, QUIT);
        assertThat(model.quitRequested()).isTrue();
    }

    @Test
    void theSelectionFollowsTheSameClientAndUpstreamAcrossRefreshes() {
        PatchbayModel model = model(twoByTwo());
        press(model, DOWN, RIGHT, DOWN, LEFT);
        assertThat(model.selectedRow()).map(PatchbayModel.LeftRow::key).contains("sim-b");

        model.update(new PatchbaySnapshot(List.of(client("sim-new", "u1", "fallback"), client("sim-a", "u1", "cookie"),
                client("sim-b", "u2", "cable")), List.of(SHOP, WEB), List.of(new Cable("sim-b", "u2", false, T))));

        assertThat(model.selectedRow()).map(PatchbayModel.LeftRow::key).contains("sim-b");
        assertThat(model.selectedUpstream()).contains(SHOP);
    }

    @Test
    void aHeldCableKeepsItsPlaceWhenTheListChangesUnderIt() {
        PatchbayModel model = model(twoByTwo());
        press(model, PLUG);
        model.update(new PatchbaySnapshot(List.of(client("sim-0", "u2", "fallback"), client("sim-a", "u1", "cookie")),
                List.of(WEB, SHOP), List.of()));
        assertThat(press(model, DOWN, PLUG)).containsExactly(new PatchbayAction.Connect("sim-a", "u2"));
    }

    @Test
    void wiresRunFromEachClientToTheUpstreamItsTrafficGoesTo() {
        // sim-a (listed first) goes to shop (listed second), sim-b to web: the wires cross
        PatchbayModel model = model(new PatchbaySnapshot(List.of(client("sim-a", "u2", "cached"),
                client("sim-b", "u1", "ua-match")), List.of(WEB, SHOP), List.of()));

        List<String> screen = model.render(100, 12);
        assertThat(screen.subList(2, 6)).containsExactly(
                "▸ sim-a host.exp.Exponent [cached] ───┐",
                "                                      │ ┌───────────────────────────────▶ ‹ ● u1 web 127.0.0.1:5173",
                "  sim-b host.exp.Exponent [ua-match] ─┼─┘",
                "                                      └─────────────────────────────────▶   ● u2 shop 127.0.0.1:8082");
    }

    @Test
    void aCableTheTrafficDoesNotFollowIsNotDrawnAsTheRoute() {
        // sim-a is cabled to web, but web is dead: the daemon sends sim-a's traffic to shop by fallback
        Upstream deadWeb = new Upstream("u1", "127.0.0.1", 5173, null, null, "web", false, T);
        PatchbayModel model = model(new PatchbaySnapshot(List.of(client("sim-a", "u2", "fallback")),
                List.of(deadWeb, SHOP), List.of(new Cable("sim-a", "u1", false, T))));

        List<String> screen = model.render(160, 10);
        assertThat(row(screen, "✗ u1 web 127.0.0.1:5173 DEAD")).doesNotContain("▶");
        assertThat(row(screen, "u2 shop")).contains("└").contains("▶");
        assertThat(screen.get(screen.size() - 3)).startsWith("sim-a → u2 shop (127.0.0.1:8082) · fallback:")
                .endsWith("its cable to u1 is not followed (upstream dead)");
    }

    @Test
    void theCableInHandIsDrawnBoldToTheSelectedUpstreamBesideTheRouteItStillHas() {
        PatchbayModel model = model(twoByTwo());
        press(model, PLUG, DOWN);

        List<String> screen = model.render(90, 12);
        assertThat(row(screen, "sim-a")).startsWith("* sim-a").contains("━┳");
        assertThat(row(screen, "u1 web")).contains("╋").contains("─▶");
        assertThat(row(screen, "u2 shop")).contains("━▶ ◂ ● u2 shop");
    }

    @Test
    void theScreenFitsTheTerminalAndScrollsToTheSelection() {
        List<Client> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(client(String.format("sim-%02d", i), i % 2 == 0 ? "u1" : "u2", "cached"));
        }
        PatchbayModel model = model(new PatchbaySnapshot(many, List.of(WEB, SHOP), List.of()));
        for (int i = 0; i < 30; i++) {
            model.press(DOWN);
        }

        List<String> screen = model.render(60, 12);
        assertThat(screen).hasSize(12).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
        assertThat(row(screen, "sim-30")).startsWith("▸ sim-30");
        assertThat(screen).noneMatch(line -> line.contains("sim-00"));
        assertThat(screen.get(11)).startsWith("q quit · ↑↓ move");
    }

    @Test
    void anEmptyPatchbaySaysHowToFillIt() {
        List<String> screen = model(PatchbaySnapshot.EMPTY).render(100, 8);
        assertThat(screen.get(0)).isEqualTo("Switchboard patchbay · 0 clients · 0 upstreams · 0 cables");
        assertThat(String.join("\n", screen)).contains("no clients yet").contains("./switchboard upstreams register");
        assertThat(press(model(PatchbaySnapshot.EMPTY), PLUG, DISCONNECT, NEXT_CLIENT, DOWN, UP)).isEmpty();
    }
}
