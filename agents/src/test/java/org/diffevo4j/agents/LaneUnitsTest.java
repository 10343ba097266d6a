package org.diffevo4j.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.Test;

/**
 * The Vector API lane units compute, lane by lane, exactly MlpPolicy's arithmetic for one output unit:
 * checked bit for bit against a scalar reference written out here (partial sums over {@code i mod 4},
 * remainder to {@code s0}, {@code bias + ((s0 + s1) + (s2 + s3))}, ReLU as {@code s > 0 ? s : 0.0}),
 * for every input count they take, lane counts that are not multiples of the vector width, and
 * operands that include signed zeros, infinities, NaN and values near overflow; and whole episodes
 * through the evaluator. Runs in the surefire execution with {@code --add-modules
 * jdk.incubator.vector}; skipped without it.
 */
class LaneUnitsTest {

    private static final double[] SPECIAL = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NaN, 1e308, -1e308, Double.MIN_VALUE, 1.0, -1.0};

    /** MlpPolicy.forward's operations for one unit and one lane. */
    private static double reference(double[] w, double[] x, double b, int nIn, boolean relu) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < nIn; i += 4) {
            s0 += w[i] * x[i];
            s1 += w[i + 1] * x[i + 1];
            s2 += w[i + 2] * x[i + 2];
            s3 += w[i + 3] * x[i + 3];
        }
        for (; i < nIn; i++) {
            s0 += w[i] * x[i];
        }
        double s = b + ((s0 + s1) + (s2 + s3));
        return relu ? (s > 0 ? s : 0.0) : s;
    }

    @Test
    void everyInputCountMatchesTheScalarArithmeticBitForBit() {
        LaneUnits units = vectorUnits();
        int lanes = units.lanes();
        Random rnd = new Random(2026);
        int checked = 0;
        for (int nIn = 1; nIn <= 8; nIn++) {
            for (int m : new int[] {1, lanes - 1, lanes, lanes + 3, 5 * lanes + 1}) {
                if (m < 1) {
                    continue;
                }
                int pad = (m + lanes - 1) / lanes * lanes;
                int row = 3;
                double[][] w = new double[row + nIn][pad];
                double[][] in = new double[nIn][pad];
                double[] b = new double[pad];
                for (int j = 0; j < pad; j++) {
                    for (int i = 0; i < nIn; i++) {
                        w[row + i][j] = value(rnd);
                        in[i][j] = value(rnd);
                    }
                    b[j] = value(rnd);
                }
                for (boolean relu : new boolean[] {false, true}) {
                    double[] dst = new double[pad];
                    assertTrue(units.unit(w, row, b, in, nIn, dst, relu, m));
                    for (int j = 0; j < m; j++) {
                        double[] wj = new double[nIn];
                        double[] xj = new double[nIn];
                        for (int i = 0; i < nIn; i++) {
                            wj[i] = w[row + i][j];
                            xj[i] = in[i][j];
                        }
                        double want = reference(wj, xj, b[j], nIn, false);
                        if (relu && !Double.isNaN(want)) {
                            want = want > 0 ? want : 0.0;
                        }
                        String what = "nIn " + nIn + " m " + m + " lane " + j + " relu " + relu;
                        if (Double.isNaN(want)) {
                            // a NaN pre-activation stays NaN under the vector ReLU (documented; the lane
                            // path's head recomputes such lanes with the exact scalar code)
                            assertTrue(Double.isNaN(dst[j]), what + ": " + dst[j]);
                        } else {
                            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(dst[j]),
                                    what + ": " + want + " vs " + dst[j]);
                        }
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 500, "checked " + checked);
    }

    @Test
    void largerLayersAreLeftToTheLoopKernels() {
        LaneUnits units = vectorUnits();
        int pad = units.lanes();
        double[] dst = new double[pad];
        assertFalse(units.unit(new double[9][pad], 0, new double[pad], new double[9][pad], 9, dst, true, pad));
    }

    /**
     * Whole episodes: with the units switched on, the JVM evaluator's lane path returns exactly what it
     * returns with the loop kernels, on the classic-control environments with the paper's policy shapes
     * (2, 3, 4 and 6 inputs, 8 hidden) and one wider than the units take (16 hidden: the loop kernels
     * for the output layer), genomes at three scales so that some lanes overflow to non-finite outputs.
     */
    @Test
    void evaluatorReturnsAreIdenticalWithTheUnitsOnAndOff() {
        vectorUnits();
        Random rnd = new Random(7);
        String[][] cases = {{"MountainCar-v0", "8"}, {"Acrobot-v1", "8"}, {"CartPole-v1", "8"}, {"Pendulum-v1", "8"},
            {"CartPole-v1", "16"}};
        for (String[] c : cases) {
            EnvSpec spec = Environments.spec(c[0]);
            PolicySpec ps = PolicySpec.forEnv(spec, Integer.parseInt(c[1]));
            int pop = 90;
            double[] g = new double[pop * ps.parameterCount()];
            for (int k = 0; k < g.length; k++) {
                double scale = new double[] {0.3, 3, 1e150}[(k / ps.parameterCount()) % 3];
                g[k] = rnd.nextGaussian() * scale;
            }
            long[] seeds = new long[pop];
            for (int k = 0; k < pop; k++) {
                seeds[k] = rnd.nextLong();
            }
            EvaluationResult off = evaluate(spec, ps, g, seeds, false);
            EvaluationResult on = evaluate(spec, ps, g, seeds, true);
            assertArrayEquals(off.returns(), on.returns(), c[0] + " hidden " + c[1]);
            assertArrayEquals(off.lengths(), on.lengths(), c[0] + " hidden " + c[1]);
        }
    }

    private static EvaluationResult evaluate(EnvSpec spec, PolicySpec ps, double[] g, long[] seeds, boolean units) {
        String key = "diffevo4j.agents.laneVector";
        String old = System.getProperty(key);
        System.setProperty(key, Boolean.toString(units));
        try (JvmEvaluator ev = new JvmEvaluator(spec, n -> Environments.makeVector(spec.id(), n), ps, 1,
                spec.maxEpisodeSteps(), JvmEvaluator.Path.LANES)) {
            EvaluationResult r = ev.evaluate(g, 1, seeds);
            assertEquals(units, LaneUnits.best() != null);
            return r;
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    /** The Vector API units (constructed directly: {@link LaneUnits#best()} is off by default). */
    private static LaneUnits vectorUnits() {
        assumeTrue(DenseKernels.VECTOR, "runs with --add-modules jdk.incubator.vector");
        return new VectorLaneUnits();
    }

    private static double value(Random rnd) {
        return rnd.nextInt(6) == 0 ? SPECIAL[rnd.nextInt(SPECIAL.length)] : rnd.nextGaussian();
    }
}
