package dev.switchboard.server.config;

/**
 * A setting as a layer supplied it, before conversion.
 *
 * @param text   the value as written; null when YAML said null
 * @param source where it came from, phrased for messages: {@code from /etc/switchboard.yaml:3},
 *               {@code from SWITCHBOARD_PORT}, {@code from flag port}
 */
record RawValue(String text, String source) {
}
