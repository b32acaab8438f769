package dev.switchboard.server.apps;

import dev.switchboard.core.hub.Hub;
import dev.switchboard.core.hub.Line;
import dev.switchboard.core.hub.Message;
import dev.switchboard.core.session.SessionDirectory;
import dev.switchboard.core.session.SessionHandle;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The session directory until the sessions feature provides one: every open device line is a session of its
 * own (id from {@code sessionIdOf}, the id its {@code connection_ack} announced), disposed when the line
 * closes; no resume, no replay. Frames are delivered on the line's own executor.
 */
public final class LineSessionDirectory implements SessionDirectory {

    private final Hub hub;
    private final Function<String, String> sessionIdOf;
    private final List<Consumer<SessionHandle>> listeners = new CopyOnWriteArrayList<>();

    public LineSessionDirectory(Hub hub, Function<String, String> sessionIdOf) {
        this.hub = hub;
        this.sessionIdOf = sessionIdOf;
        hub.onLineClosed(line -> {
            LineSession gone = new LineSession(line, sessionIdOf.apply(line.id()), false);
            listeners.forEach(listener -> listener.accept(gone));
        });
    }

    @Override
    public Optional<SessionHandle> find(String sessionId) {
        for (Line line : hub.lines()) {
            if (sessionIdOf.apply(line.id()).equals(sessionId)) {
                return Optional.of(new LineSession(line, sessionId, true));
            }
        }
        return Optional.empty();
    }

    /** The session of an open line, for the door that holds the line. */
    public SessionHandle sessionOf(Line line) {
        return new LineSession(line, sessionIdOf.apply(line.id()), true);
    }

    @Override
    public void onSessionDisposed(Consumer<SessionHandle> listener) {
        listeners.add(listener);
    }

    private final class LineSession implements SessionHandle {
        private final Line line;
        private final String id;
        private final boolean open;

        LineSession(Line line, String id, boolean open) {
            this.line = line;
            this.id = id;
            this.open = open;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String userId() {
            return line.principal().userId();
        }

        @Override
        public String deviceId() {
            return line.principal().deviceId();
        }

        @Override
        public boolean sendToDevice(byte[] jsonObject) {
            if (!active()) {
                return false;
            }
            line.executor().execute(() -> line.deliver(Message.frame(jsonObject)));
            return true;
        }

        @Override
        public boolean active() {
            return open && line.closeReason() == null && hub.line(line.id()).isPresent();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LineSession session && session.id.equals(id);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }
    }
}
