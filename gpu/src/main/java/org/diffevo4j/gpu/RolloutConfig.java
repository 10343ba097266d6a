package org.diffevo4j.gpu;

import java.util.Map;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.ObservationNormalizer;
import org.diffevo4j.agents.ParameterLayout;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.environments.EnvSpec;

/**
 * The integer and double configuration arrays {@code rollout.cu} reads (layout documented at the top of
 * that file): environment, episode count, policy shape, normaliser and head.
 */
final class RolloutConfig {

    /** Environments the kernel implements, by id, with the kernel's number for each. */
    static final Map<String, Integer> ENVIRONMENTS = Map.of("CartPole-v1", 0, "MountainCar-v0", 1, "Acrobot-v1", 2,
            "MountainCarContinuous-v0", 3, "Pendulum-v1", 4);
    /** Widest layer one thread can hold ({@code D4J_MAX_WIDTH}). */
    static final int MAX_WIDTH = 64;
    /** Most layers ({@code D4J_MAX_LAYERS}). */
    static final int MAX_LAYERS = 8;

    private RolloutConfig() {
    }

    /**
     * @throws IllegalArgumentException naming what the kernel does not support
     */
    static void checkSupported(EnvSpec env, PolicySpec policy) {
        if (!ENVIRONMENTS.containsKey(env.id())) {
            throw new IllegalArgumentException("the cuda backend's kernel implements " + String.join(", ",
                    new java.util.TreeSet<>(ENVIRONMENTS.keySet())) + "; " + env.id() + " is not implemented yet");
        }
        ParameterLayout l = policy.layout();
        if (l.maxWidth() > MAX_WIDTH || l.layerCount() > MAX_LAYERS) {
            throw new IllegalArgumentException("the cuda backend's one-thread-per-episode kernel holds layers up to "
                    + MAX_WIDTH + " wide and " + MAX_LAYERS + " layers; policy " + policy + " is larger");
        }
    }

    static int[] ints(EnvSpec env, PolicySpec policy, int episodes, int maxSteps) {
        ParameterLayout l = policy.layout();
        int layers = l.layerCount();
        int[] c = new int[10 + (layers + 1) + 2 * layers];
        c[0] = ENVIRONMENTS.get(env.id());
        c[1] = episodes;
        c[2] = l.parameterCount();
        c[3] = maxSteps;
        c[4] = policy.activation() == Activation.TANH ? 1 : 0;
        c[5] = layers;
        c[6] = policy.observationSize();
        c[7] = policy.actionSize();
        c[8] = policy.actionStart();
        c[9] = policy.normalizer() != null ? 1 : 0;
        int[] sizes = l.layerSizes();
        System.arraycopy(sizes, 0, c, 10, sizes.length);
        int o = 10 + sizes.length;
        for (int i = 0; i < layers; i++) {
            c[o + i] = l.weightOffset(i);
            c[o + layers + i] = l.biasOffset(i);
        }
        return c;
    }

    static double[] doubles(PolicySpec policy) {
        int obs = policy.observationSize();
        int act = policy.actionSize();
        double[] c = new double[1 + 2 * obs + 3 * act];
        c[0] = Math.sqrt(3.0);
        ObservationNormalizer n = policy.normalizer();
        if (n != null) {
            double[] lo = n.low();
            double[] hi = n.high();
            for (int i = 0; i < obs; i++) {
                c[1 + i] = lo[i];
                c[1 + obs + i] = hi[i] - lo[i];
            }
        }
        int o = 1 + 2 * obs;
        if (!policy.discrete()) {
            System.arraycopy(policy.actionFactor(), 0, c, o, act);
            System.arraycopy(policy.actionLow(), 0, c, o + act, act);
            System.arraycopy(policy.actionHigh(), 0, c, o + 2 * act, act);
        }
        return c;
    }
}
