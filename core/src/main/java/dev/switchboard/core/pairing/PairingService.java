package dev.switchboard.core.pairing;

import dev.switchboard.core.cluster.PairingRecord;
import dev.switchboard.core.cluster.PairingStore;
import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.Line;
import dev.switchboard.core.pairing.PairingMeters.JoinOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pairing relay: a line creates a short code, another line joins with it, and from then on what either
 * sends reaches the other, in order, until one leaves, drops or an operator closes the pairing.
 *
 * <p>Threading. The door calls {@link #create}, {@link #join}, {@link #data}, {@link #binary} and
 * {@link #leave} on the requesting line's executor. Every {@link PairingEvents} call is submitted to the
 * executor of the line it is for ({@code line.executor().execute(...)}), also for the requesting line itself,
 * so each line sees its pairing frames in the order the service produced them. Changes of pairing state
 * (create, join, leave, close, expiry, line closed) are serialised by one lock; they are rare and
 * rate-limited. The relay path ({@code data}, {@code binary}) takes no lock: one map lookup for the sender's
 * pairing, one hub lookup for the peer, one task on the peer's executor ({@link PairingRelay}; notices go
 * through {@link PairingNotifier}).
 *
 * <p>State. The {@link PairingStore} holds the serialisable records; this service holds, per line, only
 * what that line has open or is in ({@link LineState}), removed when the line closes. Codes expire through
 * a sweep every second on a daemon thread ({@code sb-pairing}) that also sweeps the join rate limiter.
 *
 * <p>Single node for now: a pairing's two lines must be on this node (a code created elsewhere cannot be
 * joined here); relaying across nodes through the broker is future work.
 */
