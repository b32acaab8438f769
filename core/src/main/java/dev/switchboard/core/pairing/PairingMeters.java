package dev.switchboard.core.pairing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The pairing service's meters, created once so no hot path looks a meter up by name. */
final class PairingMeters {

    /** How a {@code pair_join} ended; the tag value is the lower-case name. */
    enum JoinOutcome { PAIRED, INVALID_CODE, EXPIRED, SELF_JOIN, ALREADY_PAIRED, RATE_LIMITED }

    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger openCodes = new AtomicInteger();
    final Counter codesCreated;
    final Counter codesExpired;
    final Counter relayedMessages;
    final Counter relayedBytes;
    private final Map<JoinOutcome, Counter> joins = new EnumMap<>(JoinOutcome.class);
    private final Map<String, Counter> ended = new HashMap<>();
    private final Map<String, Counter> refused = new HashMap<>();

    PairingMeters(MeterRegistry registry) {
        codesCreated = Counter.builder("switchboard.pairing.codes.issued")
                .description("Pairing codes handed out").register(registry);
        codesExpired = Counter.builder("switchboard.pairing.codes.expired")
                .description("Pairing codes that expired unused").register(registry);
        relayedMessages = Counter.builder("switchboard.pairing.relayed.messages")
                .description("Messages (JSON and binary) relayed to a peer").register(registry);
        relayedBytes = Counter.builder("switchboard.pairing.relayed.bytes").baseUnit("bytes")
                .description("Payload bytes relayed to a peer").register(registry);
        for (JoinOutcome outcome : JoinOutcome.values()) {
            joins.put(outcome, Counter.builder("switchboard.pairing.joins")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .description("Join attempts, by outcome").register(registry));
        }
        for (String reason : List.of(EndReasons.PEER_LEFT, EndReasons.PEER_TIMEOUT, EndReasons.PEER_REPLACED,
                EndReasons.PEER_DISCONNECTED, EndReasons.CLOSED_BY_OPERATOR)) {
            ended.put(reason, Counter.builder("switchboard.pairing.ended").tag("reason", reason)
                    .description("Pairings ended, by what the remaining side was told").register(registry));
        }
        for (String reason : List.of(PairingErrors.NOT_PAIRED, PairingErrors.PEER_GONE,
                PairingErrors.AMBIGUOUS_PAIRING)) {
            refused.put(reason, Counter.builder("switchboard.pairing.relay.refused")
                    .tag("reason", reason.toLowerCase(Locale.ROOT))
                    .description("Messages not relayed (the sender was told why)").register(registry));
        }
        Gauge.builder("switchboard.pairing.active", active, AtomicInteger::get)
                .description("Pairings with both sides on this node").strongReference(true).register(registry);
        Gauge.builder("switchboard.pairing.open_codes", openCodes, AtomicInteger::get)
                .description("Codes created on this node and not yet joined").strongReference(true).register(registry);
    }

    void join(JoinOutcome outcome) {
        joins.get(outcome).increment();
    }

    void ended(String reason) {
        ended.get(reason).increment();
    }

    void refused(String errorCode) {
        refused.get(errorCode).increment();
    }
}
