package org.diffevo4j.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Wall time of one {@link DiffusionUpdate#update} (x0 estimate + DDIM step, with noise) for the
 * population sizes and genome dimensions of the paper's RL runs. Not a unit test; run with
 * {@code java -cp <test classpath> org.diffevo4j.core.DiffusionUpdateBenchmark [N D repeats]...}.
 */
public final class DiffusionUpdateBenchmark {

    private DiffusionUpdateBenchmark() {
    }

    public static void main(String[] args) {
        int[][] cases = {{256, 58, 20}, {256, 4610, 5}, {4096, 58, 3}, {4096, 4610, 2}};
        if (args.length >= 3) {
            cases = new int[args.length / 3][];
            for (int i = 0; i < cases.length; i++) {
                cases[i] = new int[] {Integer.parseInt(args[3 * i]), Integer.parseInt(args[3 * i + 1]),
                        Integer.parseInt(args[3 * i + 2])};
            }
        }
        Rng rng = new Rng(1);
        for (int[] c : cases) {
            int n = c[0];
            int d = c[1];
            INDArray x = gaussian(rng, n, d);
            INDArray z = gaussian(rng, n, d);
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = rng.nextDouble();
            }
            DiffusionUpdate.update(x, f, 0.5, 0.6, 1.0, z); // warm-up
            long best = Long.MAX_VALUE;
            long total = 0;
            for (int r = 0; r < c[2]; r++) {
                long t0 = System.nanoTime();
                DiffusionUpdate.update(x, f, 0.5, 0.6, 1.0, z);
                long t = System.nanoTime() - t0;
                best = Math.min(best, t);
                total += t;
            }
            System.out.printf("N=%5d D=%5d  best %9.2f ms  mean %9.2f ms  (%d repeats)%n", n, d, best / 1e6,
                    total / 1e6 / c[2], c[2]);
        }
    }

    private static INDArray gaussian(Rng rng, int n, int d) {
        double[] v = new double[n * d];
        rng.fillGaussian(v);
        return Nd4j.create(v, new long[] {n, d}, DataType.DOUBLE);
    }
}
