package org.diffevo4j.core;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parsing of {@code name(key=value,...)} specs shared by {@link Schedule} and {@link FitnessMapping}. */
final class Specs {

    record Parsed(String name, Map<String, Double> params, String text) {
    }

    private Specs() {
    }

    static Parsed parse(String spec, String what) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(what + " spec is empty");
        }
        String s = spec.strip();
        Map<String, Double> params = new LinkedHashMap<>();
        int open = s.indexOf('(');
        String name = s;
        if (open >= 0) {
            if (!s.endsWith(")")) {
                throw new IllegalArgumentException(what + " spec '" + spec + "' has '(' without a closing ')'");
            }
            name = s.substring(0, open).strip();
            String body = s.substring(open + 1, s.length() - 1).strip();
            if (!body.isEmpty()) {
                for (String part : body.split(",")) {
                    int eq = part.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException(what + " spec '" + spec + "': parameter '"
                                + part.strip() + "' is not key=value");
                    }
                    String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT).replace('_', '-');
                    String value = part.substring(eq + 1).strip();
                    try {
                        params.put(key, Double.parseDouble(value));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(what + " spec '" + spec + "': parameter '" + key
                                + "' is not a number: '" + value + "'", e);
                    }
                }
            }
        }
        return new Parsed(name.toLowerCase(Locale.ROOT).replace('_', '-'), params, spec);
    }

    static void allowOnly(Parsed p, String what, String... keys) {
        for (String k : p.params().keySet()) {
            if (!Arrays.asList(keys).contains(k)) {
                throw new IllegalArgumentException(what + " '" + p.name() + "' has no parameter '" + k
                        + "' (in '" + p.text() + "'); allowed: " + String.join(", ", keys));
            }
        }
    }
}
