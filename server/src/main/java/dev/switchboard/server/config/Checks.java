package dev.switchboard.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The validation rules the config records share, each failing with a {@link ConfigException}. */
final class Checks {

    private Checks() {
    }

    static <T> T set(String key, T value) {
        if (value == null) {
            throw ConfigException.invalid(key, null, "must be set");
        }
        return value;
    }

    static String text(String key, String value) {
        if (set(key, value).isBlank()) {
            throw ConfigException.invalid(key, value, "must not be blank");
        }
        return value;
    }

    static String urlPath(String key, String value) {
        if (!set(key, value).startsWith("/") || value.chars().anyMatch(c -> c <= ' ' || c == '?' || c == '#')) {
            throw ConfigException.invalid(key, value, "must be a URL path starting with \"/\", such as /ws");
        }
        return value;
    }

    static int port(String key, int value) {
        if (value < 0 || value > 65535) {
            throw ConfigException.invalid(key, value, "must be a port number 0..65535 (0 picks a free port)");
        }
        return value;
    }

    static Duration positive(String key, Duration value) {
        if (set(key, value).isNegative() || value.isZero()) {
            throw ConfigException.invalid(key, value, "must be a positive duration such as 30s");
        }
        return value;
    }

    static long between(String key, long value, long min, long max, String unitless) {
        if (value < min || value > max) {
            throw ConfigException.invalid(key, value, "must be between " + unitless);
        }
        return value;
    }

    static long size(String key, long value, long min, long max) {
        return between(key, value, min, max, SizeParser.format(min) + " and " + SizeParser.format(max));
    }

    static Path readableFile(String key, Path value) {
        if (value != null && !(Files.isRegularFile(value) && Files.isReadable(value))) {
            throw ConfigException.invalid(key, value, "must be a readable file (check the path and its permissions)");
        }
        return value;
    }
}
