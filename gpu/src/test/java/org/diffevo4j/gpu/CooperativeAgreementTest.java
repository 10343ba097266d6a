package org.diffevo4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.ParameterLayout;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.Test;

/**
 * The cooperative kernel ({@code rollout_coop}: one warp per copy, each lane computing some of a layer's
 * output neurons) of rollout.cu, built for the host CPU (its 32 lanes run as loops between the phases),
 * against the JVM evaluator, as {@link HostAgreementTest} checks the one-thread-per-copy kernel: the same
 * return, length, termination and success flag on every episode, bit for bit, for CartPole-v1,
 * MountainCar-v0, Acrobot-v1 and MountainCarContinuous-v0; Pendulum-v1 open-loop within the conformance
 * tolerance. Both ways of reading the weights (staged in shared memory, or from global memory) are run.
 * Skips where gcc did not build the library.
 */
class CooperativeAgreementTest {

    private static final RolloutConfig.Layout SHARED = RolloutConfig.Layout.COOPERATIVE_SHARED;
    private static final RolloutConfig.Layout GLOBAL = RolloutConfig.Layout.COOPERATIVE_GLOBAL;

    @Test
    void wideLayersGoToTheCooperativeKernel() {
        EnvSpec cp = Environments.spec("CartPole-v1");
        assertEquals(RolloutConfig.Layout.THREAD, RolloutConfig.choose(PolicySpec.forEnv(cp, 8)));
        assertEquals(RolloutConfig.Layout.THREAD, RolloutConfig.choose(PolicySpec.forEnv(cp, 32, 32)));
        assertEquals(SHARED, RolloutConfig.choose(PolicySpec.forEnv(cp, 33)));
        assertEquals(SHARED, RolloutConfig.choose(PolicySpec.forEnv(cp, 64, 64)));
        assertEquals(GLOBAL, RolloutConfig.choose(PolicySpec.forEnv(cp, 128, 128)));
        assertEquals(SHARED, RolloutConfig.choose(PolicySpec.forEnv(cp, 256)));
        assertEquals(GLOBAL, RolloutConfig.choose(PolicySpec.forEnv(cp, 256, 256)));
        // 4-64-64-2 staged: 2 x 64 activations; rows at stride 5, 65, 65, each layer's biases after its rows
        assertEquals(2 * 64 + 64 * 6 + 64 * 66 + 2 * 66, RolloutConfig.sharedDoubles(PolicySpec.forEnv(cp, 64, 64), true));
        assertEquals(2 * 128, RolloutConfig.sharedDoubles(PolicySpec.forEnv(cp, 128, 128), false));
        // the widest the cooperative kernel takes is 256; the thread kernel's 64 only when asked for
        assertThrows(IllegalArgumentException.class, () -> CudaEvaluator.onDevice(cp, PolicySpec.forEnv(cp, 257), 500, 0));
        assertThrows(IllegalArgumentException.class, () -> CudaEvaluator.onHost(cp, PolicySpec.forEnv(cp, 65), 500,
                java.nio.file.Path.of("none"), RolloutConfig.Layout.THREAD));
        assertThrows(IllegalArgumentException.class, () -> CudaEvaluator.onHost(cp, PolicySpec.forEnv(cp, 128, 128),
                500, java.nio.file.Path.of("none"), SHARED));
    }

    @Test
    void cartPoleWideEveryEpisode() {
        EnvSpec spec = Environments.spec("CartPole-v1");
        for (int[] hidden : new int[][] {{64, 64}, {128, 128}}) {
            for (Activation a : Activation.values()) {
                PolicySpec policy = PolicySpec.forEnv(spec, hidden).withActivation(a);
                // small weights (wide layers saturate otherwise): short and long episodes
                double[] pop = HostAgreementTest.randomPopulation(policy, 16, 0.1, 13);
                int[] s = HostAgreementTest.compare("CartPole-v1", policy, pop, 2, 42, 0.0, null);
                assertTrue(s[0] > 0, "some episodes terminate");
            }
            // long episodes: a balancing rule (push towards theta + thetaDot) inside the wide ReLU net, plus noise
            PolicySpec policy = PolicySpec.forEnv(spec, hidden).withNormalizer(null);
            int[] s = HostAgreementTest.compare("CartPole-v1", policy, balancing(policy, 16, 9), 2, 43, 0.0, null);
            assertTrue(s[1] > 200, "some long episodes, longest " + s[1]);
        }
    }

