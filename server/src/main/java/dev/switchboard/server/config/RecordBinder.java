package dev.switchboard.server.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Map;

/**
 * Builds the config records from typed overrides, taking every other value from {@link
 * SwitchboardConfig#DEFAULT}. Going through the canonical constructors means the records' own
 * validation runs; a failure comes back with its key re-addressed to the full dotted path.
 */
final class RecordBinder {

    private RecordBinder() {
    }

    /** @param overrides typed values by dotted path; a present key with a null value means "unset" */
    static SwitchboardConfig bind(Map<String, Object> overrides) {
        return (SwitchboardConfig) build(SwitchboardConfig.class, "", SwitchboardConfig.DEFAULT, overrides);
    }

    private static Object build(Class<?> type, String section, Object defaults, Map<String, Object> overrides) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String path = ConfigKeys.join(section, component.getName());
            types[i] = component.getType();
            Object defaultValue = read(component, defaults);
            if (component.getType().isRecord()) {
                args[i] = build(component.getType(), path, defaultValue, overrides);
            } else {
                args[i] = overrides.containsKey(path) ? overrides.get(path) : defaultValue;
            }
        }
        return construct(type, section, types, args);
    }

    private static Object construct(Class<?> type, String section, Class<?>[] types, Object[] args) {
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ConfigException failure) {
                throw section.isEmpty() || failure.key() == null ? failure : failure.under(section);
            }
            throw ConfigException.general("invalid configuration"
                    + (section.isEmpty() ? "" : " in " + section) + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }
}
