package dev.switchboard.server.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SizeParserTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "65536, 65536",
            "512KiB, 524288",
            "1MiB, 1048576",
            "2GiB, 2147483648",
            "64 KiB, 65536",
            "' 1mib ', 1048576",
    })
    void parsesBytesAndBinaryUnits(String text, long expected) {
        assertThat(SizeParser.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"64KB, KiB", "64kb, KiB", "64K, KiB", "1MB, MiB", "1M, MiB", "1GB, GiB"})
    void refusesDecimalLookingUnitsNamingTheBinaryOne(String text, String suggested) {
        assertThatThrownBy(() -> SizeParser.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ambiguous unit")
                .hasMessageContaining(suggested);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "KiB", "-1", "1.5MiB", "12 bytes", "1TiB", "0x10", "abc"})
    void rejectsAnythingElseWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> SizeParser.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512KiB, 1MiB or 1GiB");
    }

    @Test
    void rejectsOverflowAsTooLarge() {
        assertThatThrownBy(() -> SizeParser.parse("9999999999GiB")).hasMessageStartingWith("is too large");
        assertThatThrownBy(() -> SizeParser.parse("99999999999999999999")).hasMessageStartingWith("is too large");
    }

    @ParameterizedTest
    @CsvSource({"524288, 512KiB", "1048576, 1MiB", "1073741824, 1GiB", "1000, 1000", "1536, 1536", "0, 0", "1, 1"})
    void formatsInTheLargestExactUnit(long bytes, String expected) {
        assertThat(SizeParser.format(bytes)).isEqualTo(expected);
        assertThat(SizeParser.parse(expected)).isEqualTo(bytes);
    }
}
