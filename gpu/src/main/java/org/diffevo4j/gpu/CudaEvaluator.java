package org.diffevo4j.gpu;

import java.nio.file.Path;
import java.util.Objects;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.EvaluatorChecks;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.environments.EnvSpec;

/**
 * The CUDA evaluator: the whole rollout of every episode copy (reset from its seed, observation
 * normalisation, MLP forward, argmax head, environment step, reward bookkeeping) runs in one kernel
 * launch of {@code rollout.cu}, one thread per copy; only genomes and seeds go in and returns, lengths
 * and flags come out. Same contract as the JVM evaluator: copy {@code k = i * E + e} starts from
 * {@code seeds[k]}, reset states are drawn in the kernel with the environments' own SplitMix64 streams,
 * and the arithmetic is the Java code's, operation for operation, in double precision.
 *
 * <p>Implemented: the five built-in environments (CartPole-v1, MountainCar-v0, Acrobot-v1,
 * MountainCarContinuous-v0, Pendulum-v1), MLPs up to 256 wide and 8 layers: one thread per copy when the
 * widest layer is at most 32, otherwise the cooperative kernel, one warp per copy, each lane computing
 * some of a layer's output neurons, weights staged in shared memory when they fit in under 48 KB
 * ({@link RolloutConfig#choose}); both give the same returns.
 * Built and checked on the CPU (the same source compiled by gcc, {@link #onHost}); not yet run on a GPU.
 *
 * <p>It is the {@link Backend#CUDA} backend of {@code PopulationEvaluators} (through {@link CudaEngine});
 * {@link #backend()} answers {@code CUDA} whether it runs on a GPU or as the host build.
 */
public final class CudaEvaluator implements PopulationEvaluator {

    private final EnvSpec env;
    private final PolicySpec policy;
    private final int maxSteps;
    private final int dim;
    private final double[] dcfg;
    private final RolloutKernel kernel;
    private final RolloutConfig.Layout layout;

    private CudaEvaluator(EnvSpec env, PolicySpec policy, int maxEpisodeSteps, java.util.function.Supplier<RolloutKernel> k) {
        this(env, policy, maxEpisodeSteps, k, null);
    }

