package dev.switchboard.core.session;

import java.util.List;

/**
 * What the device door hands to the apps feature, already parsed. Implemented by the apps feature; every
 * outcome (started, refused, failed) reaches the device as a frame through {@link SessionHandle#sendToDevice}.
 */
public interface AppPort {

    /** The device asked to start an app ({@code {"type":"app_start","packageName":…}}). */
    void start(SessionHandle session, String packageName);

    /** The device asked to stop an app ({@code {"type":"app_stop","packageName":…}}). */
    void stop(SessionHandle session, String packageName);

    /** The device sent {@code {"type":"stream","stream":…,"data":…}}; {@code data} is the serialised JSON value. */
    void stream(SessionHandle session, String stream, byte[] data);

    /** The device sent a binary frame outside a pairing: the {@code audio} stream. */
    void audio(SessionHandle session, byte[] bytes);

    /**
     * Whether an app of this session takes the {@code audio} stream (subscribed to it or to {@code *}, connected
     * or coming back). When none does, the door answers a binary frame as before (the pairing relay's
     * {@code NOT_PAIRED}) instead of dropping it unseen.
     */
    default boolean takesAudio(SessionHandle session) {
        return true;
    }

    /** The apps of a session and their states, for {@code session.list} and {@code GET /api/v1/sessions}. */
    List<AppSummary> appsOf(String sessionId);

    /** An app as a session listing shows it. */
    record AppSummary(String packageName, String state) {
    }

    /** Until the apps feature is wired: every start is refused by the door, nothing is running. */
    AppPort NONE = new AppPort() {
        @Override
        public void start(SessionHandle session, String packageName) {
        }

        @Override
        public void stop(SessionHandle session, String packageName) {
        }

        @Override
        public void stream(SessionHandle session, String stream, byte[] data) {
        }

        @Override
        public void audio(SessionHandle session, byte[] bytes) {
        }

        @Override
        public List<AppSummary> appsOf(String sessionId) {
            return List.of();
        }
    };
}
