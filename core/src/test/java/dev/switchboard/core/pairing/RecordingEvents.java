package dev.switchboard.core.pairing;

import dev.switchboard.core.hub.Line;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Records every PairingEvents call, per line and in one global order, from any thread. */
final class RecordingEvents implements PairingEvents {

    /**
     * One call. {@code detail} is the error code for {@code error}, the reason for {@code ended}; {@code peer} the
     * peer's line id for {@code paired}; {@code body} the relayed bytes; {@code thread} where the call ran.
     */
    record Event(String kind, String lineId, String code, String detail, String message, String peer, byte[] body,
                 Instant expiresAt, String thread) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Queue<Event> all = new ConcurrentLinkedQueue<>();
    private final Map<String, Queue<Event>> byLine = new ConcurrentHashMap<>();

    @Override
    public void codeCreated(Line line, String code, Instant expiresAt) {
        add(line, new Event("code", line.id(), code, null, null, null, null, expiresAt, thread()));
    }

    @Override
    public void paired(Line line, String code, Line peer) {
        add(line, new Event("paired", line.id(), code, null, null, peer.id(), null, null, thread()));
    }

    @Override
    public void data(Line line, String code, byte[] payloadJson) {
        add(line, new Event("data", line.id(), code, null, null, null, payloadJson, null, thread()));
    }

    @Override
    public void binary(Line line, String code, byte[] bytes) {
        add(line, new Event("binary", line.id(), code, null, null, null, bytes, null, thread()));
    }

    @Override
    public void ended(Line line, String code, String reason) {
        add(line, new Event("ended", line.id(), code, reason, null, null, null, null, thread()));
    }

    @Override
    public void error(Line line, String code, String errorCode, String message) {
        add(line, new Event("error", line.id(), code, errorCode, message, null, null, null, thread()));
    }

    List<Event> all() {
        return List.copyOf(all);
    }

    List<Event> of(Line line) {
        Queue<Event> events = byLine.get(line.id());
        return events == null ? List.of() : List.copyOf(events);
    }

    List<Event> of(Line line, String kind) {
        List<Event> matching = new ArrayList<>();
        for (Event event : of(line)) {
            if (event.kind().equals(kind)) {
                matching.add(event);
            }
        }
        return matching;
    }

    Event last(Line line) {
        List<Event> events = of(line);
        if (events.isEmpty()) {
            throw new AssertionError("no event for line " + line.id());
        }
        return events.get(events.size() - 1);
    }

    /** The code of the line's latest {@code codeCreated}. */
    String lastCode(Line line) {
        List<Event> codes = of(line, "code");
        if (codes.isEmpty()) {
            throw new AssertionError("line " + line.id() + " got no code; it got " + of(line));
        }
        return codes.get(codes.size() - 1).code();
    }

    /** Error codes the line was sent, in order. */
    List<String> errorCodes(Line line) {
        return of(line, "error").stream().map(Event::detail).toList();
    }

    /** Relayed payloads (JSON and binary) the line received, as text, in order. */
    List<String> received(Line line) {
        return of(line).stream().filter(e -> e.kind().equals("data") || e.kind().equals("binary"))
                .map(Event::text).toList();
    }

    void clear() {
        all.clear();
        byLine.clear();
    }

    private void add(Line line, Event event) {
        all.add(event);
        byLine.computeIfAbsent(line.id(), id -> new ConcurrentLinkedQueue<>()).add(event);
    }

    private static String thread() {
        return Thread.currentThread().getName();
    }
}
