package org.diffevo4j.agents;

import java.util.Map;
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

    /** The {@link EvaluatorEngine} that provides {@link Backend#CUDA} (in the {@code diffevo4j-gpu} module). */
    public static final String CUDA_ENGINE = "cuda";

    /** An evaluator for a registered environment, episodes capped only by the environment's own limit. */
    public static PopulationEvaluator create(Backend backend, String envId, PolicySpec policy, int threads) {
        return create(backend, envId, policy, threads, Integer.MAX_VALUE);
    }

    /**
     * An evaluator for a registered environment.
     *
     * @param backend         AUTO, JVM, ND4J or CUDA (AUTO as {@link #resolve})
     * @param envId           registered id, e.g. {@code CartPole-v1}
     * @param policy          policy shape (must match the environment's spaces)
     * @param threads         worker threads for the JVM backend (>= 1; ignored by ND4J and CUDA)
     * @param maxEpisodeSteps episode cap (the environment's own time limit still applies)
     * @throws IllegalArgumentException for an unknown id, a mismatched policy or bad numbers, and for
     *                                  CUDA when its evaluator is not on the class path or cannot run here
     *                                  (no NVIDIA driver or GPU; the message says which)
     */
    public static PopulationEvaluator create(Backend backend, String envId, PolicySpec policy, int threads,
                                             int maxEpisodeSteps) {
        EnvSpec spec = Environments.spec(envId);
        return create(backend, spec, n -> Environments.makeVector(envId, n), policy, threads, maxEpisodeSteps);
    }

    /**
     * An evaluator over any batched environment factory (custom or test environments). CUDA steps the
     * environment {@code spec.id()} in its own kernel and never calls {@code envFactory}; AUTO picks
     * CUDA only for environments it implements.
     */
    public static PopulationEvaluator create(Backend backend, EnvSpec spec, IntFunction<VectorEnvironment> envFactory,
                                             PolicySpec policy, int threads, int maxEpisodeSteps) {
        Objects.requireNonNull(backend, "backend");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Backend b = resolve(backend, spec, policy);
        return switch (b) {
            case CUDA -> cudaEngine().create(spec, policy, maxEpisodeSteps, Map.of());
            case ND4J -> new Nd4jEvaluator(spec, envFactory, policy, maxEpisodeSteps);
            default -> new JvmEvaluator(spec, envFactory, policy, threads, maxEpisodeSteps);
        };
    }

    /**
     * The backend that runs {@code policy} on {@code env}: {@code backend} itself unless it is AUTO;
     * AUTO is CUDA when the {@code cuda} engine is on the class path, reports a usable GPU
     * ({@link EvaluatorEngine#available}, cheap without a driver) and implements this environment and
     * policy, else {@link #choose}. Never throws for AUTO.
     */
    public static Backend resolve(Backend backend, EnvSpec env, PolicySpec policy) {
        if (backend != Backend.AUTO) {
            return backend;
        }
        return cudaUsable(env, policy) ? Backend.CUDA : choose(policy);
    }

    private static boolean cudaUsable(EnvSpec env, PolicySpec policy) {
        try {
            java.util.Optional<EvaluatorEngine> e = EvaluatorEngine.lookup(CUDA_ENGINE, loader());
            if (e.isEmpty() || !e.get().available()) {
                return false;
            }
            e.get().check(env, policy);
            return true;
        } catch (IllegalArgumentException | java.util.ServiceConfigurationError | LinkageError e) {
            return false;
        }
    }

    /**
     * Checks that {@code backend} can run {@code policy} on {@code env} here, without creating an
     * evaluator; only CUDA can fail (AUTO falls back, JVM and ND4J run everywhere).
     *
     * @throws IllegalArgumentException with one line saying what is missing (no diffevo4j-gpu on the
     *                                  class path, no NVIDIA driver or GPU, an environment or policy the
     *                                  kernel does not implement); the underlying error is its cause
     */
    public static void check(Backend backend, EnvSpec env, PolicySpec policy) {
        if (backend == Backend.CUDA) {
            cudaEngine().check(env, policy);
        }
    }

    private static EvaluatorEngine cudaEngine() {
        return EvaluatorEngine.lookup(CUDA_ENGINE, loader()).orElseThrow(() -> new IllegalArgumentException(
                "backend cuda needs the diffevo4j-gpu module (its cuda evaluator engine) on the class path, "
                        + "which this build does not carry; use --backend jvm"));
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : PopulationEvaluators.class.getClassLoader();
    }

    /** The backend AUTO resolves to for a policy where no GPU is usable (see {@link #ND4J_MIN_MACS}). */
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
