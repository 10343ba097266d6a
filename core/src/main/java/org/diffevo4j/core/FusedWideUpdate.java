package org.diffevo4j.core;

import java.util.Arrays;

/**
 * The weighted sums, the x0 estimate and the DDIM step of {@link BufferedNd4jUpdate} in one pass over
 * the population, for small populations of wide rows (the RL table's large latent cell: N = 256,
 * D = 17,410), with the product {@code K [fe x | fe]} done by {@link FmaPanel} instead of ND4J.
 *
 * <p>Why: there the product is the update's one big piece of arithmetic (2.3 GFLOP), and around it
 * the ND4J path streams four 36 MB matrices through memory (y written and summed by columns, the
 * product read back, x0 read again by the DDIM step). Here the columns are taken one panel at a
 * time: the panel of y is built (and summed by columns) from x into a small buffer that stays in
 * cache, multiplied by the kernel matrix with 512-bit vectors (OpenBLAS runs its 256-bit kernel on
 * these CPUs), and finished at once: x0 and the next population are written while the panel's
 * values are in cache. The panels are split over the update's threads. Measured on the project's
 * 2-core AMD EPYC: the product at 115 GFLOP/s on one core, the whole update 32 ms of CPU on one
 * thread; the protocol's DE ask + tell 1.8-3x faster than before (bench/results/large-latent-ab-final.md).
 *
 * <p>Same bits as {@link BufferedNd4jUpdate}'s ND4J product where that one's product is a fused
 * multiply-add chain in key order (see {@link FmaPanel}; {@link #applies} keeps to the sizes where it
 * is on this machine's OpenBLAS, and {@code FusedWideUpdateTest} checks it against ND4J); the column
 * sums are plain sums in row order, as ND4J's column sum of N rows is; every element-wise step is the
 * same IEEE operations in the same order. So the strategy's results do not change, and do not depend
 * on the thread count.
 */
final class FusedWideUpdate {

    /** Columns per panel: a panel of y (N x 32 doubles, 64 KiB at N = 256) and its product stay in L2. */
    static final int PANEL = 32;
    /** Panels per chunk handed to a thread. */
    private static final int CHUNK_PANELS = 8;
    /** Largest N: OpenBLAS sums longer products in blocks (another order). */
    static final int MAX_N = 256;
    /**
     * Largest kernel feature dimension d for {@link #kernelExponent} (latent runs: d = 2); wider
     * features keep ND4J's kernel, whose sums over d + 2 columns OpenBLAS blocks differently.
     */
    static final int MAX_JAVA_FEATURES = 8;

    private FusedWideUpdate() {
    }

    /**
     * Whether an update of N rows runs here: the Vector API is present and not switched off
     * ({@value DiffusionUpdate#SIMD_PROPERTY}), and N is a multiple of 8 of at most {@link #MAX_N}.
     */
    static boolean applies(int n) {
        return FmaPanel.SIMD != null && TiledX0Estimate.simd() != null && n <= MAX_N && n % 8 == 0;
    }

