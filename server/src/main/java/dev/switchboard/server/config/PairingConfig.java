package dev.switchboard.server.config;

import dev.switchboard.core.pairing.PairingSettings;
import java.time.Duration;

/**
 * The pairing relay: two lines pair with a short code and relay to each other.
 *
 * @param codeLength            characters in a code, 4..12 (alphabet without look-alikes)
 * @param codeTtl               how long an unjoined code is accepted, 1s..1h
 * @param maxOpenCodesPerLine   unjoined codes one line may hold at once, 1..100
 * @param maxPairingsPerLine    pairings one line may be in, 1..100; above 1 a line names the pairing
 * @param joinAttemptsPerMinute join attempts per line and, separately, per remote address, 1..10000
 */
public record PairingConfig(int codeLength, Duration codeTtl, int maxOpenCodesPerLine, int maxPairingsPerLine,
                            int joinAttemptsPerMinute) {

    public static final PairingConfig DEFAULT = new PairingConfig(4, Duration.ofMinutes(2), 3, 1, 10);

    public PairingConfig {
        Checks.between("codeLength", codeLength, 4, 12, "4 and 12");
        Checks.positive("codeTtl", codeTtl);
        if (codeTtl.compareTo(Duration.ofSeconds(1)) < 0 || codeTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw ConfigException.invalid("codeTtl", codeTtl, "must be between 1s and 1h");
        }
        Checks.between("maxOpenCodesPerLine", maxOpenCodesPerLine, 1, 100, "1 and 100");
        Checks.between("maxPairingsPerLine", maxPairingsPerLine, 1, 100, "1 and 100");
        Checks.between("joinAttemptsPerMinute", joinAttemptsPerMinute, 1, 10_000, "1 and 10000");
    }

    public PairingSettings settings() {
        return new PairingSettings(codeLength, codeTtl, maxOpenCodesPerLine, maxPairingsPerLine, joinAttemptsPerMinute);
    }
}
