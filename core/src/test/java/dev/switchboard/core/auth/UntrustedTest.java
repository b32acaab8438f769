package dev.switchboard.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTest {

    /** Token text ends up in 401 bodies and logs; a crafted kid must not forge log lines or flood them. */
    @Test
    void quotesControlCharactersAwayAndCapsTheLength() {
        assertThat(Untrusted.quote("k1\nINFO fake line")).isEqualTo("\"k1?INFO fake line\"");
        assertThat(Untrusted.quote("x".repeat(500))).hasSize(64 + 5).endsWith("...\"");
        assertThat(Untrusted.quote(null)).isEqualTo("null");
    }
}
