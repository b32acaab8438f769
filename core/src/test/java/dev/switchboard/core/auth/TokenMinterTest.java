package dev.switchboard.core.auth;

import static dev.switchboard.core.auth.TestTokens.CLOCK;
import static dev.switchboard.core.auth.TestTokens.NOW;
import static dev.switchboard.core.auth.TestTokens.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenMinterTest {

    private final TokenMinter minter = new TokenMinter(SECRET, CLOCK);

    @Test
    void mintsAnHs256TokenCarryingTheDeviceClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(minter.mint("alice", "phone-1", "2.3.0", Duration.ofMinutes(90)));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("user_id")).isEqualTo("alice");
        assertThat(claims.getStringClaim("device_id")).isEqualTo("phone-1");
        assertThat(claims.getStringClaim("device_version")).isEqualTo("2.3.0");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(90)));
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    void leavesDeviceVersionOutWhenNotGiven() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(minter.mint("alice", "phone-1", null, Duration.ofHours(1))).getJWTClaimsSet();

        assertThat(claims.getClaims()).doesNotContainKey("device_version");
    }

    @Test
    void everyTokenGetsItsOwnId() throws Exception {
        String a = SignedJWT.parse(minter.mint("alice", "phone-1", null, Duration.ofHours(1))).getJWTClaimsSet().getJWTID();
        String b = SignedJWT.parse(minter.mint("alice", "phone-1", null, Duration.ofHours(1))).getJWTClaimsSet().getJWTID();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void refusesWhatWouldMakeAnUnusableToken() {
        assertThatIllegalArgumentException().isThrownBy(() -> minter.mint("alice", "phone-1", null, Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> minter.mint(" ", "phone-1", null, Duration.ofHours(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> minter.mint("alice", null, null, Duration.ofHours(1)));
    }

    @Test
    void refusesShortSecrets() {
        byte[] shortSecret = "too-short".getBytes(StandardCharsets.UTF_8);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TokenMinter(shortSecret, CLOCK))
                .withMessageContaining("32 bytes")
                .withMessageNotContaining("too-short");
    }
}
