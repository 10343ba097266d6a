package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Rng#fillGaussian(double[], int)} (transform over threads) draws exactly what
 * {@link Rng#fillGaussian(double[])} draws, leaves the same state, and does not depend on the
 * thread count; lengths around the chunk size and odd ones, with and without a pending spare.
 */
class RngParallelGaussianTest {

    @Test
    void sameValuesAndStateAsTheSequentialFill() {
        int[] lengths = {0, 1, 2, 3, 4, 5, 1000, 1001, (1 << 15) - 1, 1 << 15, (1 << 15) + 1, (1 << 15) + 2, 200_003};
        for (int lead = 0; lead < 2; lead++) {
            for (int len : lengths) {
                for (int threads : new int[] {1, 2, 3}) {
                    Rng sequential = new Rng(7 + len);
                    Rng parallel = new Rng(7 + len);
                    for (int k = 0; k < lead; k++) {
                        sequential.nextGaussian();
                        parallel.nextGaussian();
                    }
                    double[] expected = new double[len];
                    sequential.fillGaussian(expected);
                    double[] out = new double[len];
                    parallel.fillGaussian(out, threads);
                    assertArrayEquals(bits(expected), bits(out), "length " + len + ", lead " + lead + ", threads " + threads);
                    assertArrayEquals(sequential.state(), parallel.state());
                    assertEquals(Double.doubleToRawLongBits(sequential.nextGaussian()),
                            Double.doubleToRawLongBits(parallel.nextGaussian()));
                }
            }
        }
    }

    private static long[] bits(double[] a) {
        long[] b = new long[a.length];
        for (int k = 0; k < a.length; k++) {
            b[k] = Double.doubleToRawLongBits(a[k]);
        }
        return b;
    }
}
