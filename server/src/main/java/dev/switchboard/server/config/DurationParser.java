package dev.switchboard.server.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as operators write them ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d})
 * or as ISO-8601 ({@code PT30S}), and prints them back in the short form.
 */
public final class DurationParser {

    /** The rule text used when a value is not a duration. */
    public static final String EXPECTED = "must be a duration such as 500ms, 30s, 2m, 1h, 1d or PT30S";

    // A bare number is refused on purpose: "30" is seconds to some readers and milliseconds to others.
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private DurationParser() {
    }

    /**
     * @throws IllegalArgumentException with {@link #EXPECTED} (or an overflow note) when {@code text} is
     *                                  not a duration
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException(EXPECTED);
        }
        String trimmed = text.trim();
        Matcher m = SHORT.matcher(trimmed);
        try {
            if (m.matches()) {
                return of(Long.parseLong(m.group(1)), m.group(2));
            }
            if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
                return Duration.parse(trimmed);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("is too large; " + EXPECTED, e);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(EXPECTED, e);
        }
        throw new IllegalArgumentException(EXPECTED);
    }

    /** The shortest exact short form ({@code 90s}, {@code 2m}), falling back to ISO-8601 for sub-ms parts. */
    public static String format(Duration d) {
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }

    private static Duration of(long amount, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalStateException(unit);
        };
    }
}
