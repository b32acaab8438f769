package dev.switchboard.server.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settable keys, derived once from the config records so that YAML keys, flag keys and environment
 * names can never drift from the records. A component whose type is a record is a section; any other
 * component is a leaf key.
 */
final class ConfigKeys {

    static final String ENV_PREFIX = "SWITCHBOARD_";

    /**
     * One leaf setting.
     *
     * @param path     dotted path, e.g. {@code websocket.pingInterval}
     * @param type     component type, which decides how text is converted
     * @param envName  environment variable that sets it
     * @param secret   never print the value
     * @param nullable optional: its default is null, and null/blank means "not configured"
     * @param getters  accessors leading from {@link SwitchboardConfig} to the value
     */
    record Key(String path, Class<?> type, String envName, boolean secret, boolean nullable, List<Method> getters) {

        Object valueIn(SwitchboardConfig config) {
            Object value = config;
            try {
                for (Method getter : getters) {
                    value = getter.invoke(value);
                }
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + path, e);
            }
            return value;
        }

        /** The value as safe to log: secrets as {@code <set>}/{@code <unset>}, others in input syntax. */
        String display(SwitchboardConfig config) {
            Object value = valueIn(config);
            return secret ? AuthConfig.presence(value) : ValueConverter.display(value);
        }
    }

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();
    private static final Map<String, List<String>> SECTIONS = new LinkedHashMap<>();

    static {
        collect(SwitchboardConfig.class, "", SwitchboardConfig.DEFAULT, List.of());
    }

    private ConfigKeys() {
    }

    /** Every leaf key by dotted path, in record declaration order. */
    static Map<String, Key> all() {
        return Collections.unmodifiableMap(KEYS);
    }

    static Key leaf(String path) {
        return KEYS.get(path);
    }

    static boolean isSection(String path) {
        return SECTIONS.containsKey(path);
    }

    /** The names allowed directly inside a section; {@code ""} is the top level. */
    static List<String> namesIn(String sectionPath) {
        return SECTIONS.get(sectionPath);
    }

    static String join(String sectionPath, String name) {
        return sectionPath.isEmpty() ? name : sectionPath + "." + name;
    }

    /** {@code websocket.pingInterval} becomes {@code SWITCHBOARD_WEBSOCKET_PING_INTERVAL}. */
    static String envName(String path) {
        StringBuilder sb = new StringBuilder(ENV_PREFIX);
        for (char c : path.toCharArray()) {
            if (c == '.') {
                sb.append('_');
            } else if (Character.isUpperCase(c)) {
                sb.append('_').append(c);
            } else {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    private static void collect(Class<?> recordType, String section, Object defaults, List<Method> getters) {
        List<String> names = new ArrayList<>();
        SECTIONS.put(section, Collections.unmodifiableList(names));
        for (RecordComponent component : recordType.getRecordComponents()) {
            String path = join(section, component.getName());
            names.add(component.getName());
            List<Method> chain = new ArrayList<>(getters);
            chain.add(component.getAccessor());
            Object defaultValue = read(component, defaults);
            if (component.getType().isRecord()) {
                collect(component.getType(), path, defaultValue, chain);
                continue;
            }
            ValueConverter.requireSupported(path, component.getType());
            Key key = new Key(path, component.getType(), envName(path), component.isAnnotationPresent(Secret.class),
                    defaultValue == null, List.copyOf(chain));
            if (KEYS.values().stream().anyMatch(k -> k.envName().equals(key.envName()))) {
                throw new IllegalStateException("two config keys map to " + key.envName());
            }
            KEYS.put(path, key);
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read default of " + component.getName(), e);
        }
    }
}
