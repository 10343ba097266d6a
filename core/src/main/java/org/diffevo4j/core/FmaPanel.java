package org.diffevo4j.core;

/**
 * One panel of a matrix product as fused multiply-add chains in key order:
 * {@code out[r][q] = fma(e[r][n-1], y[n-1][q], ... fma(e[r][1], y[1][q], fma(e[r][0], y[0][q], 0)))}
 * for rows {@code r < rows} of {@code e} (row-major, n keys per row) and the {@code w} columns of a
 * packed panel {@code y} (row-major, w values per key); with the element-wise steps
 * {@link FusedWideUpdate} does around it ({@link #pack}, {@link #finish}). Implemented by
 * {@code VectorFmaPanel} with the JDK's Vector API, loaded only where the module
 * {@code jdk.incubator.vector} is present.
 *
 * <p>Why this exact order: it is the order in which OpenBLAS 0.3.19's double-precision kernel on the
 * project's machine (its Haswell kernel, which it picks for that AMD EPYC) sums a product whose inner
 * dimension fits its one K block (at most 256) and whose row count is a multiple of 8, so a product
 * done here has the same bits as the one ND4J hands to OpenBLAS ({@code BufferedNd4jUpdateTest} and
 * {@code FusedWideUpdateTest} check this against ND4J; where OpenBLAS picks another kernel they would
 * show a difference in the last bits). Fused multiply-adds are exactly rounded, so the result itself
 * is the same on any CPU and for any split of the columns over threads.
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

    /**
     * Packs one key's row of a panel: {@code yp[yo + q] = x[xo + q] * f}, and adds each value to
     * {@code sums[q]}, for {@code q < w}.
     */
    void pack(double[] x, int xo, double f, double[] yp, int yo, double[] sums, int w);

    /**
     * Finishes one row of a panel: {@code x0 = (g[go + q] + common[q]) / den} into {@code x0Out[o + q]}
     * and the DDIM step {@code (x0 sp + ((x - x0 sa) / s1) c) + z sigma} (without the last term when
     * sigma is 0) into {@code nextOut[o + q]}, for {@code q < w}: the operations of
     * {@link DdimStep#apply} in its order.
     */
    void finish(double[] g, int go, double[] common, double den, double[] x, double[] noise, int o, int w,
                double[] step, double[] x0Out, double[] nextOut);

    /** {@link #pack} for {@code q} in [q0, w), in plain Java. */
    static void packScalar(double[] x, int xo, double f, double[] yp, int yo, double[] sums, int q0, int w) {
        for (int q = q0; q < w; q++) {
            double v = x[xo + q] * f;
            yp[yo + q] = v;
            sums[q] += v;
        }
    }

    /**
     * {@link #finish} for {@code q} in [q0, w), in plain Java; {@code step} holds
     * {@code {sa, s1, sp, c, sigma}}.
     */
    static void finishScalar(double[] g, int go, double[] common, double den, double[] x, double[] noise, int o,
                             int q0, int w, double[] step, double[] x0Out, double[] nextOut) {
        double sa = step[0];
        double s1 = step[1];
        double sp = step[2];
        double c = step[3];
        double sigma = step[4];
        for (int q = q0; q < w; q++) {
            double x0 = (g[go + q] + common[q]) / den;
            x0Out[o + q] = x0;
            double eps = (x[o + q] - x0 * sa) / s1;
            nextOut[o + q] = sigma != 0 ? x0 * sp + eps * c + noise[o + q] * sigma : x0 * sp + eps * c;
        }
    }

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
