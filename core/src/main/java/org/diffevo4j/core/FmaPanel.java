package org.diffevo4j.core;

/**
 * One panel of a matrix product as fused multiply-add chains in key order:
 * {@code out[r][q] = fma(e[r][n-1], y[n-1][q], ... fma(e[r][1], y[1][q], fma(e[r][0], y[0][q], 0)))}
 * for rows {@code r < rows} of {@code e} (row-major, n keys per row) and the {@code w} columns of a
 * packed panel {@code y} (row-major, w values per key). Implemented by {@code VectorFmaPanel} with
 * the JDK's Vector API, loaded only where the module {@code jdk.incubator.vector} is present.
 *
 * <p>Why this exact order: it is the order in which OpenBLAS's double-precision kernel for this
 * machine's CPUs (its Haswell kernel, which it picks for AVX2 and AVX-512 AMD EPYC) sums a
 * product whose inner dimension fits its one K block (at most 256) and whose row count is a multiple
 * of 8, so a product done here has the same bits as the one ND4J hands to OpenBLAS
 * ({@link FusedWideUpdate} relies on this; its tests check it against ND4J). Fused multiply-adds are
 * exactly rounded, so the result is the same on any CPU and for any split of the columns over threads.
 */
interface FmaPanel {

    /** The Vector API implementation, or null where the module is absent. */
    FmaPanel SIMD = load();

    /** Lanes of a vector of doubles. */
    int lanes();

    /**
     * {@code out[r * w + q] = chain(e, n, r, y, w, q)} for {@code r < rows}, {@code q < w}.
     *
     * @param e    rows x n, row-major
     * @param n    keys (the inner dimension)
     * @param rows rows of e to multiply
     * @param yp   n x w, row-major
     * @param w    panel width
     * @param out  rows x w, row-major
     */
    void product(double[] e, int n, int rows, double[] yp, int w, double[] out);

    /** One entry of the product: the fused multiply-add chain over the keys in order, from +0. */
    static double chain(double[] e, int n, int r, double[] yp, int w, int q) {
        double acc = 0;
        int e0 = r * n;
        for (int j = 0, yo = q; j < n; j++, yo += w) {
            acc = Math.fma(e[e0 + j], yp[yo], acc);
        }
        return acc;
    }

    /** {@link #chain} for row r and columns [q0, q1) into {@code out}. */
    static void scalar(double[] e, int n, int r, double[] yp, int w, int q0, int q1, double[] out) {
        for (int q = q0; q < q1; q++) {
            out[r * w + q] = chain(e, n, r, yp, w, q);
        }
    }

    private static FmaPanel load() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (FmaPanel) Class.forName("org.diffevo4j.core.VectorFmaPanel").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
