package dev.switchboard.core.session;

/** Why a resume was refused; the WebSocket door answers each with its own HTTP status before any upgrade. */
public enum ResumeRefusal {
    /** No live session holds this token: unknown, expired (disposed) or rotated by a later resume. 410. */
    UNKNOWN("resume_unknown"),
    /** The token belongs to another user or device than the connecting token names. 403. */
    FORBIDDEN("resume_forbidden"),
    /** {@code lastSeq} is beyond anything the session ever sent. 400. */
    AHEAD("bad_last_seq"),
    /** Another line is resuming (or first connecting) this session right now. 409. */
    BUSY("resume_in_progress");

    private final String code;

    ResumeRefusal(String code) {
        this.code = code;
    }

    /** The {@code error} code of the refusal's JSON body and of the {@code switchboard.sessions.resume.refused} tag. */
    public String code() {
        return code;
    }
}
