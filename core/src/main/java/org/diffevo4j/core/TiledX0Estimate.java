package org.diffevo4j.core;

import java.util.Arrays;

/**
 * The hot path of Diffusion Evolution: the x0 estimate of docs/algorithm.md section 2,
 * {@code x0_i = sum_j w_ij x_j / (sum_j w_ij + 1e-9)}, {@code w_ij = (f_j + 1e-9)(k_ij + 1e-9)/(p + 1e-9)},
 * computed as one streaming pass over tiles of keys, like attention: for a chunk of query rows i,
 * each tile of keys j is visited once, its kernel values {@code k_ij = exp(c ||f_i - sqrt(a) f_j||^2)}
 * are computed for the chunk's rows, and the weighted sums and normalisers of those rows are carried
 * from tile to tile. Memory is O(N (D + d)) at every size (the N x N kernel never exists: a thread
 * holds {@value #BLOCK} x tile kernel values and its chunk's accumulators), and a tile of keys is
 * reused by all rows of a chunk while it sits in cache.
 *
 * <p>No softmax-style maximum is subtracted: the exact formula with its 1e-9 terms decides what
 * happens when every kernel of a row underflows to 0 (the row's estimate is then the
 * fitness-weighted mean of the population). With {@code fe_j = (f_j + eps)/p}, the weights split
 * into {@code w_ij = k_ij fe_j + eps fe_j}; the part {@code eps sum_j fe_j [x_j | 1]} is the same for
 * every row and computed once, so a row only visits the keys whose kernel did not underflow to 0.
 *
 * <p>Determinism: every sum (the squared distance over the feature index, the weighted sum and the
 * normaliser over j) starts at +0 and adds its terms in index order, whichever loop variant, chunk,
 * tile and thread computes it; terms that are exactly 0 may be skipped (adding +-0 to a sum that
 * started at +0 never changes its bits, for finite inputs). So the result does not depend on the
 * number of threads ({@link RowPartition}) or on the tile size, and it is bit-identical to the
 * untiled plain-Java path of earlier versions.
 */
final class TiledX0Estimate {

    /** Query rows per unit of work handed to a thread (fixed, so the split never depends on threads). */
    static final int CHUNK_ROWS = 32;

    /** Query rows processed together (register blocking) inside a chunk. */
    static final int BLOCK = 4;

    /** Below this much work ({@code N * N * (D + d)}) the estimate runs on the calling thread only. */
    static final double PARALLEL_MIN_WORK = 1e6;

    /** Population dimension up to which the SIMD path keeps a block's whole sums in registers. */
    static final int NARROW_DIM = 4;

    /** Feature dimension from which distances are computed by register tiles rather than by rows. */
    private static final int TILE_FEATURES = 8;

    /** The doubles of one key tile ({@code tile * (D + d)}) aimed at: half of a typical 512 KiB L2. */
    private static final int TILE_DOUBLES = 32768;

    /**
     * The Vector API implementation of the inner loops, or null where the module
     * {@code jdk.incubator.vector} is not present (then the plain-Java loops run).
     */
    static final SimdTileKernel SIMD = loadSimd();

    private final SimdTileKernel simd;
    private final double[] x;
    private final int n;
    private final int dim;
    private final double[] fe;
    private final double c;
    private final double[] features;
    private final int featureDim;
    /**
     * sqrt(a) times the features: tile-major for the SIMD tile loops (see {@link SimdTileKernel}),
     * else row-major (N x d) for {@code d >= TILE_FEATURES}, else d x N.
     */
    private final double[] st;
    private final double[] common;
    private final double denCommon;
    private final int tile;
    private final double[] out;
    /** The population transposed (D x N), for {@link SimdTileKernel#narrowRows4}; null when not used. */
    private final double[] xT;

    private TiledX0Estimate(double[] x, int n, int dim, double[] fe, double c, double[] features, int featureDim,
                            double[] st, double[] common, double denCommon, double[] out, SimdTileKernel simd) {
        this.simd = simd;
        this.x = x;
        this.n = n;
        this.dim = dim;
        this.fe = fe;
        this.c = c;
        this.features = features;
        this.featureDim = featureDim;
        this.st = st;
        this.common = common;
        this.denCommon = denCommon;
        this.tile = keyTile(dim, featureDim);
        this.out = out;
        if (simd != null && dim <= NARROW_DIM) {
            xT = new double[dim * n];
            for (int k = 0; k < dim; k++) {
                for (int j = 0; j < n; j++) {
                    xT[k * n + j] = x[j * dim + k];
                }
            }
        } else {
            xT = null;
        }
    }

