package dev.switchboard.core.app;

import dev.switchboard.core.session.SessionDirectory;
import dev.switchboard.core.session.SessionHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A small in-test session directory: the apps feature is what is under test, not sessions. */
final class TestSessions implements SessionDirectory {

    final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final List<Consumer<SessionHandle>> listeners = new CopyOnWriteArrayList<>();

    Session open(String id, String userId, String deviceId) {
        Session session = new Session(id, userId, deviceId);
        sessions.put(id, session);
        return session;
    }

    void dispose(Session session) {
        session.active = false;
        sessions.remove(session.id);
        listeners.forEach(l -> l.accept(session));
    }

    @Override
    public Optional<SessionHandle> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    @Override
    public void onSessionDisposed(Consumer<SessionHandle> listener) {
        listeners.add(listener);
    }

    static final class Session implements SessionHandle {
        final String id;
        final String userId;
        final String deviceId;
        volatile boolean active = true;
        final List<String> frames = new CopyOnWriteArrayList<>();

        Session(String id, String userId, String deviceId) {
            this.id = id;
            this.userId = userId;
            this.deviceId = deviceId;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String userId() {
            return userId;
        }

        @Override
        public String deviceId() {
            return deviceId;
        }

        @Override
        public boolean sendToDevice(byte[] jsonObject) {
            if (!active) {
                return false;
            }
            frames.add(new String(jsonObject, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public boolean active() {
            return active;
        }
    }
}
