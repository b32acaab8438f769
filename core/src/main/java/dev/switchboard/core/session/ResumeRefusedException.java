package dev.switchboard.core.session;

/** A resume the registry refused; the door answers with the refusal's status and code. */
public final class ResumeRefusedException extends RuntimeException {

    private final ResumeRefusal refusal;

    public ResumeRefusedException(ResumeRefusal refusal) {
        super(describe(refusal), null, false, false);
        this.refusal = refusal;
    }

    public ResumeRefusal refusal() {
        return refusal;
    }

    private static String describe(ResumeRefusal refusal) {
        switch (refusal) {
            case FORBIDDEN:
                return "the resume token belongs to another user or device";
            case AHEAD:
                return "lastSeq is beyond the last message the session sent";
            case BUSY:
                return "another connection is resuming this session right now; retry shortly";
            default:
                return "no session to resume for this token (expired, disposed, or rotated by a later resume); "
                        + "connect without resume for a new session";
        }
    }
}
