package dev.switchboard.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationParserTest {

    @ParameterizedTest
    @CsvSource({
            "500ms, 500",
            "30s, 30000",
            "2m, 120000",
            "1h, 3600000",
            "1d, 86400000",
            "0s, 0",
            "' 15s ', 15000",
            "10 s, 10000",
            "PT30S, 30000",
            "pt1m30s, 90000",
            "PT0.25S, 250",
    })
    void parsesShortFormsAndIso(String text, long expectedMillis) {
        assertThat(DurationParser.parse(text)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "30x", "1.5s", "-5s", "s", "30S", "1 minute", "P", "PTxS", "abc"})
    void rejectsAnythingElseWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> DurationParser.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500ms, 30s, 2m, 1h, 1d or PT30S");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> DurationParser.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOverflowAsTooLarge() {
        assertThatThrownBy(() -> DurationParser.parse("99999999999999999999d")).hasMessageStartingWith("is too large");
        assertThatThrownBy(() -> DurationParser.parse("9999999999999999d")).hasMessageStartingWith("is too large");
    }

    @ParameterizedTest
    @CsvSource({"30000, 30s", "90000, 90s", "120000, 2m", "3600000, 1h", "86400000, 1d", "500, 500ms", "0, 0s", "1500, 1500ms"})
    void formatsInTheShortestExactShortForm(long millis, String expected) {
        assertThat(DurationParser.format(Duration.ofMillis(millis))).isEqualTo(expected);
        assertThat(DurationParser.parse(expected)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void formatsWhatTheShortFormCannotSayAsIso() {
        assertThat(DurationParser.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
        assertThat(DurationParser.format(Duration.ofSeconds(-5))).isEqualTo("PT-5S");
    }
}
