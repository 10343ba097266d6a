package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        int[][] shapes = {{1, 1, 1}, {3, 2, 2}, {37, 5, 5}, {203, 40, 40}, {300, 58, 2}, {1100, 3, 3}, {1500, 2, 2},
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
                for (String threads : new String[] {"1", "2", "3"}) {
                    double[] got = new double[n * dim];
                    UpdatePathsTest.withProperty(DiffusionUpdate.THREADS_PROPERTY, threads, () -> {
                        TiledX0Estimate.estimate(x, n, dim, f, 0.37, features, fd, got);
                        return null;
                    });
                    assertArrayEquals(expected, got, 0, "N=" + n + " D=" + dim + " d=" + fd + " scale " + scale
                            + " threads " + threads);
                }
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