public final class PairingService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PairingService.class);
    /** Fresh codes tried before giving up with CODES_EXHAUSTED. */
    static final int CODE_ATTEMPTS = 16;
    private static final String INVALID_TEXT = "no open pairing code matches";

    private final String nodeId;
    private final PairingSettings settings;
    private final PairingStore store;
    private final Hub hub;
    private final PairingNotifier tell;
    private final PairingRelay relay;
    private final Clock clock;
    private final PairingCodes codes;
    private final JoinRateLimiter limiter;
    private final PairingMeters meters;
    /** Per-line state, owned by the line: removed by {@link #lineClosed}. */
    private final Map<String, LineState> lines = new ConcurrentHashMap<>();
    /** Serialises every change of pairing state; the relay path never takes it. */
    private final Object lock = new Object();
    private final ScheduledExecutorService sweeper;

    public PairingService(String nodeId, PairingSettings settings, PairingStore store, Hub hub, PairingEvents events,
                          Clock clock, MeterRegistry registry) {
        this(nodeId, settings, store, hub, events, clock, registry, new PairingCodes(settings.codeLength()), true);
    }

    /** Tests pass their own code source and drive {@link #sweep()} themselves when {@code sweepEverySecond} is false. */
    PairingService(String nodeId, PairingSettings settings, PairingStore store, Hub hub, PairingEvents events,
                   Clock clock, MeterRegistry registry, PairingCodes codes, boolean sweepEverySecond) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.tell = new PairingNotifier(Objects.requireNonNull(events, "events"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.limiter = new JoinRateLimiter(settings.joinAttemptsPerMinute(), clock);
        this.meters = new PairingMeters(registry);
        this.relay = new PairingRelay(lines, hub, tell, meters);
        hub.onLineClosed(this::lineClosed);
        if (sweepEverySecond) {
            sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "sb-pairing");
                thread.setDaemon(true);
                return thread;
            });
            sweeper.scheduleWithFixedDelay(this::sweepSafely, 1, 1, TimeUnit.SECONDS);
        } else {
            sweeper = null;
        }
    }

    public PairingSettings settings() {
        return settings;
    }

    /** {@code pair_create}: a new code for the line, or TOO_MANY_CODES / ALREADY_PAIRED / CODES_EXHAUSTED. */
    public void create(Line line) {
        synchronized (lock) {
            if (!isListed(line)) {
                return;
            }
            LineState state = lines.get(line.id());
            if (state != null && state.linkCount() >= settings.maxPairingsPerLine()) {
                tell.error(line, null, PairingErrors.ALREADY_PAIRED, alreadyPairedText());
                return;
            }
            if (state != null && state.openCodes.size() >= settings.maxOpenCodesPerLine()) {
                tell.error(line, null, PairingErrors.TOO_MANY_CODES, "this line already holds "
                        + settings.maxOpenCodesPerLine() + " open code(s); use or leave one first");
                return;
            }
            Instant now = clock.instant();
            Instant expiresAt = now.plus(settings.codeTtl());
            String code = storeNewCode(line, now, expiresAt);
            if (code == null) {
                log.warn("no free pairing code after {} tries ({} entries stored)", CODE_ATTEMPTS, store.size());
                tell.error(line, null, PairingErrors.CODES_EXHAUSTED, "no free code right now; try again");
                return;
            }
            lines.computeIfAbsent(line.id(), id -> new LineState()).openCodes.put(code, expiresAt);
            meters.openCodes.incrementAndGet();
            meters.codesCreated.increment();
            log.debug("line {} created pairing code {} (expires {})", line.id(), code, expiresAt);
            tell.codeCreated(line, code, expiresAt);
        }
    }

    /**
     * {@code pair_join}: limited per line and per {@code remoteHost} first (null skips the address limit),
     * then, on success, both sides are told {@code paired}, the creator first.
     */
    public void join(Line line, String remoteHost, String typedCode) {
        boolean allowed = limiter.tryAcquire("line:" + line.id())
                && (remoteHost == null || remoteHost.isBlank() || limiter.tryAcquire("addr:" + remoteHost));
        if (!allowed) {
            meters.join(JoinOutcome.RATE_LIMITED);
            log.debug("line {} ({}) join refused: rate limited", line.id(), remoteHost);
            tell.error(line, null, PairingErrors.RATE_LIMITED, "too many join attempts; wait a minute and try again");
            return;
        }
        String code = PairingCodes.normalise(typedCode);
        synchronized (lock) {
            if (isListed(line)) {
                joinLocked(line, code);
            }
        }
    }

    /** {@code pair_data}: relays the payload to the peer of the named pairing, or of the line's only one. */
    public void data(Line line, String pairingCode, byte[] payloadJson) {
        Objects.requireNonNull(payloadJson, "payloadJson");
        relay.relay(line, pairingCode, payloadJson, false);
    }

    /** A binary frame: relayed to the peer of the line's only pairing. */
    public void binary(Line line, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        relay.relay(line, null, bytes, true);
    }

    /** Whether the line is in at least one live pairing (its binary frames are then relayed, not app audio). */
    public boolean isPaired(Line line) {
        LineState state = lines.get(line.id());
        return state != null && state.links().length > 0;
    }

    /** {@code pair_leave}: ends the named (or the only) pairing, or withdraws an open code. */
    public void leave(Line line, String pairingCode) {
        synchronized (lock) {
            LineState state = lines.get(line.id());
            String code = pairingCode == null ? soleCode(line, state) : PairingCodes.normalise(pairingCode);
            if (code == null) {
                return;
            }
            Link link = state == null ? null : state.removeLink(code);
            if (link != null) {
                store.remove(code);
                meters.active.decrementAndGet();
                meters.ended(EndReasons.PEER_LEFT);
                log.debug("line {} left pairing {} with line {}", line.id(), code, link.peerLineId);
                endForPeer(link, EndReasons.PEER_LEFT);
                tell.ended(line, link, EndReasons.LEFT);
                dropIfEmpty(line.id(), state);
            } else if (state != null && state.openCodes.remove(code) != null) {
                store.remove(code);
                meters.openCodes.decrementAndGet();
                log.debug("line {} withdrew its code {}", line.id(), code);
                tell.ended(line, code, EndReasons.LEFT);
                dropIfEmpty(line.id(), state);
            } else {
                tell.error(line, code, PairingErrors.NOT_PAIRED, "this line holds no pairing or code " + code);
            }
        }
    }

    /**
     * Operator close ({@code DELETE /api/v1/pairings/{code}}, control socket): both sides (or the creator of
     * an open code) are told {@code closed_by_operator}. {@code reason} is logged.
     *
     * @return false when no such code or pairing exists
     */
    public boolean close(String code, String reason) {
        String normalised = PairingCodes.normalise(code);
        synchronized (lock) {
            PairingRecord record = store.remove(normalised).orElse(null);
            if (record == null) {
                return false;
            }
            log.info("pairing {} closed by operator: {}", normalised, reason);
            if (!record.isPaired()) {
                LineState state = lines.get(record.creatorLineId());
                if (state != null && state.openCodes.remove(normalised) != null) {
                    meters.openCodes.decrementAndGet();
                    dropIfEmpty(record.creatorLineId(), state);
                }
                hub.line(record.creatorLineId()).ifPresent(creator ->
                        tell.ended(creator, normalised, EndReasons.CLOSED_BY_OPERATOR));
                return true;
            }
            boolean tracked = false;
            for (String side : List.of(record.creatorLineId(), record.joinerLineId())) {
                LineState state = lines.get(side);
                Link link = state == null ? null : state.removeLink(normalised);
                if (link != null) {
                    tracked = true;
                    dropIfEmpty(side, state);
                    hub.line(side).ifPresent(l -> tell.ended(l, link, EndReasons.CLOSED_BY_OPERATOR));
                }
            }
            if (tracked) {
                meters.active.decrementAndGet();
                meters.ended(EndReasons.CLOSED_BY_OPERATOR);
            }
            return true;
        }
    }

    /** A snapshot of every stored code and pairing. */
    public Collection<PairingRecord> list() {
        return store.all();
    }

    /** Pairings live on this node. */
    public int activePairings() {
        return meters.active.get();
    }

    /** Codes created on this node and not yet joined. */
    public int openCodes() {
        return meters.openCodes.get();
    }

    /** Stops the expiry sweep. Lines still closing afterwards are still cleaned up. */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    /**
     * The hub's close listener (on the closing line's executor): withdraws the line's codes and ends its
     * pairings; each peer is told {@code peer_timeout}, {@code peer_replaced} or {@code peer_disconnected}.
     */
    void lineClosed(Line line) {
        limiter.forget("line:" + line.id());
        synchronized (lock) {
            LineState state = lines.remove(line.id());
            if (state == null) {
                return;
            }
            for (String code : state.openCodes.keySet()) {
                store.remove(code);
                meters.openCodes.decrementAndGet();
            }
            String reason = EndReasons.forPeerOf(line.closeReason());
            for (Link link : state.links()) {
                link.over = true;
                store.remove(link.code);
                meters.active.decrementAndGet();
                meters.ended(reason);
                endForPeer(link, reason);
            }
            log.debug("line {} closed: {} code(s) withdrawn, {} pairing(s) ended ({})", line.id(),
                    state.openCodes.size(), state.linkCount(), reason);
        }
    }

    /** Removes expired codes and tells their creators EXPIRED; runs every second unless a test drives it. */
    void sweep() {
        limiter.sweepIfDue();
        Instant now = clock.instant();
        synchronized (lock) {
            for (PairingRecord record : store.removeExpired(now)) {
                LineState state = lines.get(record.creatorLineId());
                if (state == null || state.openCodes.remove(record.code()) == null) {
                    continue; // not one of this node's lines, or already withdrawn
                }
                meters.openCodes.decrementAndGet();
                meters.codesExpired.increment();
                dropIfEmpty(record.creatorLineId(), state);
                log.debug("code {} of line {} expired unused", record.code(), record.creatorLineId());
                hub.line(record.creatorLineId()).ifPresent(creator -> tell.error(creator, record.code(),
                        PairingErrors.EXPIRED, "the code expired unused; create a new one"));
            }
        }
    }

    /** Lines with pairing state; 0 once every line that paired or made a code has closed. */
    int trackedLines() {
        return lines.size();
    }

    // ---- join ------------------------------------------------------------------------------------------

    private void joinLocked(Line line, String code) {
        Instant now = clock.instant();
        LineState state = lines.get(line.id());
        if (state != null) {
            Instant expiresAt = state.openCodes.get(code);
            if (expiresAt != null && now.isBefore(expiresAt)) {
                refuseJoin(line, code, JoinOutcome.SELF_JOIN, PairingErrors.SELF_JOIN,
                        "this is your own code; another device must join it");
                return;
            }
            if (expiresAt != null) {
                store.remove(code);
                state.openCodes.remove(code);
                meters.openCodes.decrementAndGet();
                meters.codesExpired.increment();
                dropIfEmpty(line.id(), state);
                refuseJoin(line, code, JoinOutcome.EXPIRED, PairingErrors.EXPIRED, "your code expired; create a new one");
                return;
            }
            if (state.link(code) != null || state.linkCount() >= settings.maxPairingsPerLine()) {
                refuseJoin(line, code, JoinOutcome.ALREADY_PAIRED, PairingErrors.ALREADY_PAIRED, alreadyPairedText());
                return;
            }
        }
        PairingRecord record = PairingCodes.isWellFormed(code)
                ? store.join(code, line.id(), nodeId, now).orElse(null) : null;
        if (record == null) {
            refuseJoin(line, code, JoinOutcome.INVALID_CODE, PairingErrors.INVALID_CODE, INVALID_TEXT);
            return;
        }
        Line creator = hub.line(record.creatorLineId()).filter(l -> l.closeReason() == null).orElse(null);
        LineState creatorState = lines.get(record.creatorLineId());
        boolean openHere = creatorState != null && creatorState.openCodes.remove(code) != null;
        if (openHere) {
            meters.openCodes.decrementAndGet();
        }
        if (creator == null || !openHere) {
            // The creator has gone (or is on another node): the code is dead, and looks like any other bad code.
            store.remove(code);
            if (creatorState != null) {
                dropIfEmpty(record.creatorLineId(), creatorState);
            }
            log.debug("line {} joined code {} of departed line {}: code removed", line.id(), code,
                    record.creatorLineId());
            refuseJoin(line, code, JoinOutcome.INVALID_CODE, PairingErrors.INVALID_CODE, INVALID_TEXT);
            return;
        }
        Link creatorSide = new Link(code, line.id());
        Link joinerSide = new Link(code, creator.id());
        creatorSide.peer = joinerSide;
        joinerSide.peer = creatorSide;
        LineState joinerState = state != null ? state : lines.computeIfAbsent(line.id(), id -> new LineState());
        joinerState.addLink(joinerSide);
        joinerState.clearGone();
        // The joiner's pair_paired is queued before the creator's side exists: relays take no lock, so a creator
        // sending at once could otherwise get its data to the joiner ahead of the joiner's pair_paired.
        tell.paired(line, code, creator);
        creatorState.addLink(creatorSide);
        creatorState.clearGone();
        tell.paired(creator, code, line);
        meters.active.incrementAndGet();
        meters.join(JoinOutcome.PAIRED);
        log.debug("line {} joined code {}: paired with line {}", line.id(), code, creator.id());
        withdrawCodesIfFull(creator, creatorState);
        withdrawCodesIfFull(line, joinerState);
    }

    private void refuseJoin(Line line, String code, JoinOutcome outcome, String errorCode, String text) {
        meters.join(outcome);
        log.debug("line {} join of {} refused: {}", line.id(), code, errorCode);
        tell.error(line, PairingCodes.isWellFormed(code) ? code : null, errorCode, text);
    }

    /** A line at its pairing limit cannot use its open codes any more: withdraw them, telling it so. */
    private void withdrawCodesIfFull(Line line, LineState state) {
        if (state.linkCount() < settings.maxPairingsPerLine() || state.openCodes.isEmpty()) {
            return;
        }
        for (String code : List.copyOf(state.openCodes.keySet())) {
            state.openCodes.remove(code);
            store.remove(code);
            meters.openCodes.decrementAndGet();
            tell.ended(line, code, EndReasons.CANCELLED);
        }
    }

    private String storeNewCode(Line line, Instant now, Instant expiresAt) {
        for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
            String candidate = codes.next();
            if (store.create(PairingRecord.open(candidate, line.id(), nodeId, now, expiresAt))) {
                return candidate;
            }
        }
        return null;
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** Whether the line is the hub's line for its id: requests from a line already forgotten leave no state. */
    private boolean isListed(Line line) {
        return hub.line(line.id()).orElse(null) == line;
    }

    /** The line's only pairing or open code, or null after telling it NOT_PAIRED / AMBIGUOUS_PAIRING. */
    private String soleCode(Line line, LineState state) {
        int held = state == null ? 0 : state.linkCount() + state.openCodes.size();
        if (held == 1) {
            return state.linkCount() == 1 ? state.links()[0].code : state.openCodes.keySet().iterator().next();
        }
        if (held == 0) {
            tell.error(line, null, PairingErrors.NOT_PAIRED, "this line holds no pairing or code");
        } else {
            tell.error(line, null, PairingErrors.AMBIGUOUS_PAIRING,
                    "this line holds " + held + " pairings and codes; name one with its code");
        }
        return null;
    }

    /** The pairing of {@code link} is over for its peer: forget it there, remember why, tell the peer. */
    private void endForPeer(Link link, String reason) {
        LineState peerState = lines.get(link.peerLineId);
        if (peerState != null) {
            peerState.removeLink(link.code);
            peerState.markGone(link.code, settings.maxPairingsPerLine());
        }
        hub.line(link.peerLineId).ifPresent(peer -> tell.ended(peer, link.peer, reason));
    }

    private void dropIfEmpty(String lineId, LineState state) {
        if (state.isEmpty()) {
            lines.remove(lineId, state);
        }
    }

    private String alreadyPairedText() {
        return "this line is already in " + settings.maxPairingsPerLine() + " pairing(s); leave one first";
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("pairing sweep failed", e);
        }
    }
}
