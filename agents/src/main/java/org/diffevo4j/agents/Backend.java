package org.diffevo4j.agents;

/** Which engine runs the policies' forward passes. */
public enum Backend {
    /** Pick by the policy's size (see {@link PopulationEvaluators#choose}). */
    AUTO,
    /** Fused plain-Java loops, population split across a fixed thread pool. */
    JVM,
    /** Batched ND4J matrix products (the path the CUDA backend accelerates). */
    ND4J;

    /** Parses {@code auto|jvm|nd4j} (case-insensitive). */
    public static Backend parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("backend is null; expected auto, jvm or nd4j");
        }
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "jvm" -> JVM;
            case "nd4j" -> ND4J;
            default -> throw new IllegalArgumentException("unknown backend '" + s + "'; expected auto, jvm or nd4j");
        };
    }
}
