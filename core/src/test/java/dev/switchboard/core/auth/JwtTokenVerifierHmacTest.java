package dev.switchboard.core.auth;

import static dev.switchboard.core.auth.TestTokens.NOW;
import static dev.switchboard.core.auth.TestTokens.RULES;
import static dev.switchboard.core.auth.TestTokens.SECRET;
import static dev.switchboard.core.auth.TestTokens.at;
import static dev.switchboard.core.auth.TestTokens.base64url;
import static dev.switchboard.core.auth.TestTokens.deviceClaims;
import static dev.switchboard.core.auth.TestTokens.hs256;
import static dev.switchboard.core.auth.TestTokens.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.switchboard.core.auth.TokenRejectedException.Reason;
import dev.switchboard.core.identity.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class JwtTokenVerifierHmacTest {

    private final JwtTokenVerifier verifier = JwtTokenVerifier.hmac(SECRET, RULES);

    @Test
    void mintedTokenRoundTripsToTheDevicePrincipal() throws Exception {
        String token = new TokenMinter(SECRET, TestTokens.CLOCK).mint("alice", "phone-1", "2.3.0", Duration.ofHours(1));

        Principal principal = verifier.verify(token);

        assertThat(principal).isEqualTo(Principal.device("alice", "phone-1", "2.3.0", NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void userComesFromUserIdWhenSubIsAbsent() throws Exception {
        String token = hs256(SECRET, deviceClaims().subject(null).claim("user_id", "bob").build());

        assertThat(verifier.verify(token).userId()).isEqualTo("bob");
    }

    @Test
    void subWinsOverUserId() throws Exception {
        String token = hs256(SECRET, deviceClaims().claim("user_id", "bob").build());

        assertThat(verifier.verify(token).userId()).isEqualTo("alice");
    }

    @Test
    void deviceVersionIsOptional() throws Exception {
        Principal principal = verifier.verify(hs256(SECRET, deviceClaims().build()));

        assertThat(principal.deviceVersion()).isNull();
        assertThat(principal.deviceId()).isEqualTo("phone-1");
    }

    @Test
    void expiredTokenIsRejected() {
        String token = hs256(SECRET, deviceClaims().expirationTime(at(NOW.minus(Duration.ofHours(1)))).build());

        TokenRejectedException e = rejection(verifier, token);

        assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
        assertThat(e).hasMessageContaining("expired at 2030-01-01T11:00:00Z");
    }

    @Test
    void expiryWithinTheClockSkewIsAccepted() throws Exception {
        String token = hs256(SECRET, deviceClaims().expirationTime(at(NOW.minusSeconds(10))).build());

        assertThat(verifier.verify(token).userId()).isEqualTo("alice");
    }

    @Test
    void expiryJustBeyondTheClockSkewIsRejected() {
        String token = hs256(SECRET, deviceClaims().expirationTime(at(NOW.minusSeconds(31))).build());

        assertThat(rejection(verifier, token).reason()).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void notBeforeInTheFutureIsRejected() {
        String token = hs256(SECRET, deviceClaims().notBeforeTime(at(NOW.plus(Duration.ofMinutes(5)))).build());

        assertThat(rejection(verifier, token).reason()).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void notBeforeWithinTheClockSkewIsAccepted() throws Exception {
        String token = hs256(SECRET, deviceClaims().notBeforeTime(at(NOW.plusSeconds(10))).build());

        assertThat(verifier.verify(token).deviceId()).isEqualTo("phone-1");
    }

    /** A token without exp would stay valid forever once leaked. */
    @Test
    void tokenWithoutExpiryIsRejected() {
        String token = hs256(SECRET, deviceClaims().expirationTime(null).build());

        TokenRejectedException e = rejection(verifier, token);

        assertThat(e.reason()).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(e).hasMessageContaining("exp");
    }

    @Test
    void tokenWithoutDeviceIdIsRejected() {
        String token = hs256(SECRET, deviceClaims().claim("device_id", null).build());

        TokenRejectedException e = rejection(verifier, token);

        assertThat(e.reason()).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(e).hasMessageContaining("device_id");
    }

    @Test
    void tokenWithoutAnyUserIsRejected() {
        String token = hs256(SECRET, deviceClaims().subject(null).build());

        TokenRejectedException e = rejection(verifier, token);

        assertThat(e.reason()).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(e).hasMessageContaining("sub").hasMessageContaining("user_id");
    }

    @Test
    void nonStringDeviceIdIsMalformedAndNamed() {
        String token = hs256(SECRET, deviceClaims().claim("device_id", 42).build());

        TokenRejectedException e = rejection(verifier, token);

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e).hasMessageContaining("device_id");
    }

    @Test
    void tokenSignedWithAnotherSecretIsRejected() {
        byte[] otherSecret = "another-secret-that-is-also-long-enough".getBytes(StandardCharsets.UTF_8);

        assertThat(rejection(verifier, hs256(otherSecret, deviceClaims().build())).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void payloadSwappedUnderAValidSignatureIsRejected() {
        String[] genuine = hs256(SECRET, deviceClaims().build()).split("\\.");
        String[] other = hs256(SECRET, deviceClaims().claim("device_id", "someone-elses-phone").build()).split("\\.");

        String forged = genuine[0] + "." + other[1] + "." + genuine[2];

        assertThat(rejection(verifier, forged).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void unsignedTokenIsRejectedAsAlgorithmNotAllowed() {
        String payload = base64url(deviceClaims().build().toString());

        String literal = "eyJhbGciOiJub25lIn0." + payload + ".";
        String withJunkSignature = "eyJhbGciOiJub25lIn0." + payload + ".c2ln";
        String viaNimbus = new PlainJWT(new PlainHeader(), deviceClaims().build()).serialize();

        for (String token : List.of(literal, withJunkSignature, viaNimbus)) {
            TokenRejectedException e = rejection(verifier, token);
            assertThat(e.reason()).as(token).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
            assertThat(e).hasMessageContaining("none");
        }
    }

    @Test
    void noneSpelledInOtherCaseIsStillNotAllowed() {
        String token = base64url("{\"alg\":\"NONE\"}") + "." + base64url(deviceClaims().build().toString()) + ".";

        assertThat(rejection(verifier, token).reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void encryptedTokenIsRejectedAsAlgorithmNotAllowed() {
        String token = base64url("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}") + ".." + "aXY" + "." + "Y3Q" + "." + "dGFn";

        assertThat(rejection(verifier, token).reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }

    /** RFC 7518 3.2: HS512 needs a 64-byte key, so a 32-byte secret must not verify it. */
    @Test
    void hmacAlgorithmsAreLimitedByTheSecretLength() throws Exception {
        byte[] longSecret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        String hs512 = TestTokens.sign(new MACSigner(longSecret), new JWSHeader(JWSAlgorithm.HS512), deviceClaims().build());
        byte[] first32 = java.util.Arrays.copyOf(longSecret, 32);

        assertThat(JwtTokenVerifier.hmac(longSecret, RULES).verify(hs512).userId()).isEqualTo("alice");
        assertThat(rejection(JwtTokenVerifier.hmac(first32, RULES), hs512).reason()).isEqualTo(Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void garbageIsMalformed() {
        for (String token : List.of("not-a-token", "a.b.c", "%%%.%%%.%%%", "eyJhbGciOiJIUzI1NiJ9.!!!.abc", "a.b.c.d")) {
            assertThat(rejection(verifier, token).reason()).as(token).isEqualTo(Reason.MALFORMED);
        }
    }

    @Test
    void validlySignedPayloadThatIsNotJsonIsMalformed() throws Exception {
        com.nimbusds.jose.JWSObject object = new com.nimbusds.jose.JWSObject(
                new JWSHeader(JWSAlgorithm.HS256), new com.nimbusds.jose.Payload("just text"));
        object.sign(new MACSigner(SECRET));

        assertThat(rejection(verifier, object.serialize()).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void criticalHeaderParametersAreRefusedClearly() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .criticalParams(Set.of("x-policy")).customParam("x-policy", "strict").build();
        String token = TestTokens.sign(new MACSigner(SECRET), header, deviceClaims().build());

        TokenRejectedException e = rejection(verifier, token);

        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e).hasMessageContaining("x-policy");
    }

    @Test
    void oversizedTokenIsRefusedBeforeParsing() {
        String huge = "a".repeat(JwtTokenVerifier.MAX_TOKEN_CHARS + 1);

        assertThat(rejection(verifier, huge).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void absentTokenIsMissing() {
        for (String token : new String[] {null, "", "   "}) {
            assertThat(rejection(verifier, token).reason()).isEqualTo(Reason.MISSING);
        }
    }

    @Test
    void shortSecretIsRefusedWithoutEchoingIt() {
        byte[] shortSecret = "only-thirty-one-bytes-long-here".getBytes(StandardCharsets.UTF_8);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> JwtTokenVerifier.hmac(shortSecret, RULES))
                .withMessageContaining("32 bytes")
                .withMessageNotContaining(new String(shortSecret, StandardCharsets.UTF_8));
    }

    @Test
    void rejectionMessagesNeverContainTheSecret() {
        String secretText = new String(SECRET, StandardCharsets.UTF_8);
        List<String> badTokens = List.of(
                hs256("another-secret-that-is-also-long-enough".getBytes(StandardCharsets.UTF_8), deviceClaims().build()),
                hs256(SECRET, deviceClaims().expirationTime(at(NOW.minusSeconds(3600))).build()),
                hs256(SECRET, deviceClaims().expirationTime(null).build()),
                "eyJhbGciOiJub25lIn0." + base64url(deviceClaims().build().toString()) + ".",
                "garbage");

        for (String token : badTokens) {
            assertThat(rejection(verifier, token).getMessage()).doesNotContain(secretText).isNotBlank();
        }
    }

    @Test
    void issuerMustMatchWhenConfigured() throws Exception {
        JwtTokenVerifier strict = JwtTokenVerifier.hmac(SECRET, RULES.withIssuer("https://idp.example"));

        assertThat(strict.verify(hs256(SECRET, deviceClaims().issuer("https://idp.example").build())).userId()).isEqualTo("alice");
        TokenRejectedException wrong = rejection(strict, hs256(SECRET, deviceClaims().issuer("https://evil.example").build()));
        assertThat(wrong.reason()).isEqualTo(Reason.WRONG_ISSUER);
        assertThat(wrong).hasMessageContaining("https://evil.example").hasMessageContaining("https://idp.example");
        assertThat(rejection(strict, hs256(SECRET, deviceClaims().build())).reason()).isEqualTo(Reason.MISSING_CLAIM);
    }

    @Test
    void audienceMustBeIncludedWhenConfigured() throws Exception {
        JwtTokenVerifier strict = JwtTokenVerifier.hmac(SECRET, RULES.withAudience("switchboard"));

        assertThat(strict.verify(hs256(SECRET, deviceClaims().audience(List.of("other", "switchboard")).build())).userId())
                .isEqualTo("alice");
        assertThat(rejection(strict, hs256(SECRET, deviceClaims().audience("other").build())).reason())
                .isEqualTo(Reason.WRONG_AUDIENCE);
        assertThat(rejection(strict, hs256(SECRET, deviceClaims().build())).reason()).isEqualTo(Reason.MISSING_CLAIM);
    }

    @Test
    void issuerAndAudienceAreIgnoredWhenNotConfigured() throws Exception {
        String token = hs256(SECRET, deviceClaims().issuer("anyone").audience("anything").build());

        assertThat(verifier.verify(token).userId()).isEqualTo("alice");
    }

    /** One verifier serves every event loop at once; each caller must get the principal of its own token. */
    @Test
    void concurrentCallersEachGetTheirOwnPrincipal() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String user = "user-" + t;
                String token = hs256(SECRET, deviceClaims().subject(user).claim("device_id", "device-" + t).build());
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        Principal p = verifier.verify(token);
                        if (!p.userId().equals(user) || !p.deviceId().equals("device-" + user.substring(5))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expiresAtIsTheTokenExpiry() throws Exception {
        JWTClaimsSet claims = deviceClaims().expirationTime(at(NOW.plusSeconds(1234))).build();

        assertThat(verifier.verify(hs256(SECRET, claims)).expiresAt()).isEqualTo(NOW.plusSeconds(1234));
    }
}
