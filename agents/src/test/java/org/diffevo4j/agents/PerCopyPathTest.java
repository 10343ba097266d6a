package org.diffevo4j.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.Test;

/**
 * The per-copy path (weights resident per copy, dense layers across output units) gives the lane
 * path's returns and lengths bit for bit, and {@link MlpPolicy#play}'s, for wide and odd shapes
 * (widths that are not multiples of 4 or of the vector length, no bias, tanh, continuous heads), with
 * whichever dense kernel this JVM loads (the build runs this test with and without the Vector API).
 */
class PerCopyPathTest {

    @Test
    void kernelMatchesTheModuleLayer() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String k = JvmEvaluator.denseKernel();
        assertEquals(module, k.startsWith("vector-"), "kernel " + k + ", module present: " + module);
    }

    @Test
    void autoPicksPerCopyForWidePoliciesWithTheVectorApi() {
        EnvSpec spec = Environments.spec("CartPole-v1");
        try (JvmEvaluator small = new JvmEvaluator(spec, n -> Environments.makeVector("CartPole-v1", n),
                PolicySpec.forEnv(spec, 8), 1, 500, JvmEvaluator.Path.AUTO);
             JvmEvaluator wide = new JvmEvaluator(spec, n -> Environments.makeVector("CartPole-v1", n),
                     PolicySpec.forEnv(spec, 64, 64), 1, 500, JvmEvaluator.Path.AUTO)) {
            assertEquals(JvmEvaluator.Path.LANES, small.path());
            boolean vector = JvmEvaluator.denseKernel().startsWith("vector-");
            assertEquals(vector ? JvmEvaluator.Path.PER_COPY : JvmEvaluator.Path.LANES, wide.path());
        }
    }

    @Test
    void discreteShapesMatchLanesAndMlpPolicy() {
        int checked = 0;
        for (String id : new String[] {"CartPole-v1", "Acrobot-v1"}) {
            EnvSpec spec = Environments.spec(id);
            for (int[] hidden : new int[][] {{}, {3}, {64, 64}, {13, 7}, {33, 9, 17}, {128, 128}}) {
                for (Activation act : Activation.values()) {
                    for (boolean bias : new boolean[] {true, false}) {
                        PolicySpec ps = PolicySpec.forEnv(spec, hidden).withActivation(act).withBias(bias);
                        checked += compare(id, spec, ps, 37, 0.4, hidden.length > 1 && hidden[0] == 128 ? 6 : 20);
                    }
                }
            }
        }
        assertTrue(checked > 500, "checked " + checked);
    }

    @Test
    void continuousAndUnnormalisedShapesMatch() {
        int checked = 0;
        EnvSpec pend = Environments.spec("Pendulum-v1");
        checked += compare("Pendulum-v1", pend, PolicySpec.forEnv(pend, 19, 11), 5, 0.5, 9);
        checked += compare("Pendulum-v1", pend, PolicySpec.forEnv(pend, 40).withActivation(Activation.TANH), 5, 0.5, 9);
        EnvSpec cart = Environments.spec("CartPole-v1");
        checked += compare("CartPole-v1", cart, PolicySpec.forEnv(cart, 24, 24).withNormalizer(null), 11, 0.3, 30);
        assertTrue(checked > 0);
    }

    @Test
    void extremeWeightsMatch() {
        EnvSpec spec = Environments.spec("CartPole-v1");
        PolicySpec ps = PolicySpec.forEnv(spec, 20, 12);
        double[] specials = {1e308, -1e308, 1.5e308, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            1e200, -1e200, 0.0, -0.0};
        Random rnd = new Random(3);
        int d = ps.parameterCount();
        int pop = 40;
        double[] genomes = new double[pop * d];
        for (int k = 0; k < genomes.length; k++) {
            genomes[k] = rnd.nextInt(10) == 0 ? specials[rnd.nextInt(specials.length)] : rnd.nextGaussian();
        }
        assertPathsAgree("CartPole-v1", spec, ps, genomes, 1, EpisodeSeeds.derive(9, pop));
    }

    @Test
    void float32IsDeterministicAndMostlyAgreesWithDouble() {
        EnvSpec spec = Environments.spec("CartPole-v1");
        PolicySpec ps = PolicySpec.forEnv(spec, 64, 24); // 64 float lanes: the four-block kernel
        Random rnd = new Random(21);
        int pop = 64;
        double[] genomes = new double[pop * ps.parameterCount()];
        for (int k = 0; k < genomes.length; k++) {
            genomes[k] = rnd.nextGaussian() * 0.5;
        }
        long[] seeds = EpisodeSeeds.derive(4, pop);
        EvaluationResult exact;
        try (JvmEvaluator ev = new JvmEvaluator(spec, n -> Environments.makeVector("CartPole-v1", n), ps, 1, 500)) {
            exact = ev.evaluate(genomes, 1, seeds);
        }
        EvaluationResult[] f32 = new EvaluationResult[2];
        for (int threads = 1; threads <= 2; threads++) {
            try (JvmEvaluator ev = new JvmEvaluator(spec, n -> Environments.makeVector("CartPole-v1", n), ps, threads,
                    500, JvmEvaluator.Path.AUTO, JvmEvaluator.Precision.FLOAT32)) {
                assertEquals(JvmEvaluator.Path.PER_COPY, ev.path());
                f32[threads - 1] = ev.evaluate(genomes, 1, seeds);
            }
        }
        assertArrayEquals(f32[0].returns(), f32[1].returns(), 0.0, "float32 does not depend on threads");
        int same = 0;
        for (int i = 0; i < pop; i++) {
            same += exact.returns()[i] == f32[0].returns()[i] ? 1 : 0;
        }
        assertTrue(same >= pop * 3 / 4, "float32 agreed with double on only " + same + " of " + pop);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new JvmEvaluator(spec, n -> Environments.makeVector("CartPole-v1", n), ps, 1, 500,
                        JvmEvaluator.Path.LANES, JvmEvaluator.Precision.FLOAT32));
    }

    /** Random genomes with N(0, scale^2) entries; two episodes per individual. */
    private static int compare(String id, EnvSpec spec, PolicySpec ps, long seed, double scale, int pop) {
        Random rnd = new Random(seed);
        int d = ps.parameterCount();
        double[] genomes = new double[pop * d];
        for (int k = 0; k < genomes.length; k++) {
            genomes[k] = rnd.nextGaussian() * scale;
        }
        return assertPathsAgree(id, spec, ps, genomes, 2, EpisodeSeeds.derive(seed, pop * 2));
    }

    private static int assertPathsAgree(String id, EnvSpec spec, PolicySpec ps, double[] genomes, int episodes,
                                        long[] seeds) {
        EvaluationResult lanes;
        try (JvmEvaluator ev = new JvmEvaluator(spec, n -> Environments.makeVector(id, n), ps, 1, 500,
                JvmEvaluator.Path.LANES)) {
            lanes = ev.evaluate(genomes, episodes, seeds);
        }
        for (int threads : new int[] {1, 2}) {
            try (JvmEvaluator ev = new JvmEvaluator(spec, n -> Environments.makeVector(id, n), ps, threads, 500,
                    JvmEvaluator.Path.PER_COPY)) {
                EvaluationResult r = ev.evaluate(genomes, episodes, seeds);
                assertArrayEquals(lanes.returns(), r.returns(), 0.0, ps + " returns, threads " + threads);
                assertArrayEquals(lanes.lengths(), r.lengths(), ps + " lengths, threads " + threads);
                assertArrayEquals(lanes.terminated(), r.terminated(), ps + " terminated, threads " + threads);
            }
        }
        // and the single-environment replay of a few copies
        int d = ps.parameterCount();
        Environment single = Environments.make(id);
        int pop = genomes.length / d;
        for (int i = 0; i < pop; i += Math.max(1, pop / 4)) {
            double[] g = new double[d];
            System.arraycopy(genomes, i * d, g, 0, d);
            MlpPolicy.Episode e = new MlpPolicy(ps, g).play(single, seeds[i * episodes], 500);
            assertEquals(e.totalReturn(), lanes.returns()[i * episodes], 0.0, ps + " individual " + i);
            assertEquals(e.length(), lanes.lengths()[i * episodes], ps + " individual " + i);
        }
        return lanes.returns().length;
    }
}
