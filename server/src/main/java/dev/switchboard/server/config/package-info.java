/**
 * Server configuration: one immutable, validated {@link dev.switchboard.server.config.SwitchboardConfig}
 * assembled from four layers, later wins: built-in defaults, the YAML file ({@code --config FILE} or
 * {@code ./switchboard.yaml}), {@code SWITCHBOARD_*} environment variables, then command-line flags.
 *
 * <p>The records are the single source of truth: their component names are the YAML keys, the dotted
 * paths derived from them are the flag keys, and the environment variable names are derived from those
 * paths ({@code websocket.pingInterval} becomes {@code SWITCHBOARD_WEBSOCKET_PING_INTERVAL}). A key with no
 * default ({@code null} in {@code DEFAULT}) is optional. {@code Duration} components accept {@code 500ms},
 * {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601; {@code long} components are byte sizes and
 * accept plain bytes or {@code KiB}/{@code MiB}/{@code GiB}. Components marked {@link
 * dev.switchboard.server.config.Secret} are never printed.
 *
 * <p>Each record validates itself in its constructor, so an invalid configuration cannot exist; the
 * {@link dev.switchboard.server.config.ConfigLoader} turns a failure into a {@link
 * dev.switchboard.server.config.ConfigException} naming the key, the value as the user wrote it, where it
 * came from and what is allowed.
 */
package dev.switchboard.server.config;
