package dev.switchboard.core.app;

/** An app's WebSocket as the apps feature sees it. Implementations are thread-safe and never block. */
public interface AppLine {

    /** For logs. */
    String id();

    /** Sends one complete UTF-8 JSON object as a text frame. */
    void sendText(byte[] json);

    /** Sends a binary frame (audio). */
    void sendBinary(byte[] bytes);

    /** When the app was last heard from (any frame, pongs included); null when the line does not track it. */
    default java.time.Instant lastSeen() {
        return null;
    }

    /** Closes the line with a WebSocket close code and a short reason. */
    void close(int code, String reason);
}
