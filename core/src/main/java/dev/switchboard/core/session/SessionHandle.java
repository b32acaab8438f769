package dev.switchboard.core.session;

/** A user session as the apps feature sees it. Thread-safe. */
public interface SessionHandle {

    /** Opaque, unique, never reused; safe whatever characters the user and device ids hold. */
    String id();

    String userId();

    String deviceId();

    /**
     * Sends a typed frame to the session's device: {@code jsonObject} is a complete UTF-8 JSON object with a
     * {@code "type"} field ({@code app_state}, {@code display_event}, {@code app_stopped}, …). The session
     * gives it the next {@code seq} and keeps it in the replay buffer, so a device that is away (within the
     * resume grace) gets it on resume. Returns false when the session is already disposed.
     */
    boolean sendToDevice(byte[] jsonObject);

    /** False once the session is disposed (grace expired or closed for good). */
    boolean active();
}
