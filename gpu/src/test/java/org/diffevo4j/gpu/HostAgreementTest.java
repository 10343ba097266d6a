package org.diffevo4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.Test;

/**
 * rollout.cu built for the host CPU by gcc (-ffp-contract=off) and run through the JNA binding gives,
 * on every episode, the same return, length and termination flag as the JVM evaluator: exactly, not
 * within a tolerance (see gpu/README.md on cos/sin/tanh). Skips where gcc did not build the library.
 */
class HostAgreementTest {

    static Path hostLibrary() {
        String p = System.getProperty("diffevo4j.gpu.hostLibrary", "target/native/librollout_host.so");
        Path path = Path.of(p);
        assumeTrue(Files.isRegularFile(path), "no host build of rollout.cu at " + path + " (gcc absent?)");
        return path;
    }

    private static int[] compare(String envId, PolicySpec policy, double[] pop, int episodes, long baseSeed) {
        return compare(envId, policy, pop, episodes, baseSeed, 0.0);
    }

    /** {@code rtol} 0: bit-identical returns; otherwise {@code |a - b| <= rtol * max(1, |a|)}. */
    private static int[] compare(String envId, PolicySpec policy, double[] pop, int episodes, long baseSeed,
                                 double rtol) {
        return compare(envId, policy, pop, episodes, baseSeed, rtol, null);
    }

    /**
     * As above with the given kernel layout ({@code null}: the one {@link RolloutConfig#choose} picks).
     * Returns {terminated episodes, longest episode, total steps}.
     */
    static int[] compare(String envId, PolicySpec policy, double[] pop, int episodes, long baseSeed, double rtol,
                         RolloutConfig.Layout layout) {
        EnvSpec spec = Environments.spec(envId);
        int copies = pop.length / policy.parameterCount() * episodes;
        long[] seeds = EpisodeSeeds.derive(baseSeed, copies);
        EvaluationResult jvm;
        try (PopulationEvaluator ev = PopulationEvaluators.create(Backend.JVM, envId, policy, 1, 100_000)) {
            jvm = ev.evaluate(pop, episodes, seeds);
        }
        EvaluationResult host;
        try (CudaEvaluator ev = layout == null ? CudaEvaluator.onHost(spec, policy, 100_000, hostLibrary())
                : CudaEvaluator.onHost(spec, policy, 100_000, hostLibrary(), layout)) {
            host = ev.evaluate(pop, episodes, seeds);
        }
        for (int k = 0; k < copies; k++) {
            double a = jvm.returns()[k];
            assertEquals(a, host.returns()[k], rtol * Math.max(1.0, Math.abs(a)), envId + " copy " + k + " return");
        }
        assertArrayEquals(jvm.lengths(), host.lengths(), envId + " lengths");
        assertArrayEquals(jvm.terminated(), host.terminated(), envId + " terminated");
        assertArrayEquals(jvm.success(), host.success(), envId + " success");
        int[] stats = new int[3];
        for (int k = 0; k < copies; k++) {
            stats[0] += jvm.terminated()[k] ? 1 : 0;
            stats[1] = Math.max(stats[1], jvm.lengths()[k]);
            stats[2] += jvm.lengths()[k];
        }
        return stats;
    }

    static double[] randomPopulation(PolicySpec policy, int p, double scale, long seed) {
        Random r = new Random(seed);
        double[] pop = new double[p * policy.parameterCount()];
        for (int i = 0; i < pop.length; i++) {
            pop[i] = r.nextGaussian() * scale * (1 + (i / policy.parameterCount()) % 4);
        }
        return pop;
    }

    @Test
    void cartPoleReluAndTanhEveryEpisode() {
        EnvSpec spec = Environments.spec("CartPole-v1");
        for (int[] hidden : new int[][] {{8}, {}, {16, 16}, {64, 64}}) {
            for (Activation a : Activation.values()) {
                PolicySpec policy = PolicySpec.forEnv(spec, hidden).withActivation(a);
                int p = hidden.length == 2 && hidden[0] == 64 ? 16 : 96;
                int[] s = compare("CartPole-v1", policy, randomPopulation(policy, p, 0.5, 11 + hidden.length), 2, 42);
                // the population spans short (terminated) and full-length episodes
                assertTrue(s[0] > 0, "some episodes terminate");
            }
        }
    }