    private CudaEvaluator(EnvSpec env, PolicySpec policy, int maxEpisodeSteps, java.util.function.Supplier<RolloutKernel> k,
                          RolloutConfig.Layout layout) {
        this.env = Objects.requireNonNull(env, "env");
        this.policy = Objects.requireNonNull(policy, "policy");
        EvaluatorChecks.checkCompatible(env, policy);
        RolloutConfig.checkSupported(env, policy);
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
        }
        this.maxSteps = Math.min(maxEpisodeSteps, env.maxEpisodeSteps());
        this.dim = policy.parameterCount();
        this.dcfg = RolloutConfig.doubles(policy);
        this.layout = layout != null ? layout : RolloutConfig.choose(policy);
        if (this.layout == RolloutConfig.Layout.THREAD && policy.layout().maxWidth() > RolloutConfig.THREAD_MAX_WIDTH) {
            throw new IllegalArgumentException("the one-thread-per-copy kernel holds layers up to "
                    + RolloutConfig.THREAD_MAX_WIDTH + " wide; policy " + policy + " is wider");
        }
        if (this.layout == RolloutConfig.Layout.COOPERATIVE_SHARED
                && 8L * RolloutConfig.sharedDoubles(policy, true) > RolloutConfig.SHARED_LIMIT_BYTES) {
            throw new IllegalArgumentException("the weights of policy " + policy + " do not fit in "
                    + RolloutConfig.SHARED_LIMIT_BYTES + " bytes of shared memory");
        }
        this.kernel = k.get();
    }

    /**
     * An evaluator on GPU {@code device} (0 for the first).
     *
     * @throws CudaException without an NVIDIA driver or GPU (one message saying so), or when the
     *                       shipped kernels do not load
     * @throws IllegalArgumentException for an environment or policy the kernel does not implement
     */
    public static CudaEvaluator onDevice(EnvSpec env, PolicySpec policy, int maxEpisodeSteps, int device) {
        return new CudaEvaluator(env, policy, maxEpisodeSteps, () -> new DeviceRollout(device));
    }

    /**
     * The same kernel source built for the host CPU by gcc ({@code gpu/build-kernels.sh}), loaded from
     * {@code library}: for checking the kernel's logic against the JVM evaluator without a GPU.
     */
    public static CudaEvaluator onHost(EnvSpec env, PolicySpec policy, int maxEpisodeSteps, Path library) {
        return new CudaEvaluator(env, policy, maxEpisodeSteps, () -> new HostRollout(library));
    }

    /** The host build with a given kernel layout rather than {@link RolloutConfig#choose}'s (for tests). */
    static CudaEvaluator onHost(EnvSpec env, PolicySpec policy, int maxEpisodeSteps, Path library,
                                RolloutConfig.Layout layout) {
        return new CudaEvaluator(env, policy, maxEpisodeSteps, () -> new HostRollout(library),
                Objects.requireNonNull(layout, "layout"));
    }

    /** The kernel this evaluator launches. */
    RolloutConfig.Layout layout() {
        return layout;
    }

    /**
     * Whether an NVIDIA driver and at least one GPU are present (for a backend choice such as
     * {@code auto}); never throws. Cheap where there is plainly no driver: files are looked at first
     * ({@link CudaDriver#maybePresent}) and JNA is loaded only when they suggest a driver. The answer
     * is computed once per JVM. The fat binary is only loaded by {@link #onDevice}.
     */
    public static boolean available() {
        Boolean a = available;
        if (a == null) {
            a = CudaDriver.maybePresent() && probe(0) == null;
            available = a;
        }
        return a;
    }

    private static volatile Boolean available;

    /**
     * Checks that the driver loads and initialises and that GPU {@code device} exists (nothing is
     * allocated on it).
     *
     * @throws CudaException with one line saying what is missing
     */
    public static void checkDevice(int device) {
        DeviceRollout.init(device);
    }

    private static CudaException probe(int device) {
        try {
            checkDevice(device);
            return null;
        } catch (CudaException e) {
            return e;
        } catch (LinkageError e) {
            return new CudaException("JNA could not bind the CUDA driver: " + e, -1, e);
        }
    }

    /** Whether the kernel implements this environment id. */
    public static boolean supports(String envId) {
        return RolloutConfig.ENVIRONMENTS.containsKey(envId);
    }

    /** Where the kernel runs (the GPU's name, or the host build). */
    public String device() {
        return kernel.describe();
    }

    @Override
    public PolicySpec policy() {
        return policy;
    }

    @Override
    public int maxEpisodeSteps() {
        return maxSteps;
    }

    @Override
    public Backend backend() {
        return Backend.CUDA;
    }

    @Override
    public EvaluationResult evaluate(double[] population, int episodes, long[] seeds) {
        long start = System.nanoTime();
        int p = EvaluatorChecks.checkArguments(dim, population, episodes, seeds);
        int copies = p * episodes;
        double[] returns = new double[copies];
        int[] lengths = new int[copies];
        int[] term = new int[copies];
        int[] badStep = new int[copies];
        double[] badValue = new double[copies];
        kernel.run(population, seeds, RolloutConfig.ints(env, policy, episodes, maxSteps), dcfg, returns, lengths,
                term, badStep, badValue, copies, layout);
        boolean[] terminated = new boolean[copies];
        for (int k = 0; k < copies; k++) {
            terminated[k] = term[k] != 0;
        }
        return EvaluatorChecks.finish(env, p, episodes, returns, lengths, terminated, badStep, badValue, start);
    }

    @Override
    public void close() {
        kernel.close();
    }
}
