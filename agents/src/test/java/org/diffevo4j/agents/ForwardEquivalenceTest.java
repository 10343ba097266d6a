package org.diffevo4j.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.DType;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.VectorEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every action both backends send to the environment equals the head applied to a per-policy
 * reference forward pass written here with nested loops over the PyTorch layout.
 */
class ForwardEquivalenceTest {

    static final double[] OBS_LOW = {-2, -2, Double.NEGATIVE_INFINITY, -3.4028234663852886e38, -1};
    static final double[] OBS_HIGH = {2, 2, Double.POSITIVE_INFINITY, 3.4028234663852886e38, 3};
    /** effective bounds after the |bound| > 1e3 rule, written out by hand */
    static final double[] EFF_LOW = {-2, -2, -1, -1, -1};
    static final double[] EFF_HIGH = {2, 2, 1, 1, 3};
    static final int MAX_LEN = 9;

    static final List<AutoCloseable> OPEN = new ArrayList<>();

    @AfterAll
    static void closeAll() throws Exception {
        for (AutoCloseable c : OPEN) {
            c.close();
        }
    }

    static EnvSpec discreteSpec() {
        return new EnvSpec("Fake-discrete", new Box(OBS_LOW, OBS_HIGH, DType.FLOAT32), new Discrete(3), 7, null);
    }

    static EnvSpec continuousSpec() {
        return new EnvSpec("Fake-continuous", new Box(OBS_LOW, OBS_HIGH, DType.FLOAT32),
                new Box(new double[] {-1e6, -0.5}, new double[] {1e6, 0.8}, DType.FLOAT64), 7, null);
    }

