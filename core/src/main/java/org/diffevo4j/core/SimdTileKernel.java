package org.diffevo4j.core;

/**
 * The inner loops of {@link TiledX0Estimate} for one block of query rows and one tile of keys, in
 * explicit SIMD. Implemented by {@code VectorTileKernel} with the JDK's Vector API, which is loaded
 * only where the module {@code jdk.incubator.vector} is present (the JVM runs with
 * {@code --add-modules jdk.incubator.vector}); elsewhere the plain-Java loops of
 * {@link TiledX0Estimate} run.
 *
 * <p>Features are given transposed and scaled: {@code stT[k * n + j] = sqrt(a) f_jk}. Each value is
 * computed by the same lanewise operations wherever its key lies in a tile, so results do not depend
 * on threads; they differ from the plain-Java loops in the last bits (fused multiply-adds, and the
 * a polynomial exponential instead of {@link Math#exp}).
 */
interface SimdTileKernel {

    /** {@code out[q] = exp(x[q])} for {@code x[q] <= 0}, as the kernel computes it (for tests). */
    void exp(double[] x, double[] out);

    /**
     * Weights of rows {@code i..i+rows-1} ({@code rows} is 1 or 4) over keys {@code [j0, j0 + len)}:
     * {@code k[r][q] = exp(c ||f_{i+r} - sqrt(a) f_{j0+q}||^2) fe_{j0+q}}.
     */
    void weights(double[] features, int i, int rows, int featureDim, double[] stT, int n, int j0, int len, double c,
                 double[] fe, double[][] k);

    /**
     * {@code acc[r0 + r][k] += sum_p w[r][live[p]] x_{j0 + live[p], k}} for {@code r < rows} (1 or 4), the
     * sum over p in order.
     */
    void accumulate(double[] x, int dim, int j0, double[][] w, int rows, int[] live, int m, double[][] acc, int r0);
}
