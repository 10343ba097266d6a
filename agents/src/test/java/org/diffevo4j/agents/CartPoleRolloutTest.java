package org.diffevo4j.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.Environments;
import org.diffevo4j.environments.StepResult;
import org.junit.jupiter.api.Test;

/**
 * A hand-written CartPole controller played through the batched evaluators gives exactly the
 * returns of the single-environment API stepped one episode at a time with the same seeds.
 */
class CartPoleRolloutTest {

    /** gains on the normalised pole angular velocity: individual i pushes when x2 + C[i] * x3 > 0 */
    static final double[] C = {0.0, 0.25, 0.5, 1.0, 2.0, -1.0, 0.1};
    static final double SQRT3 = Math.sqrt(3);

    /** 4-2-2 ReLU net: h = relu(s, -s) with s = x2 + c x3; out = (h1, h0), so argmax = (s > 0 ? 1 : 0). */
    static double[] genome(double c) {
        return new double[] {
            0, 0, 1, c, 0, 0, -1, -c,   // W0 [2 x 4]
            0, 0,                       // b0
            0, 1, 1, 0,                 // W1 [2 x 2]
            0, 0};                      // b1
    }

    /** The same controller written directly on the single environment's raw observations. */
    static double[] referenceEpisode(Environment env, long seed, double c) {
        double[] obs = env.reset(seed);
        double ret = 0;
        int len = 0;
        while (true) {
            // CartPole bounds: theta in [-0.41887903, 0.41887903] (float32 of 24 degrees), theta_dot unbounded -> [-1, 1]
            double lo = -0.41887903f;
            double hi = 0.41887903f;
            double x2 = (2 * (obs[2] - lo) / (hi - lo) - 1) * SQRT3;
            double x3 = (2 * (obs[3] - (-1.0)) / 2.0 - 1) * SQRT3;
            double h0 = Math.max(0, x2 + c * x3);
            double h1 = Math.max(0, -x2 + -c * x3);
            StepResult r = env.step(h0 > h1 ? 1 : 0);
            ret += r.reward();
            len++;
            obs = r.observation();
            if (r.done()) {
                return new double[] {ret, len};
            }
        }
    }

    @Test
    void batchedReturnsEqualSingleEnvironmentReturns() {
        EnvSpec spec = Environments.spec("CartPole-v1");
        PolicySpec ps = PolicySpec.forEnv(spec, 2);
        assertEquals(-0.41887903f, ps.normalizer().low()[2], 0.0, "bounds assumed by the reference");
        int pop = C.length;
        int episodes = 5;
        double[] genomes = new double[pop * ps.parameterCount()];
        for (int i = 0; i < pop; i++) {
            System.arraycopy(genome(C[i]), 0, genomes, i * ps.parameterCount(), ps.parameterCount());
        }
        long[] seeds = EpisodeSeeds.derive(2024, pop * episodes);
        Environment single = Environments.make("CartPole-v1");
        double[] refReturns = new double[pop * episodes];
        int[] refLengths = new int[pop * episodes];
        double best = 0;
        for (int k = 0; k < pop * episodes; k++) {
            double[] e = referenceEpisode(single, seeds[k], C[k / episodes]);
            refReturns[k] = e[0];
            refLengths[k] = (int) e[1];
            best = Math.max(best, e[0]);
        }
        assertTrue(best >= 200, "the hand-written controller should balance for a while, best " + best);
        for (Backend b : new Backend[] {Backend.JVM, Backend.ND4J}) {
            for (int threads : new int[] {1, 2}) {
                try (PopulationEvaluator ev = PopulationEvaluators.create(b, "CartPole-v1", ps, threads, 500)) {
                    EvaluationResult r = ev.evaluate(genomes, episodes, seeds);
                    for (int k = 0; k < pop * episodes; k++) {
                        assertEquals(refReturns[k], r.returns()[k], 0.0, b + " threads " + threads + " episode " + k);
                        assertEquals(refLengths[k], r.lengths()[k], b + " threads " + threads + " episode " + k);
                        assertEquals(refReturns[k] >= 475, r.success()[k]);
                    }
                }
            }
        }
        // MlpPolicy (the single-policy path used for export) agrees too
        MlpPolicy m = new MlpPolicy(ps, genome(C[3]));
        MlpPolicy.Episode e = m.play(single, seeds[3 * episodes], 500);
        assertEquals(refReturns[3 * episodes], e.totalReturn(), 0.0);
    }
}
