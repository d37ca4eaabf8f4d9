package org.feedbackrl.baseline;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes the baselines' config records ({@link SacConfig}, {@link PpoConfig},
 * {@link MbpoConfig}) as flags and text, by reflection over their components, so each record is the
 * single description of its CLI: component {@code batchSize} is flag {@code --batch-size}, its
 * {@link Help} is the flag's help, its type the flag's type (int, long, double — {@code nan} allowed —,
 * boolean, String, or int[] written {@code 256,256}).
 */
public final class ConfigText {
    private ConfigText() {}

    /** One flag of a record. */
    public record Flag(String name, String component, Class<?> type, String help) {}

    /** The flags of a config record class, in declaration order. */
    public static List<Flag> flags(Class<? extends Record> cls) {
        List<Flag> out = new ArrayList<>();
        for (RecordComponent rc : cls.getRecordComponents()) {
            Help h = rc.getAnnotation(Help.class);
            out.add(new Flag("--" + kebab(rc.getName()), rc.getName(), rc.getType(), h != null ? h.value() : rc.getName()));
        }
        return out;
    }

    /** camelCase → kebab-case. */
    public static String kebab(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) sb.append('-').append(Character.toLowerCase(ch));
            else sb.append(ch);
        }
        return sb.toString();
    }

    /** A value as text (arrays comma-separated, doubles in shortest round-trip form). */
    public static String format(Object v) {
        if (v instanceof int[] a) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.length; i++) sb.append(i > 0 ? "," : "").append(a[i]);
            return sb.toString();
        }
        if (v instanceof Double d) return d.isNaN() ? "nan" : Double.toString(d);
        return String.valueOf(v);
    }

    /** component → value text of a record, in declaration order. */
    public static Map<String, String> values(Record r) {
        Map<String, String> m = new LinkedHashMap<>();
        for (RecordComponent rc : r.getClass().getRecordComponents()) {
            try {
                m.put(rc.getName(), format(rc.getAccessor().invoke(r)));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    /** A stable one-line description, e.g. {@code hidden=256,256 lr=0.001 …} (for fingerprints and logs). */
    public static String describe(Record r) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : values(r).entrySet()) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /**
     * The record {@code defaults} with some components replaced.
     *
     * @param overrides component name → value text
     * @throws IllegalArgumentException with a one-line message naming the flag, for a value that does
     *                                  not parse or that the record rejects
     */
    @SuppressWarnings("unchecked")
    public static <R extends Record> R with(R defaults, Map<String, String> overrides) {
        RecordComponent[] rcs = defaults.getClass().getRecordComponents();
        Object[] args = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            types[i] = rcs[i].getType();
            String text = overrides.get(rcs[i].getName());
            try {
                args[i] = text == null ? rcs[i].getAccessor().invoke(defaults) : parse("--" + kebab(rcs[i].getName()), types[i], text);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        }
        for (String k : overrides.keySet()) {
            if (Arrays.stream(rcs).noneMatch(rc -> rc.getName().equals(k))) throw new IllegalArgumentException("unknown setting '" + k + "'");
        }
        try {
            Constructor<?> ctor = defaults.getClass().getDeclaredConstructor(types);
            return (R) ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object parse(String flag, Class<?> type, String text) {
        String t = text.trim();
        try {
            if (type == int.class) return Integer.parseInt(t);
            if (type == long.class) return Long.parseLong(t);
            if (type == double.class) {
                if (t.equalsIgnoreCase("nan")) return Double.NaN;
                double d = Double.parseDouble(t);
                if (Double.isInfinite(d)) throw new NumberFormatException();
                return d;
            }
            if (type == boolean.class) {
                if (t.equalsIgnoreCase("true")) return true;
                if (t.equalsIgnoreCase("false")) return false;
                throw new IllegalArgumentException(flag + " must be true or false, got '" + text + "'");
            }
            if (type == String.class) return t.toLowerCase(Locale.ROOT);
            if (type == int[].class) {
                String[] parts = t.split(",");
                int[] a = new int[parts.length];
                for (int i = 0; i < parts.length; i++) a[i] = Integer.parseInt(parts[i].trim());
                return a;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + text + "' is not " + (type == int[].class ? "a comma-separated list of integers"
                    : type == double.class ? "a finite number (or nan)" : "an integer"));
        }
        throw new IllegalStateException("unsupported config type " + type);
    }
}
