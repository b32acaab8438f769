package dev.switchboard.server.config;

/**
 * A configuration value (or file) that cannot be used. The message is meant for the operator who wrote
 * the value: it names the key as a dotted path, the value as written, where it came from and what is
 * allowed, e.g. {@code websocket.pingInterval = "0s" (from SWITCHBOARD_WEBSOCKET_PING_INTERVAL): must be a
 * positive duration such as 30s}.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_SHOWN_VALUE = 80;

    private final String key;
    private final String value;
    private final String source;
    private final String rule;

    private ConfigException(String key, String value, String source, String rule, Throwable cause) {
        super(compose(key, value, source, rule), cause);
        this.key = key;
        this.value = value;
        this.source = source;
        this.rule = rule;
    }

    /** A value broke a rule. {@code key} is relative to the record that throws; the loader makes it a full path. */
    public static ConfigException invalid(String key, Object value, String rule) {
        return new ConfigException(key, show(value), null, rule, null);
    }

    /** Like {@link #invalid} for secrets: only the length is shown, so the secret never reaches a log. */
    public static ConfigException invalidSecret(String key, String secret, String rule) {
        return new ConfigException(key, redact(secret), null, rule, null);
    }

    /** A problem that is not about one key, e.g. an unreadable file. */
    public static ConfigException general(String message, Throwable cause) {
        return new ConfigException(null, null, null, message, cause);
    }

    /** A problem with a key, as opposed to a value (unknown key, mapping where a value belongs). */
    static ConfigException atKey(String key, String source, String rule) {
        return new ConfigException(key, null, source, rule, null);
    }

    /** The same failure, re-addressed to the full dotted path with the value as written and its origin. */
    ConfigException locate(String fullKey, String shownValue, String origin) {
        return new ConfigException(fullKey, shownValue, origin, rule, this);
    }

    /** The same failure with the key prefixed by the section it was found in. */
    ConfigException under(String sectionPath) {
        return new ConfigException(sectionPath + "." + key, value, source, rule, this);
    }

    /** The dotted path of the offending key, or null when the problem is not about one key. */
    public String key() {
        return key;
    }

    /** The offending value as shown in the message (quoted, or redacted for secrets), or null. */
    public String value() {
        return value;
    }

    /** Where the value came from ("from FILE", "from SWITCHBOARD_X", "from flag k", "default"), or null. */
    public String source() {
        return source;
    }

    /** What is allowed, or for general problems the whole explanation. */
    public String rule() {
        return rule;
    }

    static String show(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof String s ? s : ValueConverter.display(value);
        String escaped = text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
        if (escaped.length() > MAX_SHOWN_VALUE) {
            escaped = escaped.substring(0, MAX_SHOWN_VALUE) + "...";
        }
        return "\"" + escaped + "\"";
    }

    static String redact(String secret) {
        return secret == null ? "null" : "<secret of " + secret.length() + " characters>";
    }

    private static String compose(String key, String value, String source, String rule) {
        if (key == null) {
            return rule;
        }
        StringBuilder sb = new StringBuilder(key);
        if (value != null) {
            sb.append(" = ").append(value);
        }
        if (source != null) {
            sb.append(" (").append(source).append(')');
        }
        return sb.append(": ").append(rule).toString();
    }
}
