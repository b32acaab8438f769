package dev.switchboard.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns the text a user wrote (YAML scalar, environment value, flag) into the type of a config
 * component, and typed values back into that text for display. The set of supported types is closed on
 * purpose: a record component of another type fails when the keys are derived, not at a user's startup.
 */
final class ValueConverter {

    private ValueConverter() {
    }

    static void requireSupported(String path, Class<?> type) {
        boolean supported = type == String.class || type == int.class || type == long.class
                || type == Duration.class || type == Path.class || type.isEnum();
        if (!supported) {
            throw new IllegalStateException("config key " + path + " has unsupported type " + type.getName());
        }
    }

    /**
     * @param text       the value as written; null or blank means "not configured" for optional keys
     * @param workingDir what relative paths are resolved against
     * @throws ConfigException naming the key and what is allowed
     */
    static Object convert(ConfigKeys.Key key, String text, Path workingDir) {
        if (text == null || text.isBlank()) {
            if (key.nullable()) {
                return null;
            }
            throw ConfigException.invalid(key.path(), text, key.type() == Path.class
                    ? "must be set (in YAML, quote \"~\" to mean your home directory: a bare ~ means null)"
                    : "must be set");
        }
        try {
            return parse(key.type(), text, workingDir);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(key.path(), text, e.getMessage());
        }
    }

    /** The value in the syntax a user would write it; null as {@code <unset>}. */
    static String display(Object value) {
        if (value == null) {
            return "<unset>";
        }
        if (value instanceof Duration d) {
            return DurationParser.format(d);
        }
        if (value instanceof Long bytes) {
            return SizeParser.format(bytes);
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        return value.toString();
    }

    /** {@code ~} and {@code ~/x} are the user's home; other relative paths hang off {@code workingDir}. */
    static Path expandPath(String text, Path workingDir) {
        String trimmed = text.trim();
        Path home = Path.of(System.getProperty("user.home"));
        try {
            if (trimmed.equals("~")) {
                return home;
            }
            if (trimmed.startsWith("~/")) {
                return home.resolve(trimmed.substring(2)).normalize();
            }
            if (trimmed.startsWith("~")) {
                throw new IllegalArgumentException("must be a path; only \"~\" and \"~/\" are expanded, not ~user");
            }
            return workingDir.resolve(trimmed).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("must be a valid path (" + e.getReason() + ")", e);
        }
    }

    private static Object parse(Class<?> type, String text, Path workingDir) {
        if (type == String.class) {
            return text;
        }
        if (type == int.class) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number", e);
            }
        }
        if (type == long.class) {
            return SizeParser.parse(text);
        }
        if (type == Duration.class) {
            return DurationParser.parse(text);
        }
        if (type == Path.class) {
            return expandPath(text, workingDir);
        }
        return parseEnum(type, text.trim());
    }

    private static Object parseEnum(Class<?> type, String text) {
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.stream(type.getEnumConstants())
                .map(ValueConverter::display).collect(Collectors.joining(", ")));
    }
}
