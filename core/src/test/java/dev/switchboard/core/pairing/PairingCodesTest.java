package dev.switchboard.core.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PairingCodesTest {

    @Test
    void theAlphabetHasNoLookAlikes() {
        for (char lookAlike : "0O1IL".toCharArray()) {
            assertThat(PairingCodes.ALPHABET).doesNotContain(String.valueOf(lookAlike));
        }
        assertThat(PairingCodes.ALPHABET).hasSize(31).matches("[A-Z2-9]+");
        assertThat(PairingCodes.ALPHABET.chars().distinct().count()).isEqualTo(31);
    }

    @Test
    void codesHaveTheConfiguredLengthAndUseTheWholeAlphabet() {
        PairingCodes four = new PairingCodes(4);
        PairingCodes twelve = new PairingCodes(12);
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String code = four.next();
            assertThat(code).hasSize(4);
            assertThat(PairingCodes.isWellFormed(code)).isTrue();
            code.chars().forEach(c -> seen.add((char) c));
        }
        assertThat(seen).hasSize(31);
        assertThat(twelve.next()).hasSize(12);
    }

    @Test
    void codesAreRandom() {
        PairingCodes codes = new PairingCodes(8);
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            drawn.add(codes.next());
        }
        assertThat(drawn).hasSize(10_000); // 31^8 ≈ 8.5e11: a repeat here means the source is not random
    }

    @Test
    void lengthIsBounded() {
        assertThatThrownBy(() -> new PairingCodes(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PairingCodes(13)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normaliseTrimsAndUpperCases() {
        assertThat(PairingCodes.normalise("  ab7k\t\n")).isEqualTo("AB7K");
        assertThat(PairingCodes.normalise("\u2003xyz2 ")).as("unicode blanks too").isEqualTo("XYZ2");
        assertThat(PairingCodes.normalise("a b")).as("inner blanks stay").isEqualTo("A B");
        assertThat(PairingCodes.normalise(null)).isEmpty();
    }

    @Test
    void wellFormedMeansLengthAndAlphabet() {
        assertThat(PairingCodes.isWellFormed("AB7K")).isTrue();
        assertThat(PairingCodes.isWellFormed("ABCDEFGHJKMN")).isTrue();
        assertThat(PairingCodes.isWellFormed("ABC")).isFalse();
        assertThat(PairingCodes.isWellFormed("ABCDEFGHJKMNP")).isFalse();
        assertThat(PairingCodes.isWellFormed("AB0K")).isFalse();
        assertThat(PairingCodes.isWellFormed("ab7k")).as("normalise first").isFalse();
        assertThat(PairingCodes.isWellFormed(null)).isFalse();
    }
}
