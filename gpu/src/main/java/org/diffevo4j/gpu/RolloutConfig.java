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
    /**
     * Which kernel of rollout.cu runs a policy: {@code rollout} (one thread per copy) or {@code rollout_coop}
     * (one warp per copy), the latter with the copy's weights staged in shared memory or read from global memory.
     */
    enum Layout {
        THREAD, COOPERATIVE_GLOBAL, COOPERATIVE_SHARED
    }

    /** Widest layer the one-thread-per-copy kernel can hold ({@code D4J_MAX_WIDTH}). */
    static final int THREAD_MAX_WIDTH = 64;
    /** Policies whose widest layer is wider than this run on the cooperative kernel. */
    static final int COOPERATIVE_ABOVE = 32;
    /** Widest layer the cooperative kernel takes ({@code D4J_COOP_MAX_WIDTH}): the kernel's limit. */
    static final int MAX_WIDTH = 256;
    /** Most layers ({@code D4J_MAX_LAYERS}). */
    static final int MAX_LAYERS = 8;
    /**
     * The staging limit: dynamic shared memory a block may use without an opt-in attribute (48 KB, static
     * and dynamic together), less 256 bytes left for {@code rollout_coop}'s static shared flag.
     */
    static final int SHARED_LIMIT_BYTES = 48 * 1024 - 256;
    /** Threads per copy in the cooperative kernel ({@code D4J_LANES}). */
    static final int LANES = 32;

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
            throw new IllegalArgumentException("the cuda backend's kernels hold layers up to "
                    + MAX_WIDTH + " wide and " + MAX_LAYERS + " layers; policy " + policy + " is larger");
        }
    }

    /**
     * The kernel for a policy: one thread per copy when its widest layer (inputs and outputs included) is
     * at most {@link #COOPERATIVE_ABOVE}, otherwise one warp per copy, with the weights staged in shared
     * memory when {@link #sharedDoubles} of them fit in {@link #SHARED_LIMIT_BYTES}.
     */
    static Layout choose(PolicySpec policy) {
        if (policy.layout().maxWidth() <= COOPERATIVE_ABOVE) {
            return Layout.THREAD;
        }
        return 8L * sharedDoubles(policy, true) <= SHARED_LIMIT_BYTES ? Layout.COOPERATIVE_SHARED
                : Layout.COOPERATIVE_GLOBAL;
    }

    /**
     * Doubles of dynamic shared memory one block of the cooperative kernel uses, as rollout.cu's
     * {@code d4j_coop_shared}: two activation buffers of the widest layer, and when staging, each layer's
     * rows at an odd stride ({@code nIn} or {@code nIn + 1}) plus its biases.
     */
    static int sharedDoubles(PolicySpec policy, boolean stage) {
        return sharedDoubles(policy.layout().layerSizes(), stage);
    }

    /** As {@link #sharedDoubles(PolicySpec, boolean)}, from the layer sizes {@code [in, hidden..., out]}. */
    static int sharedDoubles(int[] sizes, boolean stage) {
        int maxWidth = 0;
        for (int s : sizes) {
            maxWidth = Math.max(maxWidth, s);
        }
        int n = 2 * maxWidth;
        if (stage) {
            for (int i = 0; i + 1 < sizes.length; i++) {
                int stride = sizes[i] % 2 == 0 ? sizes[i] + 1 : sizes[i];
                n += sizes[i + 1] * (stride + 1);
            }
        }
        return n;
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