    @Test
    void cartPoleLongEpisodesWithoutNormaliser() {
        EnvSpec spec = Environments.spec("CartPole-v1");
        PolicySpec policy = PolicySpec.forEnv(spec, 8).withNormalizer(null);
        double[] pop = randomPopulation(policy, 256, 1.0, 5);
        int[] s = compare("CartPole-v1", policy, pop, 3, 7);
        assertTrue(s[1] > 100, "some long episodes, longest " + s[1]);
    }

    @Test
    void mountainCarEveryEpisode() {
        EnvSpec spec = Environments.spec("MountainCar-v0");
        for (int[] hidden : new int[][] {{8}, {}, {16, 16}}) {
            for (Activation a : Activation.values()) {
                PolicySpec policy = PolicySpec.forEnv(spec, hidden).withActivation(a);
                compare("MountainCar-v0", policy, randomPopulation(policy, 96, 1.0, 3 + hidden.length), 2, 99);
            }
        }
    }

    /** Acrobot-v1 and MountainCarContinuous-v0: bit-identical, like CartPole and MountainCar. */
    @Test
    void acrobotAndMountainCarContinuousEveryEpisode() {
        for (String id : new String[] {"Acrobot-v1", "MountainCarContinuous-v0"}) {
            EnvSpec spec = Environments.spec(id);
            for (int[] hidden : new int[][] {{8}, {}, {16, 16}}) {
                for (Activation a : Activation.values()) {
                    PolicySpec policy = PolicySpec.forEnv(spec, hidden).withActivation(a);
                    compare(id, policy, randomPopulation(policy, 48, 1.0, 17 + hidden.length), 2, 31);
                }
            }
        }
    }

    /**
     * Pendulum-v1's angle is never wrapped, so sin/cos see arguments far from [-pi, pi], where HotSpot's
     * Math.sin/cos and glibc's differ in the last bit on about 0.2% of arguments (measured over
     * [-300, 300]); through a feedback policy and the float32 observations such a bit can change later
     * actions, so closed-loop returns are not comparable bit for bit. The physics and the continuous
     * head are checked with open-loop policies (zero weights, random biases: a constant torque per
     * genome, clipped), whose returns agree within the conformance rollout tolerance (1e-9 per step).
     */
    @Test
    void pendulumOpenLoopWithinTolerance() {
        EnvSpec spec = Environments.spec("Pendulum-v1");
        for (int[] hidden : new int[][] {{8}, {}}) {
            PolicySpec policy = PolicySpec.forEnv(spec, hidden);
            int d = policy.parameterCount();
            org.diffevo4j.agents.ParameterLayout l = policy.layout();
            int last = l.layerCount() - 1;
            double[] pop = new double[64 * d];
            Random r = new Random(8);
            for (int i = 0; i < 64; i++) {
                // only the output bias is non-zero: out = b, action = clip(tanh(b) * 2, -2, 2)
                pop[i * d + l.biasOffset(last)] = r.nextGaussian() * 2;
            }
            EnvSpec s = spec;
            long[] seeds = EpisodeSeeds.derive(3, 64 * 2);
            EvaluationResult jvm;
            try (PopulationEvaluator ev = PopulationEvaluators.create(Backend.JVM, s.id(), policy, 1, 1000)) {
                jvm = ev.evaluate(pop, 2, seeds);
            }
            EvaluationResult host;
            try (CudaEvaluator ev = CudaEvaluator.onHost(s, policy, 1000, hostLibrary())) {
                host = ev.evaluate(pop, 2, seeds);
            }
            for (int k = 0; k < 128; k++) {
                assertEquals(jvm.returns()[k], host.returns()[k], 200 * 1e-9, "Pendulum-v1 copy " + k);
            }
            assertArrayEquals(jvm.lengths(), host.lengths());
        }
    }

    @Test
    void mountainCarPolicyThatReachesTheGoal() {
        // no hidden layer: out = W obs' + b with W = [[0, -1], [0, 0], [0, 1]]: push along the velocity
        EnvSpec spec = Environments.spec("MountainCar-v0");
        PolicySpec policy = PolicySpec.forEnv(spec);
        int d = policy.parameterCount();
        assertEquals(9, d);
        int p = 32;
        double[] pop = new double[p * d];
        Random r = new Random(1);
        for (int i = 0; i < p; i++) {
            pop[i * d + 1] = -1;
            pop[i * d + 5] = 1;
            for (int j = 0; j < d; j++) {
                pop[i * d + j] += 0.05 * r.nextGaussian();
            }
        }
        int[] s = compare("MountainCar-v0", policy, pop, 4, 2024);
        assertTrue(s[0] > 0, "some episodes reach the goal");
    }
}