    /**
     * Genomes of a 4-h-h-2 ReLU policy whose hidden units 0 and 1 carry relu(+-(theta + thetaDot)) to
     * outputs 1 and 0, every weight and bias plus Gaussian noise (0.02).
     */
    private static double[] balancing(PolicySpec policy, int p, long seed) {
        ParameterLayout l = policy.layout();
        int d = policy.parameterCount();
        int h = l.layerSizes()[1];
        double[] pop = new double[p * d];
        Random r = new Random(seed);
        for (int i = 0; i < pop.length; i++) {
            pop[i] = 0.02 * r.nextGaussian();
        }
        for (int i = 0; i < p; i++) {
            int b = i * d;
            for (int c : new int[] {2, 3}) {
                pop[b + l.weightOffset(0) + c] += 1;          // unit 0 = relu(theta + thetaDot)
                pop[b + l.weightOffset(0) + 4 + c] -= 1;      // unit 1 = relu(-(theta + thetaDot))
            }
            pop[b + l.weightOffset(1)] += 1;                  // unit 0 -> unit 0
            pop[b + l.weightOffset(1) + h + 1] += 1;          // unit 1 -> unit 1
            pop[b + l.weightOffset(2) + h] += 1;              // output 1 (push right) <- unit 0
            pop[b + l.weightOffset(2) + 1] += 1;              // output 0 (push left) <- unit 1
        }
        return pop;
    }

    @Test
    void bothWeightPathsAndTheThreadKernelOn64x64() {
        EnvSpec spec = Environments.spec("CartPole-v1");
        PolicySpec policy = PolicySpec.forEnv(spec, 64, 64).withActivation(Activation.TANH);
        double[] pop = HostAgreementTest.randomPopulation(policy, 16, 0.5, 21);
        for (RolloutConfig.Layout layout : RolloutConfig.Layout.values()) {
            HostAgreementTest.compare("CartPole-v1", policy, pop, 2, 5, 0.0, layout);
        }
        // odd widths (rows staged at their own stride) and a width not a multiple of 32
        PolicySpec odd = PolicySpec.forEnv(spec, 45, 33);
        double[] oddPop = HostAgreementTest.randomPopulation(odd, 16, 0.5, 22);
        HostAgreementTest.compare("CartPole-v1", odd, oddPop, 2, 6, 0.0, SHARED);
        HostAgreementTest.compare("CartPole-v1", odd, oddPop, 2, 6, 0.0, GLOBAL);
        PolicySpec widest = PolicySpec.forEnv(spec, 256);
        HostAgreementTest.compare("CartPole-v1", widest, HostAgreementTest.randomPopulation(widest, 8, 0.5, 23), 2, 7,
                0.0, null);
    }

    @Test
    void mountainCarWideEveryEpisode() {
        EnvSpec spec = Environments.spec("MountainCar-v0");
        for (int[] hidden : new int[][] {{64, 64}, {128, 128}}) {
            for (Activation a : Activation.values()) {
                PolicySpec policy = PolicySpec.forEnv(spec, hidden).withActivation(a);
                HostAgreementTest.compare("MountainCar-v0", policy,
                        HostAgreementTest.randomPopulation(policy, 12, 1.0, 3 + hidden[0]), 2, 99, 0.0, null);
            }
        }
        PolicySpec policy = PolicySpec.forEnv(spec, 64, 64);
        HostAgreementTest.compare("MountainCar-v0", policy, HostAgreementTest.randomPopulation(policy, 12, 1.0, 4), 2,
                98, 0.0, GLOBAL);
    }

    @Test
    void acrobotAndMountainCarContinuousWideEveryEpisode() {
        for (String id : new String[] {"Acrobot-v1", "MountainCarContinuous-v0"}) {
            EnvSpec spec = Environments.spec(id);
            for (Activation a : Activation.values()) {
                PolicySpec policy = PolicySpec.forEnv(spec, 64, 64).withActivation(a);
                HostAgreementTest.compare(id, policy, HostAgreementTest.randomPopulation(policy, 8, 0.1, 17), 2, 31,
                        0.0, null);
            }
        }
    }

    /** Open loop, as {@link HostAgreementTest#pendulumOpenLoopWithinTolerance} (sin/cos off [-pi, pi]). */
    @Test
    void pendulumOpenLoopWithinTolerance() {
        EnvSpec spec = Environments.spec("Pendulum-v1");
        PolicySpec policy = PolicySpec.forEnv(spec, 64, 64);
        int d = policy.parameterCount();
        ParameterLayout l = policy.layout();
        int last = l.layerCount() - 1;
        double[] pop = new double[32 * d];
        Random r = new Random(8);
        for (int i = 0; i < 32; i++) {
            pop[i * d + l.biasOffset(last)] = r.nextGaussian() * 2;
        }
        long[] seeds = EpisodeSeeds.derive(3, 32 * 2);
        EvaluationResult jvm;
        try (PopulationEvaluator ev = PopulationEvaluators.create(Backend.JVM, spec.id(), policy, 1, 1000)) {
            jvm = ev.evaluate(pop, 2, seeds);
        }
        EvaluationResult host;
        try (CudaEvaluator ev = CudaEvaluator.onHost(spec, policy, 1000, HostAgreementTest.hostLibrary())) {
            assertEquals(SHARED, ev.layout());
            host = ev.evaluate(pop, 2, seeds);
        }
        for (int k = 0; k < 64; k++) {
            assertEquals(jvm.returns()[k], host.returns()[k], 200 * 1e-9, "Pendulum-v1 copy " + k);
        }
        assertArrayEquals(jvm.lengths(), host.lengths());
    }
}