    private static SimdTileKernel loadSimd() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            return (SimdTileKernel) Class.forName("org.diffevo4j.core.VectorTileKernel").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * {@link #SIMD} behind its plain-Java twin until the JIT has compiled it (see
     * {@link WarmingTileKernel}); null where {@link #SIMD} is.
     */
    static final WarmingTileKernel WARMING = SIMD == null ? null : new WarmingTileKernel(SIMD);

    /**
     * Whether updates run a SIMD kernel, by the system property {@value DiffusionUpdate#SIMD_PROPERTY}:
     * {@link #SIMD} for {@code auto} (default) and {@code vector}, null for {@code off} (plain-Java
     * loops, which differ from the SIMD kernels in the last bits) and where the Vector API is absent.
     */
    static SimdTileKernel simd() {
        return mode() == Mode.OFF ? null : SIMD;
    }

    private enum Mode { AUTO, VECTOR, OFF }

    private static Mode mode() {
        String p = System.getProperty(DiffusionUpdate.SIMD_PROPERTY, "auto").trim();
        if (p.equalsIgnoreCase("off")) {
            return Mode.OFF;
        }
        if (p.equalsIgnoreCase("vector")) {
            return Mode.VECTOR;
        }
        if (!p.equalsIgnoreCase("auto") && !p.isEmpty()) {
            throw new IllegalArgumentException("system property " + DiffusionUpdate.SIMD_PROPERTY
                    + " must be auto, vector or off, got '" + p + "'");
        }
        return Mode.AUTO;
    }

    /**
     * The kernel one update runs: under {@code auto} the vector kernel once compiled and its
     * bit-identical twin before ({@link WarmingTileKernel}, which counts the update); under
     * {@code vector} the vector kernel from the first call; null under {@code off}.
     */
    private static SimdTileKernel forUpdate() {
        return switch (mode()) {
            case OFF -> null;
            case VECTOR -> SIMD;
            case AUTO -> WARMING == null ? null : WARMING.forUpdate();
        };
    }

    /**
     * Keys per tile for rows of D + d values: about {@value #TILE_DOUBLES} doubles, between 64 and
     * 1024 keys, a multiple of 8. Depends on the shapes only.
     */
    static int keyTile(int dim, int featureDim) {
        int t = TILE_DOUBLES / Math.max(1, dim + featureDim);
        return Math.max(64, Math.min(1024, t)) & ~7;
    }

    /**
     * The x0 estimate on row-major arrays; arguments already validated.
     *
     * @param x          population, N x D
     * @param fitness    mapped fitness, length N
     * @param features   kernel features, N x featureDim
     * @param out        receives x0, N x D
     */
    static void estimate(double[] x, int n, int dim, double[] fitness, double alpha, double[] features, int featureDim,
                         double[] out) {
        estimateWith(forUpdate(), x, n, dim, fitness, alpha, features, featureDim, out);
    }

    /** {@link #estimate} with the given SIMD kernel (null: the plain-Java loops). */
    static void estimateWith(SimdTileKernel simdKernel, double[] x, int n, int dim, double[] fitness, double alpha,
                             double[] features, int featureDim, double[] out) {
        double sa = Math.sqrt(alpha);
        double c = -1.0 / (2 * (1 - alpha));
        double p = DiffusionUpdate.uniformDensity(n);
        double[] fe = new double[n];
        double feSum = 0;
        for (int j = 0; j < n; j++) {
            fe[j] = (fitness[j] + DiffusionUpdate.EPSILON) / p;
            feSum += fe[j];
        }
        // common part of the numerators: eps * sum_j fe_j x_j; of the denominators: eps * sum_j fe_j + eps
        double[] common = new double[dim];
        for (int j = 0; j < n; j++) {
            double w = fe[j];
            int o = j * dim;
            for (int k = 0; k < dim; k++) {
                common[k] += w * x[o + k];
            }
        }
        for (int k = 0; k < dim; k++) {
            common[k] *= DiffusionUpdate.EPSILON;
        }
        double denCommon = DiffusionUpdate.EPSILON * feSum + DiffusionUpdate.EPSILON;
        SimdTileKernel simd = simdKernel;
        if (simd != null && dim > NARROW_DIM && dim < simd.lanes()) {
            simd = null; // rows narrower than a vector and too wide for the register kernel: plain Java
        }
        double[] st = new double[featureDim * n];
        if (simd != null && dim > NARROW_DIM) {
            // tile-major: each tile's d rows of len keys contiguous (a stride of N doubles between
            // rows would map them all to one set of the L1 cache when N is a power of 2)
            int tile = keyTile(dim, featureDim);
            for (int j0 = 0; j0 < n; j0 += tile) {
                int len = Math.min(tile, n - j0);
                int base = j0 * featureDim;
                for (int k = 0; k < featureDim; k++) {
                    for (int q = 0; q < len; q++) {
                        st[base + k * len + q] = sa * features[(j0 + q) * featureDim + k];
                    }
                }
            }
        } else if (featureDim >= TILE_FEATURES && simd == null) {
            for (int q = 0; q < st.length; q++) {
                st[q] = sa * features[q];
            }
        } else {
            for (int k = 0; k < featureDim; k++) {
                for (int j = 0; j < n; j++) {
                    st[k * n + j] = sa * features[j * featureDim + k];
                }
            }
        }
        TiledX0Estimate e = new TiledX0Estimate(x, n, dim, fe, c, features, featureDim, st, common, denCommon, out,
                simd);
        double work = (double) n * n * ((double) dim + featureDim);
        int threads = work >= PARALLEL_MIN_WORK ? RowPartition.threads() : 1;
        RowPartition.run(n, CHUNK_ROWS, threads, e::newScratch, e::rows);
    }

    private Scratch newScratch() {
        return new Scratch(tile, dim, simd == null ? 1 : simd.lanes());
    }

    /** Per-thread work space: kernel values of one block of rows over one key tile, a chunk's accumulators. */
    private static final class Scratch {
        final double[][] k;
        final double[][] acc;
        final double[] den;
        final int[] live;
        /** Identity list of a whole tile: the live keys when (nearly) all are. */
        final int[] all;
        /** The normalisers' partial sums, {@code lanes} per row (SIMD path). */
        final double[] denLanes;
        /** {@link SimdTileKernel#weights}' work space. */
        final double[] expBuf;
        final int lanes;

        Scratch(int tile, int dim, int lanes) {
            k = new double[BLOCK][tile];
            acc = new double[CHUNK_ROWS][dim];
            den = new double[CHUNK_ROWS];
            live = new int[tile];
            all = new int[tile];
            for (int q = 0; q < tile; q++) {
                all[q] = q;
            }
            this.lanes = lanes;
            denLanes = new double[CHUNK_ROWS * lanes];
            expBuf = new double[4 * lanes];
        }
    }

    /** Query rows [from, to) (at most {@link #CHUNK_ROWS}), streaming over all key tiles. */
    void rows(int from, int to, Scratch s) {
        int m = to - from;
        for (int r = 0; r < m; r++) {
            Arrays.fill(s.acc[r], 0.0);
        }
        Arrays.fill(s.den, 0.0);
        if (simd != null) {
            rowsSimd(from, to, s);
            return;
        }
        for (int j0 = 0; j0 < n; j0 += tile) {
            int len = Math.min(tile, n - j0);
            for (int i = from; i < to; i += BLOCK) {
                int b = Math.min(BLOCK, to - i);
                int r0 = i - from;
                if (b == BLOCK) {
                    if (featureDim >= TILE_FEATURES) {
                        distances4(i, j0, len, s.k);
                    } else {
                        distanceRows4(i, j0, len, s.k);
                    }
                    for (int r = 0; r < BLOCK; r++) {
                        s.den[r0 + r] = weights(s.k[r], j0, len, s.den[r0 + r]);
                    }
                    accumulate4(j0, len, s, r0);
                } else {
                    for (int r = 0; r < b; r++) {
                        double[] kr = s.k[0];
                        distanceRow(i + r, j0, len, kr);
                        s.den[r0 + r] = weights(kr, j0, len, s.den[r0 + r]);
                        accumulate1(kr, j0, len, s.acc[r0 + r]);
                    }
                }
            }
        }
        finish(from, m, s);
    }

    /**
     * {@link #rows} with the inner loops in {@link #simd}: per block of rows and tile of keys, the
     * weights (their normalisers summed in vector lanes), then the weighted sums over the keys that
     * are live for the block (all of them unless at least half underflowed; skipping a zero weight
     * never changes a sum). Populations of dimension at most {@link #NARROW_DIM} keep a block's
     * whole sums in registers over all keys instead.
     */
    private void rowsSimd(int from, int to, Scratch s) {
        int lanes = s.lanes;
        Arrays.fill(s.denLanes, 0.0);
        int narrowEnd = from;
        if (xT != null) {
            double[] den4 = new double[BLOCK];
            for (; narrowEnd + BLOCK <= to; narrowEnd += BLOCK) {
                int r0 = narrowEnd - from;
                simd.narrowRows4(features, narrowEnd, featureDim, st, n, c, fe, xT, dim,
                        new double[][] {s.acc[r0], s.acc[r0 + 1], s.acc[r0 + 2], s.acc[r0 + 3]}, den4);
                for (int r = 0; r < BLOCK; r++) {
                    s.denLanes[(r0 + r) * lanes] = den4[r];
                }
            }
        }
        for (int j0 = 0; j0 < n && narrowEnd < to; j0 += tile) {
            int len = Math.min(tile, n - j0);
            for (int i = narrowEnd; i < to; i += BLOCK) {
                int b = Math.min(BLOCK, to - i);
                int r0 = i - from;
                int rows = b == BLOCK ? BLOCK : 1;
                for (int r = 0; r < b; r += rows) {
                    int live = simd.weights(features, i + r, rows, featureDim, st, n, j0, len, c, fe, s.k, s.denLanes,
                            r0 + r, s.expBuf);
                    if (live == 0) {
                        continue;
                    }
                    int[] list = s.all;
                    int m = len;
                    if (2 * live < len) {
                        list = s.live;
                        m = 0;
                        for (int q = 0; q < len; q++) {
                            boolean any = false;
                            for (int h = 0; h < rows; h++) {
                                any |= s.k[h][q] != 0;
                            }
                            if (any) {
                                list[m++] = q;
                            }
                        }
                    }
                    simd.accumulate(x, dim, j0, s.k, rows, list, m, s.acc, r0 + r);
                }
            }
        }
        for (int r = 0; r < to - from; r++) {
            double den = 0;
            for (int l = 0; l < lanes; l++) {
                den += s.denLanes[r * lanes + l];
            }
            s.den[r] = den;
        }
        finish(from, to - from, s);
    }

    /** {@code x0 = (acc + common) / (den + denCommon)} for the chunk's m rows from {@code from}. */
    private void finish(int from, int m, Scratch s) {
        for (int r = 0; r < m; r++) {
            double den = s.den[r] + denCommon;
            double[] a = s.acc[r];
            int o = (from + r) * dim;
            for (int k = 0; k < dim; k++) {
                out[o + k] = (a[k] + common[k]) / den;
            }
        }
    }

    /**
     * Squared distances to weights over one tile, {@code kr[q] = exp(c kr[q]) fe_{j0+q}}, and the
     * normaliser carried on: returns {@code den + sum_q kr[q]}, added in order.
     */
    private double weights(double[] kr, int j0, int len, double den) {
        for (int q = 0; q < len; q++) {
            double w = Math.exp(c * kr[q]) * fe[j0 + q];
            kr[q] = w;
            den += w;
        }
        return den;
    }

    /** {@code kr[q] = ||f_i - sqrt(a) f_{j0+q}||^2} for one row i. */
    private void distanceRow(int i, int j0, int len, double[] kr) {
        int fo = i * featureDim;
        if (featureDim >= TILE_FEATURES) {
            for (int q = 0; q < len; q++) {
                int g = (j0 + q) * featureDim;
                double d = 0;
                for (int k = 0; k < featureDim; k++) {
                    double t = features[fo + k] - st[g + k];
                    d += t * t;
                }
                kr[q] = d;
            }
            return;
        }
        Arrays.fill(kr, 0, len, 0.0);
        for (int k = 0; k < featureDim; k++) {
            double f = features[fo + k];
            int so = k * n + j0;
            for (int q = 0; q < len; q++) {
                double t = f - st[so + q];
                kr[q] += t * t;
            }
        }
    }

    /** {@link #distanceRow} for rows i..i+3, vectorised over the keys (for few features). */
    private void distanceRows4(int i, int j0, int len, double[][] kk) {
        double[] k0 = kk[0];
        double[] k1 = kk[1];
        double[] k2 = kk[2];
        double[] k3 = kk[3];
        Arrays.fill(k0, 0, len, 0.0);
        Arrays.fill(k1, 0, len, 0.0);
        Arrays.fill(k2, 0, len, 0.0);
        Arrays.fill(k3, 0, len, 0.0);
        int fo = i * featureDim;
        for (int k = 0; k < featureDim; k++) {
            double f0 = features[fo + k];
            double f1 = features[fo + featureDim + k];
            double f2 = features[fo + 2 * featureDim + k];
            double f3 = features[fo + 3 * featureDim + k];
            int so = k * n + j0;
            for (int q = 0; q < len; q++) {
                double v = st[so + q];
                double t0 = f0 - v;
                double t1 = f1 - v;
                double t2 = f2 - v;
                double t3 = f3 - v;
                k0[q] += t0 * t0;
                k1[q] += t1 * t1;
                k2[q] += t2 * t2;
                k3[q] += t3 * t3;
            }
        }
    }

    /**
     * {@link #distanceRow} for rows i..i+3 by 4 x 4 register tiles (rows x keys), summing over the
     * features innermost (for many features).
     */
    private void distances4(int i, int j0, int len, double[][] kk) {
        double[] k0 = kk[0];
        double[] k1 = kk[1];
        double[] k2 = kk[2];
        double[] k3 = kk[3];
        int fd = featureDim;
        int f0 = i * fd;
        int f1 = f0 + fd;
        int f2 = f1 + fd;
        int f3 = f2 + fd;
        int q = 0;
        for (; q + 4 <= len; q += 4) {
            double d00 = 0, d01 = 0, d02 = 0, d03 = 0, d10 = 0, d11 = 0, d12 = 0, d13 = 0;
            double d20 = 0, d21 = 0, d22 = 0, d23 = 0, d30 = 0, d31 = 0, d32 = 0, d33 = 0;
            int g0 = (j0 + q) * fd;
            int g1 = g0 + fd;
            int g2 = g1 + fd;
            int g3 = g2 + fd;
            for (int k = 0; k < fd; k++) {
                double s0 = st[g0 + k];
                double s1 = st[g1 + k];
                double s2 = st[g2 + k];
                double s3 = st[g3 + k];
                double v = features[f0 + k];
                double t = v - s0;
                d00 += t * t;
                t = v - s1;
                d01 += t * t;
                t = v - s2;
                d02 += t * t;
                t = v - s3;
                d03 += t * t;
                v = features[f1 + k];
                t = v - s0;
                d10 += t * t;
                t = v - s1;
                d11 += t * t;
                t = v - s2;
                d12 += t * t;
                t = v - s3;
                d13 += t * t;
                v = features[f2 + k];
                t = v - s0;
                d20 += t * t;
                t = v - s1;
                d21 += t * t;
                t = v - s2;
                d22 += t * t;
                t = v - s3;
                d23 += t * t;
                v = features[f3 + k];
                t = v - s0;
                d30 += t * t;
                t = v - s1;
                d31 += t * t;
                t = v - s2;
                d32 += t * t;
                t = v - s3;
                d33 += t * t;
            }
            k0[q] = d00;
            k0[q + 1] = d01;
            k0[q + 2] = d02;
            k0[q + 3] = d03;
            k1[q] = d10;
            k1[q + 1] = d11;
            k1[q + 2] = d12;
            k1[q + 3] = d13;
            k2[q] = d20;
            k2[q + 1] = d21;
            k2[q + 2] = d22;
            k2[q + 3] = d23;
            k3[q] = d30;
            k3[q + 1] = d31;
            k3[q + 2] = d32;
            k3[q + 3] = d33;
        }
        for (; q < len; q++) {
            double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
            int g = (j0 + q) * fd;
            for (int k = 0; k < fd; k++) {
                double sj = st[g + k];
                double t = features[f0 + k] - sj;
                d0 += t * t;
                t = features[f1 + k] - sj;
                d1 += t * t;
                t = features[f2 + k] - sj;
                d2 += t * t;
                t = features[f3 + k] - sj;
                d3 += t * t;
            }
            k0[q] = d0;
            k1[q] = d1;
            k2[q] = d2;
            k3[q] = d3;
        }
    }

    /** {@code acc += sum_q kr[q] x_{j0+q}}, in order, skipping exact zeros. */
    private void accumulate1(double[] kr, int j0, int len, double[] acc) {
        for (int q = 0; q < len; q++) {
            double w = kr[q];
            if (w == 0) {
                continue;
            }
            int o = (j0 + q) * dim;
            for (int k = 0; k < dim; k++) {
                acc[k] += w * x[o + k];
            }
        }
    }

    /**
     * {@link #accumulate1} for the four rows of {@code s.k} into {@code s.acc[r0..r0+3]} by 4 x 4
     * register tiles (rows x columns k), over the keys whose weight is not 0 for at least one of them.
     */
    private void accumulate4(int j0, int len, Scratch s, int r0) {
        double[] w0 = s.k[0];
        double[] w1 = s.k[1];
        double[] w2 = s.k[2];
        double[] w3 = s.k[3];
        int[] live = s.live;
        int m = 0;
        for (int q = 0; q < len; q++) {
            if (w0[q] != 0 || w1[q] != 0 || w2[q] != 0 || w3[q] != 0) {
                live[m++] = q;
            }
        }
        if (m == 0) {
            return;
        }
        double[] a0 = s.acc[r0];
        double[] a1 = s.acc[r0 + 1];
        double[] a2 = s.acc[r0 + 2];
        double[] a3 = s.acc[r0 + 3];
        int base = j0 * dim;
        int k = 0;
        for (; k + 4 <= dim; k += 4) {
            double c00 = a0[k], c01 = a0[k + 1], c02 = a0[k + 2], c03 = a0[k + 3];
            double c10 = a1[k], c11 = a1[k + 1], c12 = a1[k + 2], c13 = a1[k + 3];
            double c20 = a2[k], c21 = a2[k + 1], c22 = a2[k + 2], c23 = a2[k + 3];
            double c30 = a3[k], c31 = a3[k + 1], c32 = a3[k + 2], c33 = a3[k + 3];
            for (int p = 0; p < m; p++) {
                int q = live[p];
                int o = base + q * dim + k;
                double x0 = x[o];
                double x1 = x[o + 1];
                double x2 = x[o + 2];
                double x3 = x[o + 3];
                double v = w0[q];
                c00 += v * x0;
                c01 += v * x1;
                c02 += v * x2;
                c03 += v * x3;
                v = w1[q];
                c10 += v * x0;
                c11 += v * x1;
                c12 += v * x2;
                c13 += v * x3;
                v = w2[q];
                c20 += v * x0;
                c21 += v * x1;
                c22 += v * x2;
                c23 += v * x3;
                v = w3[q];
                c30 += v * x0;
                c31 += v * x1;
                c32 += v * x2;
                c33 += v * x3;
            }
            a0[k] = c00;
            a0[k + 1] = c01;
            a0[k + 2] = c02;
            a0[k + 3] = c03;
            a1[k] = c10;
            a1[k + 1] = c11;
            a1[k + 2] = c12;
            a1[k + 3] = c13;
            a2[k] = c20;
            a2[k + 1] = c21;
            a2[k + 2] = c22;
            a2[k + 3] = c23;
            a3[k] = c30;
            a3[k + 1] = c31;
            a3[k + 2] = c32;
            a3[k + 3] = c33;
        }
        for (; k < dim; k++) {
            double c0 = a0[k], c1 = a1[k], c2 = a2[k], c3 = a3[k];
            for (int p = 0; p < m; p++) {
                int q = live[p];
                double v = x[base + q * dim + k];
                c0 += w0[q] * v;
                c1 += w1[q] * v;
                c2 += w2[q] * v;
                c3 += w3[q] * v;
            }
            a0[k] = c0;
            a1[k] = c1;
            a2[k] = c2;
            a3[k] = c3;
        }
    }
}
