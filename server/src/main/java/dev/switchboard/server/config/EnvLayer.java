package dev.switchboard.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code SWITCHBOARD_*} environment variables. Unknown ones are not errors, because the same
 * environment is shared with other tools and with settings read elsewhere, but they are reported as
 * warnings since most are typos.
 */
final class EnvLayer {

    /** Read by other parts of Switchboard (the CLI), so their presence here is expected. */
    static final Set<String> USED_ELSEWHERE = Set.of("SWITCHBOARD_CONFIG", "SWITCHBOARD_JAVA_OPTS");

    private EnvLayer() {
    }

    /** Environment variable name by dotted key path, in declaration order. */
    static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        ConfigKeys.all().forEach((path, key) -> names.put(path, key.envName()));
        return names;
    }

    static Map<String, RawValue> read(Map<String, String> env, List<String> warnings) {
        Map<String, String> pathByName = new TreeMap<>();
        ConfigKeys.all().forEach((path, key) -> pathByName.put(key.envName(), path));
        Map<String, RawValue> out = new LinkedHashMap<>();
        // Sorted so that warnings come out in the same order on every start.
        new TreeMap<>(env).forEach((name, value) -> {
            if (!name.startsWith(ConfigKeys.ENV_PREFIX) || USED_ELSEWHERE.contains(name)) {
                return;
            }
            String path = pathByName.get(name);
            if (path == null) {
                warnings.add(name + " is not a Switchboard setting and was ignored"
                        + Suggestions.hint(name, pathByName.keySet()));
            } else if (value == null || value.isEmpty()) {
                // Empty usually means "${VAR}" expanded to nothing in a compose file, not a wish to unset.
                warnings.add(name + " is empty and was ignored");
            } else {
                out.put(path, new RawValue(value, "from " + name));
            }
        });
        return out;
    }
}
