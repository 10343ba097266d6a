package org.diffevo4j.agents;

import java.util.Objects;
import java.util.function.IntFunction;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;
import org.diffevo4j.environments.VectorEnvironment;

/** Creates {@link PopulationEvaluator}s for a backend, an environment and a policy shape. */
public final class PopulationEvaluators {

    /**
     * AUTO picks ND4J at and above this many multiply-adds per policy forward pass (sum over layers of
     * in * out). Measured on CPU (see agents/BENCH-NOTES.md): the fused JVM loop wins for every
     * policy size measured, so on the CPU backend AUTO is JVM; the constant exists for accelerator
     * backends, where the batched path is the one that can be offloaded.
     */
    public static final long ND4J_MIN_MACS = Long.MAX_VALUE;

    private PopulationEvaluators() {
    }

    /** An evaluator for a registered environment, episodes capped only by the environment's own limit. */
    public static PopulationEvaluator create(Backend backend, String envId, PolicySpec policy, int threads) {
        return create(backend, envId, policy, threads, Integer.MAX_VALUE);
    }

    /**
     * An evaluator for a registered environment.
     *
     * @param backend         AUTO, JVM or ND4J
     * @param envId           registered id, e.g. {@code CartPole-v1}
     * @param policy          policy shape (must match the environment's spaces)
     * @param threads         worker threads for the JVM backend (>= 1; ignored by ND4J, which uses its own)
     * @param maxEpisodeSteps episode cap (the environment's own time limit still applies)
     * @throws IllegalArgumentException for an unknown id, a mismatched policy or bad numbers
     */
    public static PopulationEvaluator create(Backend backend, String envId, PolicySpec policy, int threads,
                                             int maxEpisodeSteps) {
        EnvSpec spec = Environments.spec(envId);
        return create(backend, spec, n -> Environments.makeVector(envId, n), policy, threads, maxEpisodeSteps);
    }

    /** An evaluator over any batched environment factory (custom or test environments). */
    public static PopulationEvaluator create(Backend backend, EnvSpec spec, IntFunction<VectorEnvironment> envFactory,
                                             PolicySpec policy, int threads, int maxEpisodeSteps) {
        Objects.requireNonNull(backend, "backend");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Backend b = backend == Backend.AUTO ? choose(policy) : backend;
        return b == Backend.ND4J
                ? new Nd4jEvaluator(spec, envFactory, policy, maxEpisodeSteps)
                : new JvmEvaluator(spec, envFactory, policy, threads, maxEpisodeSteps);
    }

    /** The backend AUTO resolves to for a policy (see {@link #ND4J_MIN_MACS}). */
    public static Backend choose(PolicySpec policy) {
        ParameterLayout l = policy.layout();
        long macs = 0;
        for (int i = 0; i < l.layerCount(); i++) {
            macs += (long) l.inSize(i) * l.outSize(i);
        }
        return macs >= ND4J_MIN_MACS ? Backend.ND4J : Backend.JVM;
    }

    /** Number of available processors, the default thread count. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
