package dev.switchboard.server.ws;

import dev.switchboard.core.session.ResumeRefusal;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;

/**
 * The resume half of {@code GET /ws?token=…&resume=<resumeToken>&lastSeq=<N>}: the token from the last
 * {@code connection_ack} and the last {@code seq} the device processed (0, or absent, for none).
 */
record ResumeRequest(String token, long lastSeq) {

    /** Null when the request does not resume; IllegalArgumentException (→ 400 bad_resume) when it is malformed. */
    static ResumeRequest of(Map<String, List<String>> query) {
        List<String> resume = query.get("resume");
        if (resume == null || resume.isEmpty()) {
            if (query.containsKey("lastSeq")) {
                throw new IllegalArgumentException("lastSeq is only meaningful with resume=<resumeToken>");
            }
            return null;
        }
        String token = resume.get(0).trim();
        if (token.isEmpty() || token.length() > 256) {
            throw new IllegalArgumentException("resume must be the resumeToken of the last connection_ack");
        }
        List<String> seq = query.get("lastSeq");
        long lastSeq = 0;
        if (seq != null && !seq.isEmpty()) {
            try {
                lastSeq = Long.parseLong(seq.get(0).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("lastSeq must be a whole number >= 0, was \"" + seq.get(0) + "\"");
            }
            if (lastSeq < 0) {
                throw new IllegalArgumentException("lastSeq must be a whole number >= 0, was " + lastSeq);
            }
        }
        return new ResumeRequest(token, lastSeq);
    }

    static HttpResponseStatus status(ResumeRefusal refusal) {
        switch (refusal) {
            case FORBIDDEN:
                return HttpResponseStatus.FORBIDDEN;
            case AHEAD:
                return HttpResponseStatus.BAD_REQUEST;
            case BUSY:
                return HttpResponseStatus.CONFLICT;
            default:
                return HttpResponseStatus.GONE;
        }
    }
}
