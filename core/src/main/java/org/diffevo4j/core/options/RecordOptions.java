package org.diffevo4j.core.options;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Converts a strategy's configuration record to and from a flat option map, so the same
 * configuration can come from Java code, a config file or a command line, and be written into a
 * {@link org.diffevo4j.core.StrategyState} to detect a mismatched resume.
 *
 * <p>Keys are the record's component names ({@code populationSize}, {@code sigma0}, ...). Supported
 * component types: {@code int}, {@code long}, {@code double}, {@code boolean}, {@link String}, enums
 * and {@code double[]} (given as a {@code double[]}, a {@link List} of numbers or a comma-separated
 * string). Values may be given as their Java type or as strings. A {@code null} component is left
 * out of {@link #toMap(Record)} and is the default when its key is absent.
 */
public final class RecordOptions {

    private RecordOptions() {
    }

    /**
     * A copy of {@code defaults} with the components named in {@code options} replaced.
     *
     * @throws IllegalArgumentException for an unknown key (the message lists the known ones), a value
     *                                  that does not parse, or one the record's own validation
     *                                  rejects
     */
    public static <R extends Record> R fromMap(R defaults, Map<String, ?> options) {
        if (defaults == null) {
            throw new IllegalArgumentException("defaults must not be null");
        }
        @SuppressWarnings("unchecked")
        Class<R> type = (Class<R>) defaults.getClass();
        RecordComponent[] components = type.getRecordComponents();
        Map<String, RecordComponent> byName = new LinkedHashMap<>();
        for (RecordComponent c : components) {
            byName.put(c.getName(), c);
        }
        if (options != null) {
            for (String key : options.keySet()) {
                if (!byName.containsKey(key)) {
                    throw new IllegalArgumentException("unknown option '" + key + "' for "
                            + type.getSimpleName() + "; known options: " + new TreeSet<>(byName.keySet()));
                }
            }
        }
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            types[i] = c.getType();
            if (options != null && options.containsKey(c.getName())) {
                args[i] = convert(c, options.get(c.getName()), type);
            } else {
                args[i] = read(c, defaults);
            }
        }
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalArgumentException("cannot build " + type.getSimpleName() + ": " + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot build " + type.getSimpleName() + ": " + e, e);
        }
    }

    /**
     * The record's components as strings, in declaration order; {@code double} values are written
     * with {@link Double#toString(double)}, which parses back to the identical value.
     */
    public static Map<String, String> toMap(Record config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            Object v = read(c, config);
            if (v == null) {
                continue;
            }
            if (v instanceof double[] a) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < a.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(Double.toString(a[i]));
                }
                out.put(c.getName(), sb.toString());
            } else if (v instanceof Enum<?> e) {
                out.put(c.getName(), e.name());
            } else {
                out.put(c.getName(), String.valueOf(v));
            }
        }
        return out;
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(RecordComponent c, Object value, Class<?> owner) {
        Class<?> t = c.getType();
        String where = "option '" + c.getName() + "' of " + owner.getSimpleName();
        if (value == null) {
            if (t.isPrimitive()) {
                throw new IllegalArgumentException(where + " must not be null");
            }
            return null;
        }
        try {
            if (t == int.class || t == Integer.class) {
                if (value instanceof Number n) {
                    if (n.doubleValue() != Math.rint(n.doubleValue())) {
                        throw new IllegalArgumentException(where + " must be an integer, got " + value);
                    }
                    return Math.toIntExact(n.longValue());
                }
                return Integer.parseInt(value.toString().trim());
            }
            if (t == long.class || t == Long.class) {
                if (value instanceof Number n) {
                    return n.longValue();
                }
                return Long.parseLong(value.toString().trim());
            }
            if (t == double.class || t == Double.class) {
                if (value instanceof Number n) {
                    return n.doubleValue();
                }
                return Double.parseDouble(value.toString().trim());
            }
            if (t == boolean.class || t == Boolean.class) {
                if (value instanceof Boolean b) {
                    return b;
                }
                String s = value.toString().trim().toLowerCase();
                if (s.equals("true") || s.equals("false")) {
                    return Boolean.parseBoolean(s);
                }
                throw new IllegalArgumentException(where + " must be true or false, got '" + value + "'");
            }
            if (t == String.class) {
                return value.toString();
            }
            if (t.isEnum()) {
                String s = value.toString().trim();
                for (Object constant : t.getEnumConstants()) {
                    if (((Enum) constant).name().equalsIgnoreCase(s)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException(where + " must be one of "
                        + Arrays.toString(t.getEnumConstants()) + ", got '" + value + "'");
            }
            if (t == double[].class) {
                if (value instanceof double[] a) {
                    return a.clone();
                }
                List<Object> items = new ArrayList<>();
                if (value instanceof List<?> l) {
                    items.addAll(l);
                } else {
                    String s = value.toString().trim();
                    if (!s.isEmpty()) {
                        items.addAll(Arrays.asList((Object[]) s.split(",")));
                    }
                }
                double[] out = new double[items.size()];
                for (int i = 0; i < out.length; i++) {
                    Object item = items.get(i);
                    out[i] = item instanceof Number n ? n.doubleValue() : Double.parseDouble(item.toString().trim());
                }
                return out;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(where + " cannot be read from '" + value + "' (expected "
                    + t.getSimpleName() + ")", e);
        }
        if (t.isInstance(value)) {
            return value;
        }
        throw new IllegalArgumentException(where + " has type " + t.getSimpleName()
                + ", which cannot be set from " + value.getClass().getSimpleName());
    }
}
