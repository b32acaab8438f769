package dev.switchboard.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A loaded configuration together with how it came about, for the startup log and {@code status}.
 *
 * @param config   the validated configuration
 * @param file     the YAML file that was read, or null when none was
 * @param sources  for every key not left at its default: where its value came from
 *                 ({@code from FILE:LINE}, {@code from SWITCHBOARD_X}, {@code from flag k})
 * @param warnings things worth logging that did not stop the load (unknown or empty SWITCHBOARD_* vars)
 */
public record LoadedConfig(SwitchboardConfig config, Path file, Map<String, String> sources, List<String> warnings) {

    public LoadedConfig {
        sources = Map.copyOf(sources);
        warnings = List.copyOf(warnings);
    }

    /** Where {@code key} got its value: a source phrase, or {@code default}. */
    public String sourceOf(String key) {
        return sources.getOrDefault(key, "default");
    }

    /** Like {@link SwitchboardConfig#describe()}, each line ending with the value's origin. Safe to log. */
    public String describe() {
        return ConfigKeys.all().values().stream()
                .map(key -> key.path() + " = " + key.display(config) + "  (" + sourceOf(key.path()) + ")")
                .collect(Collectors.joining("\n"));
    }
}
