package dev.switchboard.core.session;

import java.time.Instant;

/**
 * A session as listings show it ({@code session.list}, {@code GET /api/v1/sessions}); a consistent snapshot.
 *
 * @param lineId         the line the session is bound to (connecting or connected), or null while away
 * @param disconnectedAt when the device went away (null while it is on a line)
 */
public record SessionView(String id, String userId, String deviceId, SessionState state, long lastSeq,
                          int bufferedMessages, long bufferedBytes, long ackedSeq, String lineId, Instant createdAt,
                          Instant disconnectedAt, long resumes) {
}
