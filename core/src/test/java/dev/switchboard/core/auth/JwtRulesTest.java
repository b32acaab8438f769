package dev.switchboard.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JwtRulesTest {

    @Test
    void defaultAllowsThirtySecondsSkewAndChecksNeitherIssuerNorAudience() {
        assertThat(JwtRules.DEFAULT.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(JwtRules.DEFAULT.issuer()).isNull();
        assertThat(JwtRules.DEFAULT.audience()).isNull();
    }

    @Test
    void withersChangeOnlyTheirField() {
        JwtRules rules = JwtRules.DEFAULT.withIssuer("https://idp").withAudience("switchboard");

        assertThat(rules.issuer()).isEqualTo("https://idp");
        assertThat(rules.audience()).isEqualTo("switchboard");
        assertThat(rules.clockSkew()).isEqualTo(JwtRules.DEFAULT_CLOCK_SKEW);
    }

    @Test
    void refusesNegativeSkew() {
        assertThatIllegalArgumentException().isThrownBy(() -> JwtRules.DEFAULT.withClockSkew(Duration.ofSeconds(-1)));
    }

    /** A blank issuer is usually an empty environment variable, not a wish to reject every token. */
    @Test
    void refusesBlankIssuerAndAudience() {
        assertThatIllegalArgumentException().isThrownBy(() -> JwtRules.DEFAULT.withIssuer(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> JwtRules.DEFAULT.withAudience(""));
    }
}