    /**
     * x0 and the next population.
     *
     * @param x       the population, N x D row-major
     * @param fe      {@code (f_j + eps) / p}, length N
     * @param e       the kernel matrix, N x N row-major (as {@link Nd4jX0Estimate#kernelRows} makes it)
     * @param sigma   the DDIM noise scale; {@code noise} is read only when it is not 0, and may be
     *                {@code nextOut} itself (each value is read before its place is written)
     * @param x0Out   receives x0, N x D row-major
     * @param nextOut receives the next population, N x D row-major
     */
    static void update(double[] x, int n, int dim, double[] fe, double[] e, double alpha, double alphaPrev,
                       double sigma, double[] noise, double[] x0Out, double[] nextOut) {
        FmaPanel kernel = FmaPanel.SIMD;
        // column D of y is fe itself: its weighted sums are the normalisers
        double feSum = 0;
        for (int j = 0; j < n; j++) {
            feSum += fe[j];
        }
        double commonDen = feSum * DiffusionUpdate.EPSILON;
        double[] den = new double[n];
        for (int i = 0; i < n; i++) {
            double acc = 0;
            for (int j = 0; j < n; j++) {
                acc = Math.fma(e[i * n + j], fe[j], acc);
            }
            den[i] = (acc + commonDen) + DiffusionUpdate.EPSILON;
        }
        // DdimStep's constants, computed as it computes them
        double[] step = {Math.sqrt(alpha), Math.sqrt(1 - alpha), Math.sqrt(alphaPrev),
            Math.sqrt(Math.max(0.0, 1 - alphaPrev - sigma * sigma)), sigma};
        int panels = (dim + PANEL - 1) / PANEL;
        int threads = RowPartition.threads();
        RowPartition.run(panels, CHUNK_PANELS, threads, () -> new Scratch(n), (from, to, s) -> {
            for (int p = from; p < to; p++) {
                int c0 = p * PANEL;
                int w = Math.min(PANEL, dim - c0);
                panel(kernel, x, n, dim, fe, e, den, c0, w, step, noise, x0Out, nextOut, s);
            }
        });
    }

    /**
     * The kernel's exponent as {@link Nd4jX0Estimate#kernelRows} computes it before its exponential:
     * {@code min(A B^T, 0)} with the factors of {@link Nd4jX0Estimate#kernelFactors} built by the same
     * element-wise operations (the squared norms summed in feature order) and each entry of the product
     * a fused multiply-add chain over the d + 2 columns, as OpenBLAS's kernel gives it for N a multiple
     * of 8 (see {@link FmaPanel}).
     *
     * @param f   the kernel features, N x d row-major
     * @param out receives the exponent, N x N row-major
     */
    static void kernelExponent(double[] f, int n, int d, double alpha, double[] out) {
        int w = d + 2;
        double sa = Math.sqrt(alpha);
        double c = -1.0 / (2 * (1 - alpha));
        double[] left = new double[n * w];
        double[] right = new double[n * w];
        for (int i = 0; i < n; i++) {
            double sq = 0;
            for (int k = 0; k < d; k++) {
                double v = f[i * d + k];
                sq += v * v;
            }
            for (int k = 0; k < d; k++) {
                double v = f[i * d + k];
                left[i * w + k] = v * (-2 * sa) * c;
                right[i * w + k] = v;
            }
            left[i * w + d] = sq * c;
            left[i * w + d + 1] = 1.0 * c;
            right[i * w + d] = 1.0;
            right[i * w + d + 1] = sq * alpha;
        }
        for (int i = 0; i < n; i++) {
            int lo = i * w;
            for (int j = 0; j < n; j++) {
                int ro = j * w;
                double acc = 0;
                for (int k = 0; k < w; k++) {
                    acc = Math.fma(left[lo + k], right[ro + k], acc);
                }
                out[i * n + j] = Math.min(acc, 0.0);
            }
        }
    }

    private static void panel(FmaPanel kernel, double[] x, int n, int dim, double[] fe, double[] e, double[] den,
                              int c0, int w, double[] step, double[] noise, double[] x0Out, double[] nextOut, Scratch s) {
        double[] yp = s.y;
        double[] sums = s.sums;
        Arrays.fill(sums, 0, w, 0.0);
        for (int j = 0; j < n; j++) {
            kernel.pack(x, j * dim + c0, fe[j], yp, j * w, sums, w);
        }
        for (int q = 0; q < w; q++) {
            sums[q] *= DiffusionUpdate.EPSILON;
        }
        kernel.product(e, n, n, yp, w, s.out);
        for (int i = 0; i < n; i++) {
            kernel.finish(s.out, i * w, sums, den[i], x, noise, i * dim + c0, w, step, x0Out, nextOut);
        }
    }

    /** One thread's panel buffers. */
    private static final class Scratch {
        final double[] y;
        final double[] out;
        final double[] sums = new double[PANEL];

        Scratch(int n) {
            y = new double[n * PANEL];
            out = new double[n * PANEL];
        }
    }
}
