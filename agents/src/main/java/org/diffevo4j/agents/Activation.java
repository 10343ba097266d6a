package org.diffevo4j.agents;

/** Hidden-layer activation of an MLP policy. */
public enum Activation {
    /** {@code max(0, x)}. */
    RELU,
    /** {@code tanh(x)}. */
    TANH;

    /** Applies this activation to one value (used outside hot loops; the evaluators inline it). */
    public double apply(double x) {
        return this == RELU ? (x > 0 ? x : 0.0) : Math.tanh(x);
    }

    /** Parses {@code relu} / {@code tanh} (case-insensitive). */
    public static Activation parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("activation name is null; expected relu or tanh");
        }
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "relu" -> RELU;
            case "tanh" -> TANH;
            default -> throw new IllegalArgumentException("unknown activation '" + name + "'; expected relu or tanh");
        };
    }
}
