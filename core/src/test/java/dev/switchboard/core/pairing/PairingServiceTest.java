package dev.switchboard.core.pairing;

import dev.switchboard.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.core.cluster.PairingRecord;
import dev.switchboard.core.cluster.memory.MemoryBroker;
import dev.switchboard.core.cluster.memory.MemoryPairingStore;
import dev.switchboard.core.cluster.memory.MemoryPresenceStore;
import dev.switchboard.core.hub.CloseReason;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.HubSettings;
import dev.switchboard.core.pairing.RecordingEvents.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PairingServiceTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingEvents events = new RecordingEvents();
    private SimpleMeterRegistry registry;
    private Hub hub;
    private MemoryPairingStore store;
    private PairingService service;

    @BeforeEach
    void start() {
        restart(PairingSettings.DEFAULT);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private void restart(PairingSettings settings) {
        restart(settings, new PairingCodes(settings.codeLength()));
    }

    private void restart(PairingSettings settings, PairingCodes codes) {
        if (service != null) {
            service.close();
        }
        registry = new SimpleMeterRegistry();
        hub = new Hub("n1", HubSettings.DEFAULT, new MemoryPresenceStore(), new MemoryBroker(), registry);
        store = new MemoryPairingStore();
        service = new PairingService("n1", settings, store, hub, events, clock, registry, codes, false);
    }

    // ---- create and join -------------------------------------------------------------------------------

    @Test
    void createAndJoinTellBothSidesWhoTheirPeerJoinerFirst() {
        TestLine desktop = connect();
        TestLine phone = connect();

        service.create(desktop);
        Event created = events.last(desktop);
        assertThat(created.kind()).isEqualTo("code");
        assertThat(created.code()).hasSize(4).matches("[" + PairingCodes.ALPHABET + "]{4}");
        assertThat(created.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(service.openCodes()).isEqualTo(1);

        events.clear();
        service.join(phone, "10.0.0.2", created.code());

        List<Event> all = events.all();
        // The joiner's notice is queued first, so nothing the creator relays can overtake it.
        assertThat(all).extracting(Event::kind, Event::lineId, Event::code, Event::peer).containsExactly(
                tuple("paired", phone.id(), created.code(), desktop.id()),
                tuple("paired", desktop.id(), created.code(), phone.id()));
        assertThat(service.activePairings()).isEqualTo(1);
        assertThat(service.openCodes()).isZero();
        PairingRecord record = store.get(created.code()).orElseThrow();
        assertThat(record.creatorLineId()).isEqualTo(desktop.id());
        assertThat(record.joinerLineId()).isEqualTo(phone.id());
        assertThat(record.pairedAt()).isEqualTo(T0);
        assertThat(service.list()).containsExactly(record);
        assertThat(count("switchboard.pairing.codes.issued")).isEqualTo(1);
        assertThat(joins("paired")).isEqualTo(1);
        assertThat(gauge("switchboard.pairing.active")).isEqualTo(1);
        assertThat(gauge("switchboard.pairing.open_codes")).isZero();
    }

    @Test
    void joinIgnoresCaseAndSurroundingBlanks() {
        TestLine desktop = connect();
        TestLine phone = connect();
        String code = createCode(desktop);

        service.join(phone, "10.0.0.2", "  \t" + code.toLowerCase() + " \n");

        assertThat(events.of(phone, "paired")).extracting(Event::code).containsExactly(code);
        assertThat(events.of(desktop, "paired")).hasSize(1);
    }

    @Test
    void aCodeIsSingleUse() {
        TestLine desktop = connect();
        TestLine phone = connect();
        TestLine latecomer = connect();
        String code = pair(desktop, phone);

        service.join(latecomer, "10.0.0.3", code);

        assertThat(events.errorCodes(latecomer)).containsExactly(PairingErrors.INVALID_CODE);
        assertThat(events.of(desktop, "paired")).extracting(Event::peer).containsExactly(phone.id());
        assertThat(service.activePairings()).isEqualTo(1);
        assertThat(joins("invalid_code")).isEqualTo(1);
    }

    @Test
    void anUnjoinedCodeExpiresAndItsCreatorIsToldBySweep() {
        TestLine desktop = connect();
        TestLine phone = connect();
        String code = createCode(desktop);

        clock.advance(Duration.ofMinutes(2).minusMillis(1));
        service.sweep();
        assertThat(events.errorCodes(desktop)).as("not expired a millisecond early").isEmpty();

        clock.advance(Duration.ofMillis(1));
        service.join(phone, "10.0.0.2", code);
        assertThat(events.errorCodes(phone)).containsExactly(PairingErrors.INVALID_CODE);

        service.sweep();
        assertThat(events.of(desktop, "error")).extracting(Event::code, Event::detail)
                .containsExactly(tuple(code, PairingErrors.EXPIRED));
        assertThat(store.size()).isZero();
        assertThat(service.openCodes()).isZero();
        assertThat(service.trackedLines()).isZero();
        assertThat(count("switchboard.pairing.codes.expired")).isEqualTo(1);

        service.sweep();
        assertThat(events.errorCodes(desktop)).as("told once").hasSize(1);
    }

    @Test
    void aCodeJoinedJustBeforeItsExpiryPairs() {
        TestLine desktop = connect();
        TestLine phone = connect();
        String code = createCode(desktop);

        clock.advance(Duration.ofMinutes(2).minusMillis(1));
        service.join(phone, "10.0.0.2", code);
        clock.advance(Duration.ofMinutes(5));
        service.sweep();

        assertThat(events.of(phone, "paired")).hasSize(1);
        assertThat(events.errorCodes(desktop)).as("a joined code never expires").isEmpty();
        assertThat(service.activePairings()).isEqualTo(1);
    }

    @Test
    void strangersCannotTellUnknownUsedAndExpiredCodesApart() {
        TestLine a = connect();
        TestLine b = connect();
        TestLine c = connect();
        TestLine stranger = connect();
        String used = pair(a, b);
        String expired = createCode(c);
        clock.advance(Duration.ofMinutes(3));
        String unknown = unusedCode(used, expired);

        service.join(stranger, "10.0.0.9", unknown);
        service.join(stranger, "10.0.0.9", used);
        service.join(stranger, "10.0.0.9", expired);

        List<Event> errors = events.of(stranger, "error");
        assertThat(errors).hasSize(3);
        assertThat(errors).extracting(Event::detail).containsOnly(PairingErrors.INVALID_CODE);
        assertThat(errors).extracting(Event::message).as("same words for all three").containsOnly(errors.get(0).message());
        assertThat(joins("invalid_code")).isEqualTo(3);
        assertThat(joins("expired")).isZero();
    }

    @Test
    void joiningYourOwnCodeIsRefusedAndTheCodeStaysUsable() {
        TestLine desktop = connect();
        TestLine phone = connect();
        String code = createCode(desktop);

        service.join(desktop, "10.0.0.1", code);

        assertThat(events.of(desktop, "error")).extracting(Event::detail, Event::code)
                .containsExactly(tuple(PairingErrors.SELF_JOIN, code));
        assertThat(joins("self_join")).isEqualTo(1);
        service.join(phone, "10.0.0.2", code);
        assertThat(events.of(phone, "paired")).hasSize(1);
    }

    @Test
    void theCreatorLearnsItsOwnCodeExpiredWhenJoiningItBeforeTheSweep() {
        TestLine desktop = connect();
        String code = createCode(desktop);
        clock.advance(Duration.ofMinutes(2));

        service.join(desktop, "10.0.0.1", code);

        assertThat(events.errorCodes(desktop)).containsExactly(PairingErrors.EXPIRED);
        assertThat(joins("expired")).isEqualTo(1);
        assertThat(store.size()).isZero();
        assertThat(service.openCodes()).isZero();
        service.sweep();
        assertThat(events.errorCodes(desktop)).as("not told twice").hasSize(1);
    }

    @Test
    void aCodeWhoseCreatorIsClosingIsInvalidAndRemoved() {
        TestLine desktop = connect();
        TestLine phone = connect();
        String code = createCode(desktop);
        desktop.close(CloseReason.HEARTBEAT_TIMEOUT); // closing: still listed, not yet removed

        service.join(phone, "10.0.0.2", code);

        assertThat(events.errorCodes(phone)).containsExactly(PairingErrors.INVALID_CODE);
        assertThat(events.of(desktop, "paired")).isEmpty();
        assertThat(store.size()).isZero();
        assertThat(service.openCodes()).isZero();
        hub.remove(desktop);
        assertThat(service.trackedLines()).isZero();
    }

    @Test
    void malformedCodesAreInvalidWithoutAStoreLookup() {
        TestLine phone = connect();

        service.join(phone, "10.0.0.2", null);
        service.join(phone, "10.0.0.2", "");
        service.join(phone, "10.0.0.2", "O0I1");
        service.join(phone, "10.0.0.2", "A".repeat(10_000));

        assertThat(events.errorCodes(phone)).containsExactly(PairingErrors.INVALID_CODE, PairingErrors.INVALID_CODE,
                PairingErrors.INVALID_CODE, PairingErrors.INVALID_CODE);
        assertThat(events.of(phone, "error")).extracting(Event::code).containsOnlyNulls();
        assertThat(service.trackedLines()).isZero();
    }

    // ---- abuse -----------------------------------------------------------------------------------------

    @Test
    void joinAttemptsAreLimitedPerLine() {
        TestLine desktop = connect();
        TestLine guesser = connect();
        String code = createCode(desktop);
        for (int i = 0; i < 10; i++) {
            service.join(guesser, "10.1.0." + i, "ZZZZ"); // a fresh address each time: only the line limit applies
        }
        assertThat(events.errorCodes(guesser)).hasSize(10).containsOnly(PairingErrors.INVALID_CODE);

        service.join(guesser, "10.1.1.1", code);

        assertThat(events.errorCodes(guesser)).hasSize(11).endsWith(PairingErrors.RATE_LIMITED);
        assertThat(events.of(desktop, "paired")).as("a limited attempt never reaches the store").isEmpty();
        assertThat(joins("rate_limited")).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        service.join(guesser, "10.1.1.1", code);
        assertThat(events.of(guesser, "paired")).hasSize(1);
    }

    @Test
    void joinAttemptsAreLimitedPerAddressAcrossLines() {
        TestLine desktop = connect();
        String code = createCode(desktop);
        for (int i = 0; i < 10; i++) {
            TestLine guesser = connect();
            service.join(guesser, "203.0.113.7", "ZZZZ");
            assertThat(events.errorCodes(guesser)).containsExactly(PairingErrors.INVALID_CODE);
        }
        TestLine eleventh = connect();
        TestLine elsewhere = connect();

        service.join(eleventh, "203.0.113.7", code);
        assertThat(events.errorCodes(eleventh)).containsExactly(PairingErrors.RATE_LIMITED);

        clock.advance(Duration.ofSeconds(59));
        service.join(eleventh, "203.0.113.7", code);
        assertThat(events.errorCodes(eleventh)).containsExactly(PairingErrors.RATE_LIMITED, PairingErrors.RATE_LIMITED);

        clock.advance(Duration.ofSeconds(1));
        service.join(eleventh, "203.0.113.7", code);
        assertThat(events.of(eleventh, "paired")).hasSize(1);
        service.join(elsewhere, "198.51.100.1", "ZZZZ");
        assertThat(events.errorCodes(elsewhere)).containsExactly(PairingErrors.INVALID_CODE);
        assertThat(joins("rate_limited")).isEqualTo(2);
    }

    @Test
    void aLineMayHoldOnlyBoundedOpenCodes() {
        TestLine desktop = connect();
        String first = createCode(desktop);
        createCode(desktop);
        createCode(desktop);

        service.create(desktop);

        assertThat(events.errorCodes(desktop)).containsExactly(PairingErrors.TOO_MANY_CODES);
        assertThat(events.of(desktop, "code")).hasSize(3);
        assertThat(service.openCodes()).isEqualTo(3);
        service.leave(desktop, first);
        assertThat(events.last(desktop)).extracting(Event::kind, Event::code, Event::detail)
                .containsExactly("ended", first, EndReasons.LEFT);
        service.create(desktop);
        assertThat(events.of(desktop, "code")).hasSize(4);
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void collidingCodesAreRetriedAndAnExhaustedSpaceIsReported() {
        // Draws the same code twice, then another, then only the first again.
        PairingCodes rigged = new PairingCodes(4, new java.util.Random() {
            private int calls;

            @Override
            public int nextInt(int bound) {
                int code = calls++ / 4;
                return code == 2 ? 1 : 0; // codes: AAAA, AAAA, BBBB, AAAA, AAAA, ...
            }
        });
        restart(PairingSettings.DEFAULT, rigged);
        TestLine a = connect();
        TestLine b = connect();
        TestLine c = connect();

        service.create(a);
        service.create(b);
        service.create(c);

        assertThat(events.lastCode(a)).isEqualTo("AAAA");
        assertThat(events.lastCode(b)).isEqualTo("BBBB");
        assertThat(events.errorCodes(c)).containsExactly(PairingErrors.CODES_EXHAUSTED);
        assertThat(store.size()).isEqualTo(2);
    }

    // ---- relay -----------------------------------------------------------------------------------------

    @Test
    void dataAndBinaryReachThePeerUnchangedAndInOrderBothWays() {
        TestLine desktop = connect();
        TestLine phone = connect();
        String code = pair(desktop, phone);
        String offer = "{\"kind\":\"offer\",\"sdp\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\"}";
        String ice = "{\"kind\":\"ice\",\"candidate\":\"candidate:1 1 UDP 2122252543 192.168.1.2 54321 typ host\"}";

        service.data(desktop, null, utf8(offer));
        service.binary(desktop, utf8("frame-1"));
        service.data(desktop, code.toLowerCase(), utf8(ice));
        service.data(phone, null, utf8("{\"kind\":\"answer\"}"));
        for (int i = 0; i < 100; i++) {
            service.data(phone, null, utf8("{\"x\":" + i + "}"));
        }

        assertThat(events.received(phone)).containsExactly(offer, "frame-1", ice);
        assertThat(events.of(phone)).filteredOn(e -> e.body() != null).extracting(Event::kind, Event::code)
                .containsExactly(tuple("data", code),
                        tuple("binary", code),
                        tuple("data", code));
        List<String> atDesktop = events.received(desktop);
        assertThat(atDesktop).hasSize(101).startsWith("{\"kind\":\"answer\"}");
        for (int i = 0; i < 100; i++) {
            assertThat(atDesktop.get(i + 1)).isEqualTo("{\"x\":" + i + "}");
        }
        assertThat(events.errorCodes(desktop)).isEmpty();
        assertThat(events.errorCodes(phone)).isEmpty();
        assertThat(count("switchboard.pairing.relayed.messages")).isEqualTo(104);
        long bytes = utf8(offer).length + 7 + utf8(ice).length + 17;
        for (int i = 0; i < 100; i++) {
            bytes += utf8("{\"x\":" + i + "}").length;
        }
        assertThat(count("switchboard.pairing.relayed.bytes")).isEqualTo(bytes);
    }

    @Test
    void withSeveralPairingsALineNamesOneAndBinaryNeedsExactlyOne() {
        restart(new PairingSettings(4, Duration.ofMinutes(2), 3, 2, 10));
        TestLine hubLine = connect();
        TestLine left = connect();
        TestLine right = connect();
        String first = pair(hubLine, left);
        String second = pair(hubLine, right);

        service.data(hubLine, null, utf8("1"));
        service.binary(hubLine, utf8("2"));
        service.data(hubLine, second.toLowerCase(), utf8("to-right"));
        service.data(hubLine, first, utf8("to-left"));
        service.data(hubLine, "ZZZZ", utf8("nowhere"));
        service.data(left, null, utf8("from-left"));
        service.create(hubLine);

        assertThat(events.errorCodes(hubLine)).containsExactly(PairingErrors.AMBIGUOUS_PAIRING,
                PairingErrors.AMBIGUOUS_PAIRING, PairingErrors.NOT_PAIRED, PairingErrors.ALREADY_PAIRED);
        assertThat(events.received(right)).containsExactly("to-right");
        assertThat(events.received(left)).containsExactly("to-left");
        assertThat(events.of(hubLine, "data")).extracting(Event::code, Event::text)
                .containsExactly(tuple(first, "from-left"));
        assertThat(registry.get("switchboard.pairing.relay.refused").tag("reason", "ambiguous_pairing").counter()
                .count()).isEqualTo(2);
    }

    @Test
    void openCodesAreWithdrawnWhenTheLineReachesItsPairingLimit() {
        restart(new PairingSettings(4, Duration.ofMinutes(2), 3, 2, 10));
        TestLine desktop = connect();
        TestLine one = connect();
        TestLine two = connect();
        TestLine three = connect();
        String a = createCode(desktop);
        String b = createCode(desktop);
        String c = createCode(desktop);

        service.join(one, "10.0.0.2", a);
        assertThat(events.of(desktop, "ended")).isEmpty();
        service.join(two, "10.0.0.3", b);

        assertThat(events.of(desktop, "ended")).extracting(Event::code, Event::detail)
                .containsExactly(tuple(c, EndReasons.CANCELLED));
        service.join(three, "10.0.0.4", c);
        assertThat(events.errorCodes(three)).containsExactly(PairingErrors.INVALID_CODE);
        assertThat(service.openCodes()).isZero();
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void aPairedLineCannotPairAgainUntilItLeaves() {
        TestLine desktop = connect();
        TestLine phone = connect();
        TestLine other = connect();
        String code = pair(desktop, phone);
        String otherCode = createCode(other);

        service.join(phone, "10.0.0.2", otherCode);
        service.join(phone, "10.0.0.2", code);
        service.create(desktop);

        assertThat(events.errorCodes(phone)).containsExactly(PairingErrors.ALREADY_PAIRED, PairingErrors.ALREADY_PAIRED);
        assertThat(events.errorCodes(desktop)).containsExactly(PairingErrors.ALREADY_PAIRED);
        assertThat(joins("already_paired")).isEqualTo(2);
        service.leave(phone, null);
        service.join(phone, "10.0.0.2", otherCode);
        assertThat(events.of(phone, "paired")).extracting(Event::peer).containsExactly(desktop.id(), other.id());
    }

    @Test
    void dataWithoutAPairingIsAnsweredNotPaired() {
        TestLine lonely = connect();

        service.data(lonely, null, utf8("1"));
        service.binary(lonely, utf8("2"));
        service.data(lonely, "ABCD", utf8("3"));

        assertThat(events.errorCodes(lonely)).containsExactly(PairingErrors.NOT_PAIRED, PairingErrors.NOT_PAIRED,
                PairingErrors.NOT_PAIRED);
        assertThat(registry.get("switchboard.pairing.relay.refused").tag("reason", "not_paired").counter().count())
                .isEqualTo(3);
    }

    // ---- ending ----------------------------------------------------------------------------------------

    @Test
    void leavingTellsThePeerPeerLeftAndTheLeaverLeft() {
        TestLine desktop = connect();
        TestLine phone = connect();
        String code = pair(desktop, phone);

        service.leave(phone, null);

        assertThat(events.last(desktop)).extracting(Event::kind, Event::code, Event::detail)
                .containsExactly("ended", code, EndReasons.PEER_LEFT);
        assertThat(events.last(phone)).extracting(Event::kind, Event::code, Event::detail)
                .containsExactly("ended", code, EndReasons.LEFT);
        assertThat(store.size()).isZero();
        assertThat(service.activePairings()).isZero();
        assertThat(registry.get("switchboard.pairing.ended").tag("reason", "peer_left").counter().count()).isEqualTo(1);

        service.data(desktop, null, utf8("late"));
        service.data(phone, null, utf8("late"));
        assertThat(events.errorCodes(desktop)).containsExactly(PairingErrors.PEER_GONE);
        assertThat(events.errorCodes(phone)).as("the leaver is simply not paired").containsExactly(PairingErrors.NOT_PAIRED);
        service.leave(phone, null);
        assertThat(events.errorCodes(phone)).endsWith(PairingErrors.NOT_PAIRED);
    }

    @Test
    void theDropOfALineTellsItsPeerWhy() {
        assertPeerToldOnClose(CloseReason.HEARTBEAT_TIMEOUT, EndReasons.PEER_TIMEOUT);
        assertPeerToldOnClose(CloseReason.REPLACED, EndReasons.PEER_REPLACED);
        assertPeerToldOnClose(null, EndReasons.PEER_DISCONNECTED); // the client or the network closed it
        assertPeerToldOnClose(CloseReason.NORMAL, EndReasons.PEER_DISCONNECTED);
        assertPeerToldOnClose(CloseReason.DISCONNECTED.withText("maintenance"), EndReasons.PEER_DISCONNECTED);
        assertPeerToldOnClose(CloseReason.HEARTBEAT_TIMEOUT.withText("quiet for 60 s"), EndReasons.PEER_TIMEOUT);
        assertThat(registry.get("switchboard.pairing.ended").tag("reason", "peer_timeout").counter().count())
                .isEqualTo(2);
    }

    private void assertPeerToldOnClose(CloseReason reason, String told) {
        TestLine desktop = connect();
        TestLine phone = connect();
        String code = pair(desktop, phone);

        drop(desktop, reason);

        assertThat(events.last(phone)).extracting(Event::kind, Event::code, Event::detail)
                .containsExactly("ended", code, told);
        assertThat(events.of(desktop, "ended")).as("the closed line is told nothing").isEmpty();
        assertThat(store.get(code)).isEmpty();
    }

    @Test
    void dataToAPeerThatDroppedIsAnsweredPeerGoneUntilTheLinePairsAgain() {
        TestLine desktop = connect();
        TestLine phone = connect();
        TestLine second = connect();
        String code = pair(desktop, phone);

        drop(phone, CloseReason.HEARTBEAT_TIMEOUT);
        service.data(desktop, null, utf8("1"));
        service.binary(desktop, utf8("2"));
        service.data(desktop, code, utf8("3"));

        assertThat(events.errorCodes(desktop)).containsExactly(PairingErrors.PEER_GONE, PairingErrors.PEER_GONE,
                PairingErrors.PEER_GONE);
        assertThat(events.received(phone)).isEmpty();
        assertThat(registry.get("switchboard.pairing.relay.refused").tag("reason", "peer_gone").counter().count())
                .isEqualTo(3);

        String again = pair(desktop, second);
        service.data(desktop, null, utf8("4"));
        assertThat(events.received(second)).containsExactly("4");
        assertThat(events.errorCodes(desktop)).hasSize(3);

        service.data(desktop, code, utf8("5"));
        service.leave(desktop, again);
        service.data(desktop, null, utf8("6"));
        assertThat(events.errorCodes(desktop)).as("pairing again forgot that the old peer went")
                .endsWith(PairingErrors.NOT_PAIRED, PairingErrors.NOT_PAIRED);
    }

    @Test
    void dataToAPeerThatIsClosingIsAnsweredPeerGone() {
        TestLine desktop = connect();
        TestLine phone = connect();
        pair(desktop, phone);
        phone.close(CloseReason.SLOW_CONSUMER); // being closed, not yet removed from the hub

        service.data(desktop, null, utf8("1"));

        assertThat(events.errorCodes(desktop)).containsExactly(PairingErrors.PEER_GONE);
        assertThat(events.received(phone)).isEmpty();
    }

    @Test
    void whatWasRelayedBeforeTheEndArrivesBeforeTheEndAndNothingAfterIt() {
        ManualExecutor phoneLoop = new ManualExecutor();
        TestLine desktop = connect();
        TestLine phone = connect(new TestLine(phoneLoop, "10.0.0.2"));
        String code = createCode(desktop);
        service.join(phone, "10.0.0.2", code);
        phoneLoop.runAll();

        service.data(desktop, null, utf8("before-close"));
        assertThat(service.close(code, "test")).isTrue();
        phoneLoop.runAll();

        assertThat(events.of(phone)).extracting(Event::kind).containsExactly("paired", "data", "ended");
        assertThat(events.received(phone)).containsExactly("before-close");
        assertThat(events.errorCodes(desktop)).isEmpty();
    }

    @Test
    void aRelayThatReachesAPeerAfterItClosedIsReportedToTheSender() {
        ManualExecutor phoneLoop = new ManualExecutor();
        TestLine desktop = connect();
        TestLine phone = connect(new TestLine(phoneLoop, "10.0.0.2"));
        String code = createCode(desktop);
        service.join(phone, "10.0.0.2", code);
        phoneLoop.runAll();

        service.data(desktop, null, utf8("in-flight")); // queued on the phone's executor
        drop(phone, null); // the close listener runs first (the test thread stands in for the phone's loop)
        phoneLoop.runAll();

        assertThat(events.received(phone)).isEmpty();
        assertThat(events.of(desktop)).filteredOn(e -> !e.kind().equals("code") && !e.kind().equals("paired"))
                .extracting(Event::kind, Event::detail)
                .containsExactlyInAnyOrder(tuple("ended", EndReasons.PEER_DISCONNECTED),
                        tuple("error", PairingErrors.PEER_GONE));
        assertThat(count("switchboard.pairing.relayed.messages")).isZero();
    }

    @Test
    void aRelayRacingTheEndOfThePairingIsRefusedIfItWouldArriveAfterTheEnd() {
        ManualExecutor phoneLoop = new ManualExecutor();
        TestLine desktop = connect();
        TestLine phone = connect(new TestLine(phoneLoop, "10.0.0.2"));
        String code = createCode(desktop);
        service.join(phone, "10.0.0.2", code);
        phoneLoop.runAll();
        // The relay has found the pairing and is checking the peer when an operator closes the pairing.
        phone.onNextCloseReasonQuery(() -> service.close(code, "race"));

        service.data(desktop, null, utf8("too-late"));
        phoneLoop.runAll();

        assertThat(events.of(phone)).extracting(Event::kind).containsExactly("paired", "ended");
        assertThat(events.errorCodes(desktop)).containsExactly(PairingErrors.PEER_GONE);
    }

    @Test
    void anOperatorClosesAPairingOrACode() {
        TestLine desktop = connect();
        TestLine phone = connect();
        TestLine other = connect();
        String code = pair(desktop, phone);
        String open = createCode(other);

        assertThat(service.list()).extracting(PairingRecord::code).containsExactlyInAnyOrder(code, open);
        assertThat(service.close(code.toLowerCase(), "abuse report")).isTrue();
        assertThat(service.close(open, null)).isTrue();
        assertThat(service.close(code, null)).isFalse();
        assertThat(service.close("ZZZZ", null)).isFalse();

        assertThat(events.last(desktop)).extracting(Event::kind, Event::detail)
                .containsExactly("ended", EndReasons.CLOSED_BY_OPERATOR);
        assertThat(events.last(phone)).extracting(Event::kind, Event::detail)
                .containsExactly("ended", EndReasons.CLOSED_BY_OPERATOR);
        assertThat(events.last(other)).extracting(Event::kind, Event::code, Event::detail)
                .containsExactly("ended", open, EndReasons.CLOSED_BY_OPERATOR);
        assertThat(store.size()).isZero();
        assertThat(service.activePairings()).isZero();
        assertThat(service.openCodes()).isZero();
        assertThat(service.trackedLines()).isZero();
        service.data(desktop, null, utf8("x"));
        assertThat(events.errorCodes(desktop)).containsExactly(PairingErrors.NOT_PAIRED);
    }

    @Test
    void noStateIsLeftAfterBothSidesClose() {
        TestLine desktop = connect();
        TestLine phone = connect();
        TestLine withCode = connect();
        pair(desktop, phone);
        createCode(withCode);
        service.data(desktop, null, utf8("1"));
        assertThat(service.trackedLines()).isEqualTo(3);

        drop(desktop, null);
        assertThat(service.trackedLines()).as("the phone remembers its peer went").isEqualTo(2);
        drop(phone, null);
        drop(withCode, CloseReason.NORMAL);

        assertThat(store.size()).isZero();
        assertThat(service.trackedLines()).isZero();
        assertThat(service.activePairings()).isZero();
        assertThat(service.openCodes()).isZero();
        assertThat(gauge("switchboard.pairing.active")).isZero();
    }

    @Test
    void requestsFromALineTheHubNoLongerListsLeaveNoState() {
        TestLine gone = connect();
        hub.remove(gone);

        service.create(gone);
        service.join(gone, "10.0.0.1", "ABCD");

        assertThat(events.of(gone)).isEmpty();
        assertThat(store.size()).isZero();
        assertThat(service.trackedLines()).isZero();
    }

    @Test
    void everyNoticeRunsOnTheExecutorOfTheLineItIsFor() {
        ManualExecutor desktopLoop = new ManualExecutor();
        ManualExecutor phoneLoop = new ManualExecutor();
        TestLine desktop = connect(new TestLine(desktopLoop, "10.0.0.1"));
        TestLine phone = connect(new TestLine(phoneLoop, "10.0.0.2"));

        service.create(desktop);
        assertThat(events.all()).as("even the requester's own answer is queued on its executor").isEmpty();
        desktopLoop.runAll();
        String code = events.lastCode(desktop);
        service.join(phone, "10.0.0.2", code);
        service.data(phone, null, utf8("hi"));
        assertThat(events.all()).as("nothing runs before the executors do").hasSize(1);

        assertThat(desktopLoop.size()).isEqualTo(2);
        assertThat(phoneLoop.size()).isEqualTo(1);
        desktopLoop.runAll();
        phoneLoop.runAll();
        assertThat(events.of(desktop)).extracting(Event::kind).containsExactly("code", "paired", "data");
        assertThat(events.of(phone)).extracting(Event::kind).containsExactly("paired");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** A queue of tasks the test runs when it chooses: an event loop that has not got round to them yet. */
    static final class ManualExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = poll()) != null) {
                task.run();
            }
        }

        synchronized int size() {
            return tasks.size();
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }

    private TestLine connect() {
        return connect(new TestLine());
    }

    private TestLine connect(TestLine line) {
        assertThat(hub.admit(line).admitted()).isTrue();
        hub.open(line);
        return line;
    }

    private void drop(TestLine line, CloseReason reason) {
        if (reason != null) {
            line.close(reason);
        }
        hub.remove(line);
    }

    private String createCode(TestLine line) {
        service.create(line);
        return events.lastCode(line);
    }

    private String pair(TestLine creator, TestLine joiner) {
        String code = createCode(creator);
        service.join(joiner, joiner.remoteAddress(), code);
        assertThat(events.last(joiner)).extracting(Event::kind, Event::code).containsExactly("paired", code);
        return code;
    }

    private static String unusedCode(String... taken) {
        for (String candidate : List.of("ABCD", "EFGH", "JKMN")) {
            if (!List.of(taken).contains(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError();
    }

    private double count(String name) {
        return registry.get(name).counter().count();
    }

    private double joins(String outcome) {
        return registry.get("switchboard.pairing.joins").tag("outcome", outcome).counter().count();
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
