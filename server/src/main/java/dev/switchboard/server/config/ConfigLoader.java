package dev.switchboard.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Assembles the configuration from its layers, later wins: built-in defaults, the YAML file, {@code
 * SWITCHBOARD_*} environment variables, command-line flags. Every failure is a {@link ConfigException}
 * naming the key, the value as written, where it came from and what is allowed.
 */
public final class ConfigLoader {

    /** The file looked for in the working directory when no {@code --config} is given. */
    public static final String DEFAULT_FILE_NAME = "switchboard.yaml";

    private ConfigLoader() {
    }

    /**
     * @param explicitFile {@code --config FILE}, or null to use {@code workingDir/switchboard.yaml} if present;
     *                     relative paths are resolved against {@code workingDir}
     * @param env          the environment, normally {@code System.getenv()}
     * @param flags        dotted key to value, e.g. {@code "proxyPort" -> "0"}; null values are ignored
     * @param workingDir   what relative paths (file, home, key files) are resolved against
     * @throws ConfigException when anything is missing, malformed or invalid
     */
    public static SwitchboardConfig load(Path explicitFile, Map<String, String> env, Map<String, String> flags,
                                         Path workingDir) {
        return loadDetailed(explicitFile, env, flags, workingDir).config();
    }

    /** Like {@link #load}, also returning which file was read, where each value came from and warnings. */
    public static LoadedConfig loadDetailed(Path explicitFile, Map<String, String> env, Map<String, String> flags,
                                            Path workingDir) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(flags, "flags");
        Path dir = Objects.requireNonNull(workingDir, "workingDir").toAbsolutePath().normalize();
        Path file = chooseFile(explicitFile, dir);
        List<String> warnings = new ArrayList<>();

        Map<String, RawValue> raw = new LinkedHashMap<>();
        if (file != null) {
            raw.putAll(YamlLayer.read(file));
        }
        raw.putAll(EnvLayer.read(env, warnings));
        raw.putAll(flagValues(flags));

        SwitchboardConfig config = bind(convert(raw, dir), raw);
        Map<String, String> sources = new LinkedHashMap<>();
        raw.forEach((path, value) -> sources.put(path, value.source()));
        return new LoadedConfig(config, file, sources, warnings);
    }

    /** Environment variable name for every settable key, by dotted path in declaration order. */
    public static Map<String, String> envNames() {
        return EnvLayer.names();
    }

    private static Path chooseFile(Path explicitFile, Path dir) {
        if (explicitFile != null) {
            Path file = dir.resolve(explicitFile).normalize();
            if (!Files.exists(file)) {
                throw ConfigException.general("Config file " + file + " (from --config) does not exist", null);
            }
            if (Files.isDirectory(file)) {
                throw ConfigException.general("Config file " + file + " (from --config) is a directory", null);
            }
            return file;
        }
        // exists(), not isRegularFile(): a present but unusable ./switchboard.yaml should fail, not be skipped.
        Path candidate = dir.resolve(DEFAULT_FILE_NAME);
        return Files.exists(candidate) ? candidate : null;
    }

    private static Map<String, RawValue> flagValues(Map<String, String> flags) {
        Map<String, RawValue> out = new LinkedHashMap<>();
        flags.forEach((path, value) -> {
            if (value == null) {
                return;
            }
            String source = "from flag " + path;
            if (ConfigKeys.leaf(path) == null) {
                throw ConfigException.atKey(path, source, "unknown key; allowed: "
                        + String.join(", ", ConfigKeys.all().keySet())
                        + Suggestions.hint(path, ConfigKeys.all().keySet()));
            }
            out.put(path, new RawValue(value, source));
        });
        return out;
    }

    private static Map<String, Object> convert(Map<String, RawValue> raw, Path dir) {
        Map<String, Object> typed = new HashMap<>();
        raw.forEach((path, value) -> {
            ConfigKeys.Key key = ConfigKeys.leaf(path);
            try {
                typed.put(path, ValueConverter.convert(key, value.text(), dir));
            } catch (ConfigException e) {
                throw e.locate(path, shown(key, value.text()), value.source());
            }
        });
        return typed;
    }

    private static SwitchboardConfig bind(Map<String, Object> typed, Map<String, RawValue> raw) {
        try {
            return RecordBinder.bind(typed);
        } catch (ConfigException e) {
            ConfigKeys.Key key = e.key() == null ? null : ConfigKeys.leaf(e.key());
            if (key == null) {
                throw e;
            }
            RawValue written = raw.get(key.path());
            // Show what the user wrote rather than the converted value ("2m", not "PT2M").
            throw written == null
                    ? e.locate(key.path(), e.value(), "default")
                    : e.locate(key.path(), shown(key, written.text()), written.source());
        }
    }

    private static String shown(ConfigKeys.Key key, String text) {
        return key.secret() ? ConfigException.redact(text) : ConfigException.show(text);
    }
}