    /** Reference MLP: weights [out x in] row-major then bias, layer by layer. */
    static double[] referenceOutputs(double[] genome, int genomeOffset, int[] sizes, boolean bias, Activation act,
                                     double[] input) {
        int off = genomeOffset;
        double[] h = input;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[][] w = new double[out][in];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    w[o][i] = genome[off++];
                }
            }
            double[] b = new double[out];
            if (bias) {
                for (int o = 0; o < out; o++) {
                    b[o] = genome[off++];
                }
            }
            double[] z = new double[out];
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int i = 0; i < in; i++) {
                    s += w[o][i] * h[i];
                }
                s += b[o];
                if (l + 2 < sizes.length) {
                    s = act == Activation.RELU ? Math.max(0, s) : Math.tanh(s);
                }
                z[o] = s;
            }
            h = z;
        }
        return h;
    }

    static double[] referenceInput(long seed, int step) {
        double[] x = new double[OBS_LOW.length];
        for (int i = 0; i < x.length; i++) {
            double o = FakeVectorEnv.observation(seed, step, i);
            x[i] = (2 * (o - EFF_LOW[i]) / (EFF_HIGH[i] - EFF_LOW[i]) - 1) * Math.sqrt(3);
        }
        return x;
    }

    interface EvaluatorMaker {
        PopulationEvaluator make(EnvSpec spec, IntFunction<VectorEnvironment> f, PolicySpec p);
    }

    static List<EvaluatorMaker> makers() {
        return List.of(
                (s, f, p) -> new JvmEvaluator(s, f, p, 1, 1000),
                (s, f, p) -> new JvmEvaluator(s, f, p, 3, 1000),
                (s, f, p) -> new JvmEvaluator(s, f, p, 1, 1000, JvmEvaluator.Path.PER_COPY),
                (s, f, p) -> new JvmEvaluator(s, f, p, 3, 1000, JvmEvaluator.Path.PER_COPY),
                (s, f, p) -> new Nd4jEvaluator(s, f, p, 1000));
    }

    @Test
    void everyActionMatchesReferenceForward() {
        Random rnd = new Random(12345);
        int checked = 0;
        for (boolean discrete : new boolean[] {true, false}) {
            for (Activation act : Activation.values()) {
                for (int[] hidden : new int[][] {{7}, {6, 5}}) {
                    for (boolean bias : new boolean[] {true, false}) {
                        EnvSpec spec = discrete ? discreteSpec() : continuousSpec();
                        PolicySpec ps = PolicySpec.forEnv(spec, hidden).withActivation(act).withBias(bias);
                        int[] sizes = new int[hidden.length + 2];
                        sizes[0] = 5;
                        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
                        sizes[sizes.length - 1] = discrete ? 3 : 2;
                        for (EvaluatorMaker maker : makers()) {
                            checked += checkOne(rnd, spec, ps, sizes, bias, act, discrete, maker);
                        }
                    }
                }
            }
        }
        assertTrue(checked > 10_000, "checked " + checked + " actions");
    }

    private int checkOne(Random rnd, EnvSpec spec, PolicySpec ps, int[] sizes, boolean bias, Activation act,
                         boolean discrete, EvaluatorMaker maker) {
        int pop = 70;
        int episodes = 2;
        int d = ps.parameterCount();
        double[] genomes = new double[pop * d];
        for (int k = 0; k < genomes.length; k++) {
            genomes[k] = rnd.nextGaussian() * 0.7;
        }
        long[] seeds = new long[pop * episodes];
        for (int k = 0; k < seeds.length; k++) {
            seeds[k] = rnd.nextLong();
        }
        List<FakeVectorEnv> made = new ArrayList<>();
        PopulationEvaluator ev = maker.make(spec, n -> {
            FakeVectorEnv f = new FakeVectorEnv(spec, n, MAX_LEN);
            synchronized (made) {
                made.add(f);
            }
            return f;
        }, ps);
        OPEN.add(ev);
        EvaluationResult r = ev.evaluate(genomes, episodes, seeds);
        String what = ev.backend() + " " + ps;
        // map each copy (by seed) to the fake env slot that played it
        int checked = 0;
        for (int k = 0; k < pop * episodes; k++) {
            double[] log = null;
            for (FakeVectorEnv f : made) {
                double[] l = f.logOf(seeds[k]);
                if (l != null) {
                    log = l;
                }
            }
            int len = Math.min(FakeVectorEnv.episodeLength(seeds[k], MAX_LEN), spec.maxEpisodeSteps());
            assertEquals(len, r.lengths()[k], what + " length of copy " + k);
            double expectedReturn = 0;
            for (int t = 0; t < len; t++) {
                double[] out = referenceOutputs(genomes, (k / episodes) * d, sizes, bias, act, referenceInput(seeds[k], t));
                if (discrete) {
                    int best = 0;
                    for (int j = 1; j < out.length; j++) {
                        if (out[j] > out[best]) {
                            best = j;
                        }
                    }
                    double[] sorted = out.clone();
                    java.util.Arrays.sort(sorted);
                    // skip only genuine near-ties, where rounding order may legitimately decide
                    if (sorted[sorted.length - 1] - sorted[sorted.length - 2] > 1e-9) {
                        assertEquals(best, (int) log[t], what + " copy " + k + " step " + t);
                        checked++;
                    }
                    expectedReturn += log[t] + 0.25;
                } else {
                    double a0 = Math.tanh(out[0]);                       // factor 1 (bound > 1e3)
                    double a1 = Math.min(0.8, Math.max(-0.5, Math.tanh(out[1]) * 0.8));
                    assertEquals(a0, log[2 * t], 1e-9, what + " copy " + k + " step " + t + " action 0");
                    assertEquals(a1, log[2 * t + 1], 1e-9, what + " copy " + k + " step " + t + " action 1");
                    expectedReturn += a0 + a1;
                    checked += 2;
                }
            }
            assertEquals(expectedReturn, r.returns()[k], 1e-9, what + " return of copy " + k);
        }
        return checked;
    }
    /**
     * The shared scalar forward pass reads a genome at any offset of a population array (as the JVM
     * evaluator calls it) and gives what an MlpPolicy built from that genome alone gives.
     */
    @Test
    void sharedScalarForwardAtAnOffsetMatchesMlpPolicyAndReference() {
        Random rnd = new Random(777);
        for (Activation act : Activation.values()) {
            for (boolean bias : new boolean[] {true, false}) {
                EnvSpec spec = discreteSpec();
                PolicySpec ps = PolicySpec.forEnv(spec, 6, 5).withActivation(act).withBias(bias);
                ParameterLayout layout = ps.layout();
                int d = ps.parameterCount();
                double[] pop = new double[3 * d];
                for (int k = 0; k < pop.length; k++) {
                    pop[k] = rnd.nextGaussian();
                }
                double[] genome = java.util.Arrays.copyOfRange(pop, 2 * d, 3 * d);
                // two observations side by side; the second one is used
                double[] obs = new double[10];
                for (int k = 0; k < obs.length; k++) {
                    obs[k] = FakeVectorEnv.observation(41, 3, k % 5);
                }
                double[] a = new double[layout.maxWidth()];
                double[] b = new double[layout.maxWidth()];
                double[] shared = MlpPolicy.forward(ps, layout, pop, 2 * d, obs, 5, a, b);
                double[] single = new MlpPolicy(ps, genome).forward(java.util.Arrays.copyOfRange(obs, 5, 10));
                double[] ref = referenceOutputs(genome, 0, new int[] {5, 6, 5, 3}, bias, act, referenceInput(41, 3));
                for (int o = 0; o < 3; o++) {
                    assertEquals(single[o], shared[o], 0.0, act + " bias " + bias + " output " + o);
                    assertEquals(ref[o], shared[o], 1e-12, act + " bias " + bias + " output " + o);
                }
            }
        }
    }
}
