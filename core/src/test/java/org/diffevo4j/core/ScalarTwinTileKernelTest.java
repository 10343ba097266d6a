package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plain-Java twin of the Vector API tile kernel gives the vector kernel's bits (compared as raw
 * bits, assertArrayEquals with delta 0 treats -0 and +0 as different too), method by method on shapes
 * with and without ragged tails and with underflowing kernels, and through a whole estimate; so the
 * update's switch from twin to vector kernel (WarmingTileKernel) cannot change a result. Needs the
 * module jdk.incubator.vector (core's tests run with it).
 */
class ScalarTwinTileKernelTest {

    private SimdTileKernel vector;
    private SimdTileKernel twin;

    @BeforeEach
    void kernels() {
        assumeTrue(TiledX0Estimate.SIMD != null, "jdk.incubator.vector not present");
        vector = TiledX0Estimate.SIMD;
        twin = new ScalarTwinTileKernel(vector.lanes());
    }

    @Test
    void weightsAndNormalisers() {
        Rng rng = new Rng(5);
        int l = vector.lanes();
        for (int len : new int[] {1, l - 1, l, 3 * l + 5, 64}) {
            for (int fd : new int[] {1, 2, 7}) {
                for (int rows : new int[] {1, 4}) {
                    for (double c : new double[] {-0.5, -40, -3000}) {
                        int n = len + 9;
                        int j0 = 9;
                        double[] features = gaussian(rng, n * fd);
                        double[] stT = gaussian(rng, n * fd);
                        double[] fe = gaussian(rng, n);
                        for (int q = 0; q < n; q++) {
                            fe[q] = q % 7 == 0 ? 0 : Math.abs(fe[q]);
                        }
                        double[][] kv = new double[4][len];
                        double[][] kt = new double[4][len];
                        double[] dv = gaussian(rng, 6 * l);
                        double[] dt = dv.clone();
                        String what = "len " + len + " d " + fd + " rows " + rows + " c " + c;
                        int lv = vector.weights(features, 2, rows, fd, stT, n, j0, len, c, fe, kv, dv, 1, new double[4 * l]);
                        int lt = twin.weights(features, 2, rows, fd, stT, n, j0, len, c, fe, kt, dt, 1, new double[4 * l]);
                        assertEquals(lv, lt, what + ": live keys");
                        for (int r = 0; r < rows; r++) {
                            assertArrayEquals(kv[r], kt[r], 0, what + ": kernel row " + r);
                        }
                        assertArrayEquals(dv, dt, 0, what + ": normaliser lanes");
                    }
                }
            }
        }
    }

    @Test
    void weightedSums() {
        Rng rng = new Rng(6);
        int l = vector.lanes();
        for (int dim : new int[] {1, l - 1, l, 4 * l, 5 * l + 3, 9 * l + 1}) {
            for (int rows : new int[] {1, 4}) {
                int n = 40;
                double[] x = gaussian(rng, n * dim);
                double[][] w = {gaussian(rng, n), gaussian(rng, n), gaussian(rng, n), gaussian(rng, n)};
                int[] live = {0, 3, 4, 9, 17, 18, 30, 31, 39};
                double[][] av = new double[6][];
                double[][] at = new double[6][];
                for (int r = 0; r < 6; r++) {
                    av[r] = gaussian(rng, dim);
                    at[r] = av[r].clone();
                }
                vector.accumulate(x, dim, 0, w, rows, live, live.length, av, 1);
                twin.accumulate(x, dim, 0, w, rows, live, live.length, at, 1);
                for (int r = 0; r < 6; r++) {
                    assertArrayEquals(av[r], at[r], 0, "D " + dim + " rows " + rows + " acc row " + r);
                }
            }
        }
    }

    @Test
    void narrowRegisterKernel() {
        Rng rng = new Rng(7);
        int l = vector.lanes();
        for (int n : new int[] {4, l + 3, 8 * l, 8 * l + 5}) {
            for (int dim = 1; dim <= 4; dim++) {
                for (double c : new double[] {-0.5, -2000}) {
                    int fd = 2;
                    double[] features = gaussian(rng, (n + 4) * fd);
                    double[] stT = gaussian(rng, n * fd);
                    double[] fe = gaussian(rng, n);
                    for (int q = 0; q < n; q++) {
                        fe[q] = Math.abs(fe[q]);
                    }
                    double[] xT = gaussian(rng, dim * n);
                    double[][] av = new double[4][dim];
                    double[][] at = new double[4][dim];
                    double[] dv = new double[4];
                    double[] dt = new double[4];
                    vector.narrowRows4(features, 1, fd, stT, n, c, fe, xT, dim, av, dv);
                    twin.narrowRows4(features, 1, fd, stT, n, c, fe, xT, dim, at, dt);
                    String what = "N " + n + " D " + dim + " c " + c;
                    assertArrayEquals(dv, dt, 0, what + ": normalisers");
                    for (int r = 0; r < 4; r++) {
                        assertArrayEquals(av[r], at[r], 0, what + ": sums of row " + r);
                    }
                }
            }
        }
    }

    @Test
    void exponential() {
        double[] x = new double[3 * vector.lanes() + 2];
        for (int q = 0; q < x.length; q++) {
            x[q] = -q * q * 1.7 - 1e-3 * q;
        }
        x[1] = -745.1;   // subnormal
        x[2] = -708.5;
        double[] ev = new double[x.length];
        double[] et = new double[x.length];
        vector.exp(x, ev);
        twin.exp(x, et);
        assertArrayEquals(ev, et, 0);
    }

    /** A whole estimate, vector kernel from the first call against the default (twin until compiled). */
    @Test
    void wholeEstimateAgreesWithTheVectorKernel() {
        Rng rng = new Rng(8);
        int[][] shapes = {{256, 58, 2}, {203, 40, 40}, {300, 3, 2}, {97, 2, 2}};
        for (int[] sh : shapes) {
            int n = sh[0];
            int dim = sh[1];
            int fd = sh[2];
            double[] x = gaussian(rng, n * dim);
            double[] features = fd == dim ? x : gaussian(rng, n * fd);
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = rng.nextDouble();
            }
            double[] byVector = new double[n * dim];
            double[] byTwin = new double[n * dim];
            UpdatePathsTest.withProperty(DiffusionUpdate.SIMD_PROPERTY, "vector", () -> {
                TiledX0Estimate.estimate(x, n, dim, f, 0.37, features, fd, byVector);
                return null;
            });
            SimdTileKernel saved = vector;
            TiledX0Estimate.estimateWith(new ScalarTwinTileKernel(saved.lanes()), x, n, dim, f, 0.37, features, fd,
                    byTwin);
            assertArrayEquals(byVector, byTwin, 0, "N " + n + " D " + dim + " d " + fd);
        }
    }

    private static double[] gaussian(Rng rng, int len) {
        double[] a = new double[len];
        for (int q = 0; q < len; q++) {
            a[q] = rng.nextGaussian();
        }
        return a;
    }
}
