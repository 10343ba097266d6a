package org.diffevo4j.gpu;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.EvaluatorEngine;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;

/**
 * The {@code cuda} evaluator engine, found with {@link java.util.ServiceLoader} when this jar is on the
 * class path (as the Spark engine is): the agents module's {@code Backend.CUDA} ({@code --backend cuda})
 * and the CLI's {@code --engine cuda} both come here. Options: {@code device} (GPU index, default 0); {@code partitions},
 * which the CLI passes to every engine, is accepted and ignored.
 *
 * <p>No usable GPU (no driver, no device, a driver too old for the shipped kernels) is reported as an
 * {@link IllegalArgumentException} carrying the {@link CudaException}'s one-line message: at this
 * boundary it is the user's choice of engine that cannot be honoured on this machine.
 */
public final class CudaEngine implements EvaluatorEngine {

    private static final Set<String> OPTIONS = Set.of("device", "partitions");

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public PopulationEvaluator create(String envId, int[] hidden, Activation activation, int maxEpisodeSteps,
                                      Map<String, String> options) {
        device(options);   // unknown options first, as before
        EnvSpec spec = Environments.spec(envId);
        PolicySpec policy = PolicySpec.forEnv(spec, hidden).withActivation(activation);
        return create(spec, policy, maxEpisodeSteps, options);
    }

    @Override
    public PopulationEvaluator create(EnvSpec env, PolicySpec policy, int maxEpisodeSteps, Map<String, String> options) {
        int device = device(options);
        return usable(() -> CudaEvaluator.onDevice(env, policy, maxEpisodeSteps, device));
    }

    /** {@link CudaEvaluator#available()}: files first, JNA only where they suggest a driver; once per JVM. */
    @Override
    public boolean available() {
        return CudaEvaluator.available();
    }

    /** The kernel implements the environment and policy, and the driver loads and sees GPU 0. */
    @Override
    public void check(EnvSpec env, PolicySpec policy) {
        RolloutConfig.checkSupported(env, policy);
        usable(() -> {
            CudaEvaluator.checkDevice(0);
            return null;
        });
    }

    /** Runs {@code action}; no usable driver or GPU becomes the IllegalArgumentException the CLI reports. */
    private static <T> T usable(Supplier<T> action) {
        try {
            return action.get();
        } catch (CudaException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (LinkageError e) {
            throw new IllegalArgumentException("the cuda backend could not bind the CUDA driver through JNA ("
                    + e.getMessage() + "); use the jvm or nd4j backend instead", e);
        }
    }

    private static int device(Map<String, String> options) {
        for (String k : options.keySet()) {
            if (!OPTIONS.contains(k)) {
                throw new IllegalArgumentException("unknown cuda engine option '" + k + "'; known: device");
            }
        }
        try {
            return Integer.parseInt(options.getOrDefault("device", "0").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cuda engine option device must be a GPU index, got '"
                    + options.get("device") + "'", e);
        }
    }
}
