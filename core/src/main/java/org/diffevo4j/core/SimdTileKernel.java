package org.diffevo4j.core;

/**
 * The inner loops of {@link TiledX0Estimate} for one block of query rows and one tile of keys, in
 * explicit SIMD. Implemented by {@code VectorTileKernel} with the JDK's Vector API, which is loaded
 * only where the module {@code jdk.incubator.vector} is present (the JVM runs with
 * {@code --add-modules jdk.incubator.vector}); elsewhere the plain-Java loops of
 * {@link TiledX0Estimate} run.
 *
 * <p>Features are given scaled and transposed tile by tile, so that a tile's rows lie close together:
 * {@code stT[j0 * d + k * len + (j - j0)] = sqrt(a) f_jk} for the tile of {@code len} keys from j0 (for
 * {@link #narrowRows4}, one tile of all N keys: {@code stT[k * n + j]}). Each value is
 * computed by the same lanewise operations wherever its key lies in a tile, so results do not depend
 * on threads; they differ from the plain-Java loops in the last bits (fused multiply-adds, and the
 * a polynomial exponential instead of {@link Math#exp}).
 */
interface SimdTileKernel {

    /** {@code out[q] = exp(x[q])} for {@code x[q] <= 0}, as the kernel computes it (for tests). */
    void exp(double[] x, double[] out);

    /** Lanes of a vector of doubles: the width of the normaliser's partial sums. */
    int lanes();

    /**
     * Weights of rows {@code i..i+rows-1} ({@code rows} is 1 or 4) over keys {@code [j0, j0 + len)}:
     * {@code k[r][q] = exp(c ||f_{i+r} - sqrt(a) f_{j0+q}||^2) fe_{j0+q}}, each also added to the row's
     * partial sums {@code den[(denRow + r) * lanes() + lane]} (a fixed lane per key).
     *
     * @param buf work space of at least {@code 4 * lanes()} doubles, owned by the caller's thread (its
     *            contents on entry do not matter)
     * @return how many keys of the tile have a non-zero weight for at least one of the rows
     */
    int weights(double[] features, int i, int rows, int featureDim, double[] stT, int n, int j0, int len, double c,
                double[] fe, double[][] k, double[] den, int denRow, double[] buf);

    /**
     * {@code acc[r0 + r][k] += sum_p w[r][live[p]] x_{j0 + live[p], k}} for {@code r < rows} (1 or 4), the
     * sum over p in order.
     */
    void accumulate(double[] x, int dim, int j0, double[][] w, int rows, int[] live, int m, double[][] acc, int r0);

    /**
     * The whole estimate's sums for the four rows {@code i..i+3} of a population of dimension at most
     * 4, over all N keys in one pass (kernel, normaliser and weighted sums stay in registers):
     * {@code den[r] = sum_j w_ij} and {@code acc[r][k] = sum_j w_ij x_jk}, with {@code xT[k * n + j] = x_jk}.
     */
    void narrowRows4(double[] features, int i, int featureDim, double[] stT, int n, double c, double[] fe, double[] xT,
                     int dim, double[][] acc, double[] den);
}
