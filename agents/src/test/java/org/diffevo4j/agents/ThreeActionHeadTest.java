package org.diffevo4j.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.Test;

/**
 * The lane path's branch-free argmax for three actions picks what {@link ActionHead} picks, ties
 * included (lowest index wins). On a test environment whose reward is the action (+0.25), the lane
 * path (blocks of 64, so that the lane head runs) returns exactly what the per-copy path returns, for
 * random genomes and for genomes whose outputs tie: zero output weights with biases (0, 0, 0),
 * (0, 1, 1), (1, 0, 1), (1, 1, 0), (-1, 0, 0) and signed zeros, and outputs 1 and 2 with the same
 * weights (a tie at every step against a varying output 0). Whole MountainCar and Acrobot episodes
 * also match {@link MlpPolicy#play}.
 */
class ThreeActionHeadTest {

    private static final double[][] TIED_BIASES = {{0, 0, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 0}, {-1, 0, 0},
        {0.0, -0.0, 0.0}, {-0.0, 0.0, -0.0}, {2, 3, 3}};

    @Test
    void lanesMatchThePerCopyHeadOnTies() {
        EnvSpec spec = ForwardEquivalenceTest.discreteSpec();
        PolicySpec ps = PolicySpec.forEnv(spec, 8);
        ParameterLayout layout = ps.layout();
        int last = layout.layerCount() - 1;
        int d = ps.parameterCount();
        int pop = 64;
        Random rnd = new Random(5);
        double[] g = new double[pop * d];
        for (int k = 0; k < pop; k++) {
            for (int p = 0; p < d; p++) {
                g[k * d + p] = rnd.nextGaussian();
            }
            int w = k * d + layout.weightOffset(last);
            int b = k * d + layout.biasOffset(last);
            int nIn = layout.inSize(last);
            if (k % 3 == 0) {
                double[] bias = TIED_BIASES[(k / 3) % TIED_BIASES.length];
                for (int o = 0; o < 3; o++) {
                    g[b + o] = bias[o];
                    java.util.Arrays.fill(g, w + o * nIn, w + (o + 1) * nIn, 0.0);
                }
            } else if (k % 3 == 1) {
                System.arraycopy(g, w + nIn, g, w + 2 * nIn, nIn);
                g[b + 2] = g[b + 1];
            }
        }
        long[] seeds = new long[pop];
        for (int k = 0; k < pop; k++) {
            seeds[k] = rnd.nextLong();
        }
        EvaluationResult lanes = evaluate(spec, ps, g, seeds, JvmEvaluator.Path.LANES);
        EvaluationResult perCopy = evaluate(spec, ps, g, seeds, JvmEvaluator.Path.PER_COPY);
        for (int k = 0; k < pop; k++) {
            assertEquals(perCopy.returns()[k], lanes.returns()[k], 0.0, "individual " + k);
        }
    }

    private static EvaluationResult evaluate(EnvSpec spec, PolicySpec ps, double[] g, long[] seeds,
                                             JvmEvaluator.Path path) {
        try (JvmEvaluator ev = new JvmEvaluator(spec, n -> new FakeVectorEnv(spec, n, 9), ps, 1, 1000, path)) {
            return ev.evaluate(g, 1, seeds);
        }
    }

    @Test
    void lanesMatchMlpPolicyPlayOnMountainCarAndAcrobot() {
        for (String id : new String[] {"MountainCar-v0", "Acrobot-v1"}) {
            EnvSpec spec = Environments.spec(id);
            PolicySpec ps = PolicySpec.forEnv(spec, 8);
            ParameterLayout layout = ps.layout();
            int d = ps.parameterCount();
            int pop = 64;
            Random rnd = new Random(31);
            double[] g = new double[pop * d];
            for (int k = 0; k < pop; k++) {
                if (k % 4 == 0) {
                    // outputs tie for every observation: output weights zero, output biases from the table
                    double[] b = TIED_BIASES[(k / 4) % TIED_BIASES.length];
                    int last = layout.layerCount() - 1;
                    for (int o = 0; o < 3; o++) {
                        g[k * d + layout.biasOffset(last) + o] = b[o];
                    }
                } else {
                    for (int p = 0; p < d; p++) {
                        g[k * d + p] = rnd.nextGaussian();
                    }
                }
            }
            long[] seeds = new long[pop];
            for (int k = 0; k < pop; k++) {
                seeds[k] = rnd.nextLong();
            }
            EvaluationResult r;
            try (JvmEvaluator ev = new JvmEvaluator(spec, n -> Environments.makeVector(id, n), ps, 1,
                    spec.maxEpisodeSteps(), JvmEvaluator.Path.LANES)) {
                r = ev.evaluate(g, 1, seeds);
            }
            Environment single = Environments.make(id);
            for (int k = 0; k < pop; k++) {
                double[] genome = java.util.Arrays.copyOfRange(g, k * d, (k + 1) * d);
                MlpPolicy.Episode e = new MlpPolicy(ps, genome).play(single, seeds[k], spec.maxEpisodeSteps());
                assertEquals(e.totalReturn(), r.returns()[k], 0.0, id + " individual " + k);
                assertEquals(e.length(), r.lengths()[k], id + " individual " + k);
            }
        }
    }
}
