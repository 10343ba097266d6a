package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * The tiled streaming kernel against the untiled plain-Java path it replaced
 * ({@link LegacyDiffusionUpdate}): the same bits, for shapes that span several key tiles and chunks
 * with ragged ends, few and many features, underflowing kernels, and any thread count.
 */
class TiledX0EstimateTest {

    @Test
    void bitIdenticalToTheUntiledPath() {
        Rng rng = new Rng(17);
        int[][] shapes = {{1, 1, 1}, {3, 2, 2}, {37, 5, 5}, {203, 40, 40}, {300, 58, 2}, {1100, 3, 3}, {1500, 2, 2}, {402, 4, 4}, {99, 1, 1},
            {650, 58, 58}};
        for (int[] sh : shapes) {
            int n = sh[0];
            int dim = sh[1];
            int fd = sh[2];
            for (double scale : new double[] {0.3, 3, 40}) {
                double[] x = gaussian(rng, n * dim, scale);
                double[] features = fd == dim ? x : gaussian(rng, n * fd, scale);
                double[] f = new double[n];
                for (int i = 0; i < n; i++) {
                    f[i] = i % 5 == 0 ? 0 : rng.nextDouble();
                }
                double[] expected = new double[n * dim];
                UpdatePathsTest.withProperty(DiffusionUpdate.PATH_PROPERTY, "java", () -> {
                    LegacyDiffusionUpdate.estimateX0Java(x, n, dim, f, 0.37, features, fd, expected);
                    return null;
                });
                double[] simdReference = null;
                for (String threads : new String[] {"1", "2", "3"}) {
                    String what = "N=" + n + " D=" + dim + " d=" + fd + " scale " + scale + " threads " + threads;
                    double[] got = new double[n * dim];
                    UpdatePathsTest.withProperty(DiffusionUpdate.SIMD_PROPERTY, "off",
                            () -> UpdatePathsTest.withProperty(DiffusionUpdate.THREADS_PROPERTY, threads, () -> {
                                TiledX0Estimate.estimate(x, n, dim, f, 0.37, features, fd, got);
                                return null;
                            }));
                    assertArrayEquals(expected, got, 0, what);
                    if (TiledX0Estimate.SIMD == null) {
                        continue;
                    }
                    // the Vector API loops: the same bits for any thread count, within rounding of the plain ones
                    double[] simd = new double[n * dim];
                    UpdatePathsTest.withProperty(DiffusionUpdate.THREADS_PROPERTY, threads, () -> {
                        TiledX0Estimate.estimate(x, n, dim, f, 0.37, features, fd, simd);
                        return null;
                    });
                    if (simdReference == null) {
                        simdReference = simd;
                    } else {
                        assertArrayEquals(simdReference, simd, 0, what + " (SIMD)");
                    }
                    for (int k = 0; k < simd.length; k++) {
                        double tol = 1e-10 * (1 + Math.abs(expected[k]) + scale);
                        if (!(Math.abs(simd[k] - expected[k]) <= tol)) {
                            fail(what + " SIMD [" + k + "] = " + simd[k] + ", plain " + expected[k]);
                        }
                    }
                }
            }
        }
    }

    /** The surefire execution with the module must exercise the Vector API, the default one must not. */
    @Test
    void simdIsLoadedExactlyWhereTheModuleIsPresent() {
        assertEquals(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), TiledX0Estimate.SIMD != null);
    }

    /** The SIMD kernel's exponential: within 4 ulp of Math.exp, subnormals and underflow included. */
    @Test
    void simdExpIsAccurate() {
        SimdTileKernel simd = TiledX0Estimate.SIMD;
        if (simd == null) {
            return;
        }
        Rng rng = new Rng(3);
        double[] x = new double[20011];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < 10 ? new double[] {0, -0.0, -1e-300, -1, -708.3, -709, -740, -744, -745.2, -1e300}[i]
                    : -rng.nextDouble() * (i % 2 == 0 ? 800 : 5);
        }
        double[] got = new double[x.length];
        for (int round = 0; round < 3; round++) { // before and after the JIT compiles it: the same bits
            double[] again = new double[x.length];
            simd.exp(x, again);
            if (round > 0) {
                assertArrayEquals(got, again, 0);
            }
            got = again;
        }
        for (int i = 0; i < x.length; i++) {
            double e = Math.exp(x[i]);
            double tol = e < Double.MIN_NORMAL ? 2 * Double.MIN_VALUE : 4 * Math.ulp(e);
            if (!(Math.abs(got[i] - e) <= tol)) {
                fail("exp(" + x[i] + ") = " + got[i] + ", Math.exp " + e);
            }
        }
    }

    @Test
    void keyTileDependsOnShapeOnly() {
        assertEquals(1024, TiledX0Estimate.keyTile(2, 2));
        assertEquals(280, TiledX0Estimate.keyTile(58, 58));
        assertEquals(64, TiledX0Estimate.keyTile(4610, 4610));
        assertEquals(0, TiledX0Estimate.keyTile(58, 2) % 8);
    }

    private static double[] gaussian(Rng rng, int len, double scale) {
        double[] v = new double[len];
        rng.fillGaussian(v);
        for (int i = 0; i < len; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
