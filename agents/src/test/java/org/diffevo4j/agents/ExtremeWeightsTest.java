package org.diffevo4j.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.Test;

/**
 * The JVM evaluator's vectorised ReLU ({@code (s + |s|) / 2}) differs from MlpPolicy's
 * {@code s > 0 ? s : 0.0} for NaN and for pre-activations above half the largest double; such lanes
 * are recomputed exactly. Genomes with huge, infinite and NaN weights must still give MlpPolicy's
 * episodes, for both hidden-layer shapes (fused 4-input kernel and the generic one).
 */
class ExtremeWeightsTest {

    @Test
    void hugeInfiniteAndNanWeightsMatchMlpPolicy() {
        EnvSpec spec = Environments.spec("CartPole-v1");
        Random rnd = new Random(99);
        double[] specials = {1e308, -1e308, 1.5e308, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            1e200, -1e200, 0.0, -0.0};
        int checked = 0;
        for (int[] hidden : new int[][] {{8}, {5, 9}}) {
            PolicySpec ps = PolicySpec.forEnv(spec, hidden);
            int d = ps.parameterCount();
            int pop = 60;
            double[] genomes = new double[pop * d];
            for (int i = 0; i < pop; i++) {
                for (int k = 0; k < d; k++) {
                    double g = rnd.nextGaussian();
                    // individual 0 stays ordinary; the others get a few extreme entries
                    if (i > 0 && rnd.nextInt(8) == 0) {
                        g = specials[rnd.nextInt(specials.length)];
                    }
                    genomes[i * d + k] = g;
                }
            }
            long[] seeds = EpisodeSeeds.derive(5, pop);
            Environment single = Environments.make("CartPole-v1");
            for (int run = 0; run < 4; run++) {
                int threads = 1 + run % 2;
                JvmEvaluator.Path path = run < 2 ? JvmEvaluator.Path.LANES : JvmEvaluator.Path.PER_COPY;
                try (JvmEvaluator ev = new JvmEvaluator(spec, n -> Environments.makeVector("CartPole-v1", n), ps, threads,
                        500, path)) {
                    EvaluationResult r = ev.evaluate(genomes, 1, seeds);
                    for (int i = 0; i < pop; i++) {
                        double[] g = new double[d];
                        System.arraycopy(genomes, i * d, g, 0, d);
                        MlpPolicy.Episode e = new MlpPolicy(ps, g).play(single, seeds[i], 500);
                        assertEquals(e.totalReturn(), r.returns()[i], 0.0, path + " individual " + i);
                        assertEquals(e.length(), r.lengths()[i], path + " individual " + i);
                        checked++;
                    }
                }
            }
        }
        assertEquals(480, checked);
    }
}
