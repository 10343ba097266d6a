package org.diffevo4j.agents;

import java.util.Random;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;

/**
 * The lane path's forward pass (normalisation and layers, no head) for {@code m} lanes of a paper-shape
 * policy (hidden 8), with {@link LaneKernels} only and with the opt-in {@link VectorLaneUnits}
 * (checked bit-identical on the way): nanoseconds per lane, best of 200 samples of 100 passes, five
 * rounds. Not a test; needs {@code --add-modules jdk.incubator.vector}; run from test-classes:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp agents/target/test-classes:agents/target/classes:...
 *     org.diffevo4j.agents.LaneForwardBenchmark [env ids, default the three protocols] [m, default 128]
 * </pre>
 */
public final class LaneForwardBenchmark {

    private LaneForwardBenchmark() {
    }

    /** Entry point; arguments as in the class comment. */
    public static void main(String[] args) {
        String[] envs = args.length > 0 ? args[0].split(",") : new String[] {"CartPole-v1", "Acrobot-v1",
            "MountainCar-v0"};
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        if (!DenseKernels.VECTOR) {
            throw new IllegalStateException("run with --add-modules jdk.incubator.vector");
        }
        LaneUnits units = new VectorLaneUnits();
        for (String id : envs) {
            EnvSpec spec = Environments.spec(id);
            PolicySpec ps = PolicySpec.forEnv(spec, 8);
            ParameterLayout layout = ps.layout();
            int pad = (m + units.lanes() - 1) / units.lanes() * units.lanes();
            Random r = new Random(1);
            double[][] w = new double[ps.parameterCount()][pad];
            for (double[] row : w) {
                for (int j = 0; j < pad; j++) {
                    row[j] = r.nextGaussian();
                }
            }
            double[][] obs = new double[ps.observationSize()][pad];
            for (double[] row : obs) {
                for (int j = 0; j < pad; j++) {
                    row[j] = r.nextDouble() * 0.1;
                }
            }
            int width = layout.maxWidth();
            double[][] a1 = new double[width][pad];
            double[][] b1 = new double[width][pad];
            double[][] a2 = new double[width][pad];
            double[][] b2 = new double[width][pad];
            double[][] q = new double[4][pad];
            double[] z = new double[pad];
            for (int round = 0; round < 5; round++) {
                long bestLoops = Long.MAX_VALUE;
                long bestUnits = Long.MAX_VALUE;
                double[][] outLoops = null;
                double[][] outUnits = null;
                for (int rep = 0; rep < 200; rep++) {
                    long t0 = System.nanoTime();
                    for (int k = 0; k < 100; k++) {
                        outLoops = forward(ps, w, obs, a1, b1, m, q, z, null);
                    }
                    long t1 = System.nanoTime();
                    for (int k = 0; k < 100; k++) {
                        outUnits = forward(ps, w, obs, a2, b2, m, q, z, units);
                    }
                    long t2 = System.nanoTime();
                    bestLoops = Math.min(bestLoops, t1 - t0);
                    bestUnits = Math.min(bestUnits, t2 - t1);
                }
                for (int o = 0; o < ps.actionSize(); o++) {
                    for (int j = 0; j < m; j++) {
                        if (Double.doubleToRawLongBits(outLoops[o][j]) != Double.doubleToRawLongBits(outUnits[o][j])) {
                            throw new AssertionError(id + ": output " + o + " lane " + j + " differs");
                        }
                    }
                }
                System.out.printf(java.util.Locale.ROOT, "%s, %d lanes: loop kernels %.2f ns/lane, vector units %.2f"
                        + " ns/lane%n", id, m, bestLoops / 100.0 / m, bestUnits / 100.0 / m);
            }
        }
    }

    /** LaneBlock's normalisation and layer loop; returns the array holding the outputs. */
    private static double[][] forward(PolicySpec ps, double[][] w, double[][] obs, double[][] bufA, double[][] bufB,
                                      int m, double[][] q, double[] z, LaneUnits units) {
        ObservationNormalizer norm = ps.normalizer();
        double[] lo = norm.low();
        double[] hi = norm.high();
        double sqrt3 = Math.sqrt(3.0);
        for (int i = 0; i < ps.observationSize(); i++) {
            double rg = hi[i] - lo[i];
            for (int j = 0; j < m; j++) {
                bufA[i][j] = (2.0 * (obs[i][j] - lo[i]) / rg - 1.0) * sqrt3;
            }
        }
        ParameterLayout layout = ps.layout();
        double[][] in = bufA;
        double[][] out = bufB;
        int layers = layout.layerCount();
        for (int l = 0; l < layers; l++) {
            int nIn = layout.inSize(l);
            int wOff = layout.weightOffset(l);
            int bOff = layout.biasOffset(l);
            int mode = l < layers - 1 ? LaneKernels.RELU : LaneKernels.NONE;
            for (int o = 0; o < layout.outSize(l); o++) {
                if (units == null || !units.unit(w, wOff + o * nIn, bOff < 0 ? z : w[bOff + o], in, nIn, out[o],
                        mode == LaneKernels.RELU, m)) {
                    LaneKernels.unit(w, wOff + o * nIn, bOff < 0 ? null : w[bOff + o], in, nIn, out[o], mode, m, q, z);
                }
            }
            double[][] t = in;
            in = out;
            out = t;
        }
        return in;
    }
}
