package dev.switchboard.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads byte sizes: plain integers are bytes, {@code KiB}/{@code MiB}/{@code GiB} are powers of 1024.
 * Decimal-looking units ({@code KB}, {@code M}) are refused rather than guessed, because half of the
 * people who write {@code 64KB} mean 64000 and the other half 65536.
 */
public final class SizeParser {

    /** The rule text used when a value is not a size. */
    public static final String EXPECTED = "must be a size in bytes such as 65536, 512KiB, 1MiB or 1GiB";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");
    private static final long KIB = 1024;
    private static final long MIB = KIB * 1024;
    private static final long GIB = MIB * 1024;

    private SizeParser() {
    }

    /** @throws IllegalArgumentException explaining what is accepted when {@code text} is not a size */
    public static long parse(String text) {
        Matcher m = text == null ? null : SIZE.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        String unit = m.group(2);
        long multiplier = switch (unit.toLowerCase(Locale.ROOT)) {
            case "" -> 1;
            case "kib" -> KIB;
            case "mib" -> MIB;
            case "gib" -> GIB;
            default -> throw new IllegalArgumentException(unitProblem(unit));
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("is too large; " + EXPECTED, e);
        }
    }

    /** The largest exact binary unit ({@code 512KiB}, {@code 1MiB}), else plain bytes. */
    public static String format(long bytes) {
        if (bytes != 0) {
            if (bytes % GIB == 0) {
                return bytes / GIB + "GiB";
            }
            if (bytes % MIB == 0) {
                return bytes / MIB + "MiB";
            }
            if (bytes % KIB == 0) {
                return bytes / KIB + "KiB";
            }
        }
        return Long.toString(bytes);
    }

    private static String unitProblem(String unit) {
        String binary = switch (unit.toLowerCase(Locale.ROOT)) {
            case "k", "kb" -> "KiB";
            case "m", "mb" -> "MiB";
            case "g", "gb" -> "GiB";
            default -> null;
        };
        return binary == null
                ? "has unknown unit \"" + unit + "\"; " + EXPECTED
                : "has ambiguous unit \"" + unit + "\"; write " + binary + " (1024-based) or plain bytes";
    }
}
