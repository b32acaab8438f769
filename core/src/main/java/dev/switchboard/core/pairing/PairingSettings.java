package dev.switchboard.core.pairing;

import java.time.Duration;
import java.util.Objects;

/**
 * Pairing policy, taken from the validated server configuration.
 *
 * @param codeLength            characters in a code, 4..12
 * @param codeTtl               how long an unjoined code is accepted
 * @param maxOpenCodesPerLine   unjoined codes one line may hold at once
 * @param maxPairingsPerLine    pairings one line may be in; above 1 a line names the pairing (its code)
 * @param joinAttemptsPerMinute join attempts allowed per line and, separately, per remote address
 */
public record PairingSettings(int codeLength, Duration codeTtl, int maxOpenCodesPerLine, int maxPairingsPerLine,
                              int joinAttemptsPerMinute) {

    public static final PairingSettings DEFAULT = new PairingSettings(4, Duration.ofMinutes(2), 3, 1, 10);

    public PairingSettings {
        Objects.requireNonNull(codeTtl, "codeTtl");
        if (codeLength < 4 || codeLength > 12) {
            throw new IllegalArgumentException("codeLength must be 4..12, was " + codeLength);
        }
        if (codeTtl.isZero() || codeTtl.isNegative()) {
            throw new IllegalArgumentException("codeTtl must be positive");
        }
        if (maxOpenCodesPerLine < 1 || maxPairingsPerLine < 1 || joinAttemptsPerMinute < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
    }
}
