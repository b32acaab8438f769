package dev.switchboard.core.auth;

import java.util.Objects;

/**
 * A token was not accepted. The {@link #reason() reason} is the machine-readable part (its {@link Reason#code() code}
 * goes into HTTP 401 bodies); the message says in plain words what is wrong and never contains key material, so it
 * can be shown to the client as it is.
 */
public final class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token was rejected. The codes are a public contract: clients branch on them, so never rename one. */
    public enum Reason {
        MISSING("token_missing"),
        MALFORMED("token_malformed"),
        /** {@code alg: none}, encrypted tokens, and any algorithm outside the configured key's family. */
        ALGORITHM_NOT_ALLOWED("algorithm_not_allowed"),
        BAD_SIGNATURE("bad_signature"),
        EXPIRED("token_expired"),
        NOT_YET_VALID("token_not_yet_valid"),
        /** The message names the claim. */
        MISSING_CLAIM("missing_claim"),
        WRONG_ISSUER("wrong_issuer"),
        WRONG_AUDIENCE("wrong_audience"),
        /** The token names a {@code kid} the key set does not hold, or names none where one is needed. */
        UNKNOWN_KEY("unknown_key");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The stable snake_case code for error bodies, e.g. {@code token_expired}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public TokenRejectedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public TokenRejectedException(Reason reason, String message, Throwable cause) {
        // Rejections are routine on the handshake path (and an attacker can make them frequent); a stack trace
        // would cost time and tell nothing the reason and message do not.
        super(message, cause, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
