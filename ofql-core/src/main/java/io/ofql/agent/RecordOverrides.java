package io.ofql.agent;

import io.ofql.InputException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies {@code name=value} overrides to a hyperparameter record by reflection on its
 * components, so every algorithm's config accepts the same {@code --set} syntax without
 * hand-written parsing.
 *
 * <p>Names match a component ignoring case, dashes and underscores ({@code flowRatio},
 * {@code flow-ratio}, {@code flow_ratio}). Supported component types: int, long, float, double,
 * boolean, String and enums. An unknown name, an unparsable value or a value the record's
 * compact constructor rejects raises an {@link InputException} naming it.
 */
public final class RecordOverrides {
    private RecordOverrides() {}

    public static <R extends Record> R apply(R base, Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return base;
        }
        @SuppressWarnings("unchecked")
        Class<R> type = (Class<R>) base.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            try {
                values[i] = components[i].getAccessor().invoke(base);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + components[i].getName(), e);
            }
        }
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            int index = find(components, override.getKey());
            if (index < 0) {
                List<String> known = new ArrayList<>();
                for (RecordComponent component : components) {
                    known.add(component.getName());
                }
                throw new InputException("unknown hyperparameter '" + override.getKey() + "' for "
                        + type.getSimpleName() + "; known: " + String.join(", ", known));
            }
            values[index] = parse(components[index], override.getValue());
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException || cause instanceof InputException) {
                throw new InputException("bad hyperparameters " + overrides + ": " + cause.getMessage(), cause);
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private static int find(RecordComponent[] components, String name) {
        String key = normalise(name);
        for (int i = 0; i < components.length; i++) {
            if (normalise(components[i].getName()).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static String normalise(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static Object parse(RecordComponent component, String text) {
        Class<?> type = component.getType();
        String value = text.trim();
        try {
            if (type == int.class || type == Integer.class) {
                return Integer.parseInt(value);
            } else if (type == long.class || type == Long.class) {
                return Long.parseLong(value);
            } else if (type == float.class || type == Float.class) {
                return Float.parseFloat(value);
            } else if (type == double.class || type == Double.class) {
                return Double.parseDouble(value);
            } else if (type == boolean.class || type == Boolean.class) {
                if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(value);
                }
                throw new NumberFormatException();
            } else if (type == String.class) {
                return value;
            } else if (type.isEnum()) {
                for (Object constant : type.getEnumConstants()) {
                    if (normalise(((Enum<?>) constant).name()).equals(normalise(value))) {
                        return constant;
                    }
                }
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new InputException("hyperparameter '" + component.getName() + "' = '" + text
                    + "' is not a valid " + describe(type), e);
        }
        throw new IllegalStateException("unsupported hyperparameter type " + type + " of " + component.getName());
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
            }
            return "value (one of " + String.join(", ", names) + ")";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean (true or false)";
        }
        return type.getSimpleName();
    }
}
