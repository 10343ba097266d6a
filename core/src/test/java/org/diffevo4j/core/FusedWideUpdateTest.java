package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link FusedWideUpdate} and {@link FmaPanel}: the vector panel is exactly the fused multiply-add
 * chain, the kernel exponent is what ND4J computes, results do not depend on the thread count, and
 * x0 and the next population agree with the plain-Java path of {@link DiffusionUpdate} (a different
 * algorithm) to rounding. {@code BufferedNd4jUpdateTest} checks the whole update against ND4J's bits.
 * Runs where the Vector API is present (the vector-api test execution).
 */
class FusedWideUpdateTest {

    @Test
    void vectorPanelIsTheFmaChain() {
        assumeTrue(FmaPanel.SIMD != null, "needs --add-modules jdk.incubator.vector");
        Rng rng = new Rng(11);
        for (int n : new int[] {1, 7, 64, 256}) {
            for (int rows : new int[] {1, 3, 4, 5, 8, 13}) {
                for (int w : new int[] {1, 2, 7, 8, 9, 31, 32, 33}) {
                    double[] e = new double[rows * n];
                    double[] y = new double[n * w];
                    rng.fillGaussian(e);
                    rng.fillGaussian(y);
                    double[] out = new double[rows * w];
                    FmaPanel.SIMD.product(e, n, rows, y, w, out);
                    for (int r = 0; r < rows; r++) {
                        for (int q = 0; q < w; q++) {
                            assertEquals(Double.doubleToRawLongBits(FmaPanel.chain(e, n, r, y, w, q)),
                                    Double.doubleToRawLongBits(out[r * w + q]),
                                    "n " + n + ", rows " + rows + ", w " + w + ", entry " + r + "," + q);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"8, 1", "64, 2", "256, 2", "256, 3", "256, 5", "128, 8"})
    void kernelExponentIsNd4js(int n, int d) {
        Rng rng = new Rng(n * 7L + d);
        double[] f = new double[n * d];
        rng.fillGaussian(f);
        double alpha = 0.37;
        double[] exponent = new double[n * n];
        FusedWideUpdate.kernelExponent(f, n, d, alpha, exponent);
        // Nd4jX0Estimate.kernelRows before its exponential
        INDArray[] factors = Nd4jX0Estimate.kernelFactors(DiffusionUpdate.matrix(f, n, d), alpha);
        INDArray e = Nd4j.gemm(factors[0].get(NDArrayIndex.interval(0, n), NDArrayIndex.all()), factors[1], false, true);
        Transforms.min(e, 0.0, false);
        assertArrayEquals(bits(DiffusionUpdate.rowMajor(e)), bits(exponent));
    }

    @Test
    void sameBitsForAnyThreadCount() {
        assumeTrue(FmaPanel.SIMD != null, "needs --add-modules jdk.incubator.vector");
        int n = 64;
        int dim = 1000;
        Case c = new Case(n, dim, 5);
        double[][] one = UpdatePathsTest.withProperty(DiffusionUpdate.THREADS_PROPERTY, "1", c::fused);
        double[][] three = UpdatePathsTest.withProperty(DiffusionUpdate.THREADS_PROPERTY, "3", c::fused);
        assertArrayEquals(bits(one[0]), bits(three[0]));
        assertArrayEquals(bits(one[1]), bits(three[1]));
    }

    @Test
    void agreesWithTheJavaPathToRounding() {
        assumeTrue(FmaPanel.SIMD != null, "needs --add-modules jdk.incubator.vector");
        int n = 128;
        int dim = 777;   // not a multiple of the panel width
        Case c = new Case(n, dim, 9);
        double[][] fused = c.fused();
        double[] x0 = new double[n * dim];
        double[] next = new double[n * dim];
        TiledX0Estimate.estimate(c.x, n, dim, c.fitness, c.alpha, c.features, c.d, x0);
        DdimStep.apply(c.x, x0, c.alpha, c.alphaPrev, c.sigma, c.noise, next);
        double worst = 0;
        for (int k = 0; k < x0.length; k++) {
            worst = Math.max(worst, Math.abs(fused[0][k] - x0[k]) / (1 + Math.abs(x0[k])));
            worst = Math.max(worst, Math.abs(fused[1][k] - next[k]) / (1 + Math.abs(next[k])));
        }
        assertTrue(worst < 1e-10, "largest relative difference " + worst);
    }

    /** One update's inputs: a population, fitness, latent features (d = 2) and noise. */
    private static final class Case {
        final int n;
        final int dim;
        final int d = 2;
        final double alpha = 0.6;
        final double alphaPrev = 0.8;
        final double sigma = DiffusionUpdate.sigma(alpha, alphaPrev, 1.0);
        final double[] x;
        final double[] fitness;
        final double[] features;
        final double[] noise;

        Case(int n, int dim, long seed) {
            this.n = n;
            this.dim = dim;
            Rng rng = new Rng(seed);
            x = new double[n * dim];
            rng.fillGaussian(x);
            fitness = new double[n];
            for (int i = 0; i < n; i++) {
                fitness[i] = Math.exp(-3 * Math.abs(rng.nextGaussian()));
            }
            features = new double[n * d];
            rng.fillGaussian(features);
            noise = new double[n * dim];
            rng.fillGaussian(noise);
        }

        double[][] fused() {
            double p = DiffusionUpdate.uniformDensity(n);
            double[] fe = new double[n];
            for (int j = 0; j < n; j++) {
                fe[j] = (fitness[j] + DiffusionUpdate.EPSILON) / p;
            }
            double[] kernel = new double[n * n];
            FusedWideUpdate.kernelExponent(features, n, d, alpha, kernel);
            for (int k = 0; k < kernel.length; k++) {
                kernel[k] = Math.exp(kernel[k]);
            }
            double[] x0 = new double[n * dim];
            double[] next = new double[n * dim];
            FusedWideUpdate.update(x, n, dim, fe, kernel, alpha, alphaPrev, sigma, noise, x0, next);
            return new double[][] {x0, next};
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
