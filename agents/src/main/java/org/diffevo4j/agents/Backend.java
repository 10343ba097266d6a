package org.diffevo4j.agents;

/** Which engine runs the policies' forward passes. */
public enum Backend {
    /**
     * Pick for the machine and the policy (see {@link PopulationEvaluators#resolve}): CUDA when its
     * evaluator is on the class path and a GPU is usable, else by the policy's size
     * ({@link PopulationEvaluators#choose}).
     */
    AUTO,
    /** Fused plain-Java loops, population split across a fixed thread pool. */
    JVM,
    /** Batched ND4J matrix products. */
    ND4J,
    /**
     * The whole rollout in one CUDA kernel on an NVIDIA GPU: the {@code cuda} {@link EvaluatorEngine}
     * of the {@code diffevo4j-gpu} module, found at run time (this module does not depend on it).
     */
    CUDA;

    /** Parses {@code auto|jvm|nd4j|cuda} (case-insensitive). */
    public static Backend parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("backend is null; expected auto, jvm, nd4j or cuda");
        }
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "jvm" -> JVM;
            case "nd4j" -> ND4J;
            case "cuda" -> CUDA;
            default -> throw new IllegalArgumentException("unknown backend '" + s + "'; expected auto, jvm, nd4j or cuda");
        };
    }
}
