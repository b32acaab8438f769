package dev.switchboard.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.auth.TokenRejectedException.Reason;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TokenRejectedExceptionTest {

    /** Clients branch on these strings in 401 bodies; renaming one is a breaking protocol change. */
    @Test
    void reasonCodesAreTheDocumentedContract() {
        Map<Reason, String> codes = Arrays.stream(Reason.values()).collect(Collectors.toMap(r -> r, Reason::code));

        assertThat(codes).containsExactlyInAnyOrderEntriesOf(Map.of(
                Reason.MISSING, "token_missing",
                Reason.MALFORMED, "token_malformed",
                Reason.ALGORITHM_NOT_ALLOWED, "algorithm_not_allowed",
                Reason.BAD_SIGNATURE, "bad_signature",
                Reason.EXPIRED, "token_expired",
                Reason.NOT_YET_VALID, "token_not_yet_valid",
                Reason.MISSING_CLAIM, "missing_claim",
                Reason.WRONG_ISSUER, "wrong_issuer",
                Reason.WRONG_AUDIENCE, "wrong_audience",
                Reason.UNKNOWN_KEY, "unknown_key"));
    }

    @Test
    void carriesReasonAndMessage() {
        TokenRejectedException e = new TokenRejectedException(Reason.EXPIRED, "token expired at X");

        assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(e).hasMessage("token expired at X");
    }
}
