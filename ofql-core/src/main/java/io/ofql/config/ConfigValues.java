package io.ofql.config;

import io.ofql.InputException;
import io.ofql.data.RewardTransform;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Config records as a flat namespace of named values, so that preset files, {@code --set} and
 * {@code config.json} name every setting the same way whatever record nests it.
 *
 * <p>A leaf is a record component that is not itself a record; it is named by its component name
 * alone ({@code batchSize}, not {@code common.batchSize}), which is why leaf names must be unique
 * within a config. Names match ignoring case, dashes and underscores ({@code flowRatio},
 * {@code flow-ratio}, {@code flow_ratio}). Leaf types: int, long, double, boolean, String and enums.
 */
public final class ConfigValues {
    private ConfigValues() {}

    /**
     * The leaves of a config type in declaration order (depth first), name to type.
     *
     * @throws IllegalStateException when two leaves share a name
     */
    public static Map<String, Class<?>> leaves(Class<? extends Record> type) {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        collect(type, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Class<? extends Record> type, Map<String, Class<?>> out) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType().isRecord()) {
                collect((Class<? extends Record>) c.getType(), out);
            } else if (out.put(c.getName(), c.getType()) != null) {
                throw new IllegalStateException(type.getSimpleName() + ": two settings are named '" + c.getName() + "'");
            }
        }
    }

    /** The leaf values of a config, name to value, in declaration order. */
    public static Map<String, Object> flatten(Record config) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten(config, out);
        return out;
    }

    private static void flatten(Record r, Map<String, Object> out) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
            }
            if (value instanceof Record nested) {
                flatten(nested, out);
            } else {
                out.put(c.getName(), value);
            }
        }
    }

    /**
     * Builds a config of {@code type} from a value for every leaf.
     *
     * @throws IllegalArgumentException from a record's checks, naming the setting
     * @throws IllegalStateException when a leaf has no value
     */
    public static <R extends Record> R build(Class<R> type, Map<String, Object> values) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            if (types[i].isRecord()) {
                args[i] = build(types[i].asSubclass(Record.class), values);
            } else if (values.containsKey(components[i].getName())) {
                args[i] = values.get(components[i].getName());
            } else {
                throw new IllegalStateException(type.getSimpleName() + ": no value for '" + components[i].getName() + "'");
            }
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    /** The leaf of {@code leaves} that {@code name} denotes (ignoring case, dashes, underscores), or null. */
    public static String find(Map<String, Class<?>> leaves, String name) {
        String key = normalise(name);
        for (String leaf : leaves.keySet()) {
            if (normalise(leaf).equals(key)) {
                return leaf;
            }
        }
        return null;
    }

    /** {@code name} without case, dashes and underscores, the form names are compared in. */
    public static String normalise(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code text} into a value of the leaf's type.
     *
     * @throws InputException naming the setting, the text and the expected type
     */
    public static Object parse(String name, Class<?> type, String text) {
        String value = text.trim();
        try {
            if (type == int.class) {
                return Integer.parseInt(value);
            } else if (type == long.class) {
                // Accept 1e6-style step counts, but only when they are whole numbers.
                return new BigDecimal(value).longValueExact();
            } else if (type == double.class) {
                return Double.parseDouble(value);
            } else if (type == boolean.class) {
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
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InputException("hyperparameter '" + name + "' = '" + text + "' is not a valid " + describe(type), e);
        }
        throw new IllegalStateException("unsupported hyperparameter type " + type + " of " + name);
    }

    /**
     * A value as preset files and listings write it: enums in lower case with dashes
     * ({@code return-range}), numbers without trailing zeros.
     */
    public static String format(Object value) {
        if (value instanceof RewardTransform reward) {
            return reward.cliName();
        } else if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
        } else if (value instanceof Double d && Double.isFinite(d)) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /**
     * The constant of {@code type} whose name, as {@link #format} writes it, is {@code text} with
     * case and surrounding blanks ignored ({@code " Medium-Expert "} is {@code MEDIUM_EXPERT});
     * null when there is none. For names given on their own (a protocol, a collection level), where
     * {@link #parse} matches hyperparameter values more loosely.
     */
    public static <E extends Enum<E>> E constantNamed(Class<E> type, String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (format(constant).equals(wanted)) {
                return constant;
            }
        }
        return null;
    }

    /** Every constant of the enum {@code type} as {@link #format} writes it, joined by ", ". */
    public static String constantNames(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            names.add(format(constant));
        }
        return String.join(", ", names);
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "value (one of " + constantNames(type) + ")";
        }
        if (type == boolean.class) {
            return "boolean (true or false)";
        }
        return type.getSimpleName();
    }
}
