package org.diffevo4j.core;

// The update as it was at a49be0e (before the tiled kernel), kept in the test sources as the
// same-run baseline of DiffusionUpdateBenchmark and the bit-identity reference of TiledX0EstimateTest.

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One denoising update of Diffusion Evolution (docs/algorithm.md section 2), as pure functions of their
 * arguments: the Bayesian estimate of each individual's origin {@code x0} and the DDIM step.
 *
 * <p>All work is done in double precision, by one of two equivalent implementations (both match the
 * reference cases to their tolerance; they differ from each other by rounding only):
 * <ul>
 *   <li>a plain-Java one on {@code double[]} rows, for small and medium populations, where ND4J's
 *       per-operation overhead (and, on a busy machine, its OpenMP threads) costs far more than the
 *       arithmetic. Large ones are split by fixed blocks of rows over a few threads; every row is
 *       computed by the same operations in the same order whatever the split, so results are
 *       bit-identical for any thread count;</li>
 *   <li>an ND4J one for large populations: the N x N kernel from one matrix product, then one
 *       N x N by N x (D + 1) product gives the weighted sums and their normalisers together (this is
 *       the path that runs on a GPU backend).</li>
 * </ul>
 * {@link #usesJavaPath(int, int, int)} chooses by the size of the N x N x D product and the width of
 * the rows (see {@link #JAVA_PATH_MAX_WORK}); the system property {@value #PATH_PROPERTY} ({@code auto},
 * {@code java} or {@code nd4j}) forces one. Inputs of another data type are converted; results are
 * always {@link DataType#DOUBLE}.
 *
 * <p>The kernel is computed on <em>features</em> of the population: the population itself for
 * Diffusion Evolution, latent codes {@code z = x P^T} for the latent variant (section 4), while the
 * average and the step stay in the full space.
 */
final class LegacyDiffusionUpdate {

    /**
     * The floor the specification adds to fitness, kernel, density and weight sums. It is part of
     * the algorithm: when every kernel underflows or every fitness is 0, it decides the weights.
     */
    public static final double EPSILON = 1e-9;

    /**
     * System property that chooses the implementation: {@code auto} (the default), {@code java} or
     * {@code nd4j}. Read at every update.
     */
    public static final String PATH_PROPERTY = "diffevo4j.update.path";

    /**
     * System property with the number of threads the plain-Java path may use (default: the available
     * processors). Results do not depend on it.
     */
    public static final String THREADS_PROPERTY = "diffevo4j.update.threads";

    /**
     * The automatic choice takes the plain-Java path while the work {@code N * N * (D + d)} (d: kernel
     * feature dimension) is at most this, for rows of at most {@link #NARROW_ROW} values
     * ({@code D + d}), or at most {@link #JAVA_PATH_MAX_WORK_WIDE} for wider rows. Measured with
     * latent StrategyStepBenchmark on a 2-core AMD EPYC (OpenBLAS, 2 threads): with D = 58 the Java
     * path is faster up to N = 4096 (work 1e9 to 2e9; ND4J pays several passes over N x N
     * matrices); with D = 4610 it is faster at N = 256 (3e8 to 6e8) and slower from N = 512 on
     * (1.2e9), where BLAS's blocked matrix product beats Java's streaming of the population.
     */
    public static final double JAVA_PATH_MAX_WORK = 4e9;

    /** {@link #JAVA_PATH_MAX_WORK} for rows wider than {@link #NARROW_ROW}. */
    public static final double JAVA_PATH_MAX_WORK_WIDE = 7e8;

    /** Rows of at most this many values ({@code D + d}) stay in cache in the plain-Java path. */
    public static final int NARROW_ROW = 256;

    /** Below this much work ({@code N * N * (D + d)}) the plain-Java path runs on the calling thread only. */
    static final double PARALLEL_MIN_WORK = 1e6;

    /** Rows per unit of work of the plain-Java path: fixed, so the split never depends on the threads. */
    private static final int CHUNK_ROWS = 16;

    /** Feature dimension from which distances are computed by register tiles rather than by rows. */
    private static final int TILE_FEATURES = 8;

    /** Rows processed together (register blocking) inside a chunk. */
    private static final int BLOCK = 4;

    private static volatile ExecutorService pool;

    private LegacyDiffusionUpdate() {
    }

    /**
     * The result of one update.
     *
     * @param x0   the estimated origins, N x D
     * @param next the population after the DDIM step, N x D
     */
    public record Result(INDArray x0, INDArray next) {
    }

    /**
     * One full update on the population itself as kernel features.
     *
     * @see #update(INDArray, double[], double, double, double, INDArray, INDArray)
     */
    public static Result update(INDArray x, double[] fitness, double alpha, double alphaPrev, double eta,
                                INDArray noise) {
        return update(x, fitness, alpha, alphaPrev, eta, x, noise);
    }

    /**
     * One full update: {@link #estimateX0} then {@link #ddimStep}.
     *
     * @param x         the population X_t, N x D
     * @param fitness   non-negative fitness, length N (already mapped)
     * @param alpha     the current alpha, in (0, 1)
     * @param alphaPrev the next alpha (closer to 1), in [alpha, 1]
     * @param eta       noise scale, &gt;= 0 (1 in the paper, 0 = deterministic DDIM)
     * @param features  the kernel features, N x d (x itself, or latent codes)
     * @param noise     the standard normal sample z, N x D, that the step adds times sigma; may be
     *                  null when sigma is 0
     */
    public static Result update(INDArray x, double[] fitness, double alpha, double alphaPrev, double eta,
                                INDArray features, INDArray noise) {
        INDArray xd = requireMatrix("population", x);
        int n = xd.rows();
        int dim = xd.columns();
        requireLength(fitness, n);
        FitnessMapping.requireValid(fitness);
        INDArray fd = requireFeatures(features, n);
        requireAlpha("alpha", alpha);
        double sigma = sigma(alpha, alphaPrev, eta);
        INDArray z = requireNoise(noise, sigma, xd);
        if (usesJavaPath(n, dim, fd.columns())) {
            double[] xa = rowMajor(xd);
            double[] fa = features == x ? xa : rowMajor(fd);
            double[] x0 = new double[xa.length];
            double[] next = new double[xa.length];
            updateJava(xa, n, dim, fitness, alpha, alphaPrev, sigma, fa, fd.columns(), z == null ? null : rowMajor(z),
                    x0, next);
            return new Result(matrix(x0, n, dim), matrix(next, n, dim));
        }
        INDArray x0 = estimateX0Nd4j(xd, fitness, alpha, fd);
        return new Result(x0, ddimStep(xd, x0, alpha, alphaPrev, eta, z));
    }

    /**
     * The same update on plain row-major arrays, for strategies that keep their population as Java
     * arrays: the path is chosen as by {@link #update(INDArray, double[], double, double, double,
     * INDArray, INDArray)}, and for equal inputs the results are bit-identical to it.
     *
     * @param x          the population, N x D row-major (not modified)
     * @param n          N
     * @param fitness    non-negative fitness, length N
     * @param features   kernel features, N x featureDim row-major (may be {@code x} itself)
     * @param featureDim d
     * @param noise      z, N x D row-major; may be null when sigma is 0
     * @param x0Out      receives x0, N x D row-major
     * @param nextOut    receives the next population, N x D row-major
     */
    static void update(double[] x, int n, double[] fitness, double alpha, double alphaPrev, double eta,
                       double[] features, int featureDim, double[] noise, double[] x0Out, double[] nextOut) {
        int dim = x.length / n;
        requireLength(fitness, n);
        FitnessMapping.requireValid(fitness);
        requireAlpha("alpha", alpha);
        double sigma = sigma(alpha, alphaPrev, eta);
        if (sigma != 0 && noise == null) {
            throw new IllegalArgumentException("the step adds noise (sigma = " + sigma + ") but no noise sample was given");
        }
        if (usesJavaPath(n, dim, featureDim)) {
            updateJava(x, n, dim, fitness, alpha, alphaPrev, sigma, features, featureDim, sigma != 0 ? noise : null,
                    x0Out, nextOut);
            return;
        }
        INDArray xm = matrix(x, n, dim);
        INDArray fm = features == x ? xm : matrix(features, n, featureDim);
        INDArray x0 = estimateX0Nd4j(xm, fitness, alpha, fm);
        INDArray next = ddimStep(xm, x0, alpha, alphaPrev, eta, sigma != 0 ? matrix(noise, n, dim) : null);
        copyRowMajor(x0, x0Out);
        copyRowMajor(next, nextOut);
    }

    /** {@link #estimateX0(INDArray, double[], double, INDArray)} with the population as features. */
    public static INDArray estimateX0(INDArray x, double[] fitness, double alpha) {
        return estimateX0(x, fitness, alpha, x);
    }

    /**
     * The Bayesian estimate of every individual's origin:
     * {@code x0_i = sum_j w_ij x_j / (sum_j w_ij + 1e-9)} with
     * {@code w_ij = (f_j + 1e-9)(k_ij + 1e-9)/(1/N + 1e-9)} (the density term is
     * {@link #uniformDensity(int)}).
     *
     * @param x        the population, N x D
     * @param fitness  non-negative, finite fitness, length N
     * @param alpha    the current alpha, in (0, 1)
     * @param features kernel features, N x d
     * @return x0, N x D, double precision
     * @throws IllegalArgumentException on shape mismatch, alpha out of range, or a negative, NaN or
     *                                  infinite fitness (naming the first such individual)
     */
    public static INDArray estimateX0(INDArray x, double[] fitness, double alpha, INDArray features) {
        INDArray xd = requireMatrix("population", x);
        int n = xd.rows();
        int dim = xd.columns();
        requireLength(fitness, n);
        FitnessMapping.requireValid(fitness);
        INDArray fd = requireFeatures(features, n);
        requireAlpha("alpha", alpha);
        if (usesJavaPath(n, dim, fd.columns())) {
            double[] xa = rowMajor(xd);
            double[] x0 = new double[xa.length];
            estimateX0Java(xa, n, dim, fitness, alpha, features == x ? xa : rowMajor(fd), fd.columns(), x0);
            return matrix(x0, n, dim);
        }
        return estimateX0Nd4j(xd, fitness, alpha, fd);
    }

    /**
     * Whether an update of N individuals of dimension D with kernel features of dimension d runs on
     * the plain-Java path: forced by the system property {@value #PATH_PROPERTY}, else when
     * {@code N * N * (D + d)} is at most {@link #JAVA_PATH_MAX_WORK} ({@code D + d <= }
     * {@link #NARROW_ROW}) or {@link #JAVA_PATH_MAX_WORK_WIDE} (wider rows).
     *
     * @throws IllegalArgumentException if the property has an unknown value
     */
    public static boolean usesJavaPath(int n, int dim, int featureDim) {
        String p = System.getProperty(PATH_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (p) {
            case "java":
                return true;
            case "nd4j":
                return false;
            case "auto":
            case "":
                double row = (double) dim + featureDim;
                return (double) n * n * row <= (row <= NARROW_ROW ? JAVA_PATH_MAX_WORK : JAVA_PATH_MAX_WORK_WIDE);
            default:
                throw new IllegalArgumentException("system property " + PATH_PROPERTY + " must be auto, java or nd4j, got '"
                        + p + "'");
        }
    }

    /**
     * The ND4J estimate. With {@code fe_j = (f_j + eps)/p} the weights split into
     * {@code w_ij = k_ij fe_j + eps fe_j}; the second part is the same for every row, so
     * {@code sum_j w_ij [x_j | 1] = K [fe x | fe] + eps 1 sum_j fe_j [x_j | 1]}: one N x N by
     * N x (D + 1) product gives both the weighted sums and their normalisers, and the N x N kernel
     * needs no further pass after its exponential.
     */
    private static INDArray estimateX0Nd4j(INDArray xd, double[] fitness, double alpha, INDArray features) {
        int n = xd.rows();
        int dim = xd.columns();
        INDArray k = kernel(features, alpha, n);
        double p = uniformDensity(n);
        double[] fe = new double[n];
        for (int j = 0; j < n; j++) {
            fe[j] = (fitness[j] + EPSILON) / p;
        }
        INDArray feCol = Nd4j.createFromArray(fe).reshape(n, 1);
        INDArray y = Nd4j.hstack(xd.mulColumnVector(feCol), feCol);
        INDArray g = Nd4j.gemm(k, y, false, false);
        g.addiRowVector(y.sum(0).muli(EPSILON).reshape(1, dim + 1));
        INDArray den = g.get(NDArrayIndex.all(), NDArrayIndex.point(dim)).add(EPSILON).reshape(n, 1);
        return g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dim)).divColumnVector(den);
    }

    /**
     * The uniform density term {@code p_i + 1e-9} with {@code p_i = 1/N}, in double precision as the
     * specification states it. (The paper's implementation happens to hold it in single precision;
     * the two differ by less than 1.2e-7 relative, and the reference cases pass with either.)
     *
     * @param n population size N
     */
    public static double uniformDensity(int n) {
        return 1.0 / n + EPSILON;
    }

    /**
     * The kernel matrix {@code k_ij = exp(-||f_i - sqrt(a) f_j||^2 / (2 (1 - a)))} on features f.
     *
     * @param features N x d
     * @param alpha    in (0, 1)
     * @return N x N, double precision
     */
    public static INDArray kernel(INDArray features, double alpha) {
        INDArray f = requireMatrix("kernel features", features);
        return kernel(f, alpha, f.rows());
    }

    private static INDArray kernel(INDArray features, double alpha, int n) {
        requireAlpha("alpha", alpha);
        INDArray f = requireMatrix("kernel features", features);
        if (f.rows() != n) {
            throw new IllegalArgumentException("kernel features have " + f.rows() + " rows but the population has " + n);
        }
        double sa = Math.sqrt(alpha);
        double c = -1.0 / (2 * (1 - alpha));
        // ||f_i - s f_j||^2 = ||f_i||^2 + a ||f_j||^2 - 2 s f_i.f_j. All three terms, times the
        // kernel's c = -1/(2(1 - a)), come out of one matrix product of two augmented matrices
        //   A = c [-2 s f | ||f||^2 | 1],  B = [f | 1 | a ||f||^2]  (N x (d + 2) each),
        // E = A B^T = -||f_i - s f_j||^2 / (2(1 - a)), so no N x N temporaries or passes are needed
        // for the distances. Rounding can push a tiny true distance below 0, i.e. E above 0; it is
        // clamped, since a squared distance is never negative (the reference cases pass with a wide
        // margin; the cancellation error grows with ||f||^2 / (1 - a), negligible at genome scales).
        INDArray sq = f.mul(f).sum(1).reshape(n, 1);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, n, 1);
        INDArray left = Nd4j.hstack(f.mul(-2 * sa), sq, ones).muli(c);
        INDArray right = Nd4j.hstack(f, ones, sq.mul(alpha));
        INDArray e = Nd4j.gemm(left, right, false, true);
        Transforms.min(e, 0.0, false);
        return Transforms.exp(e, false);
    }

    /**
     * The DDIM noise scale {@code sigma = eta sqrt((1 - a_prev)/(1 - a) (1 - a / a_prev))}.
     *
     * @throws IllegalArgumentException if the alphas or eta are out of range, or eta is so large that
     *                                  {@code 1 - a_prev - sigma^2} is negative
     */
    public static double sigma(double alpha, double alphaPrev, double eta) {
        requireAlphas(alpha, alphaPrev);
        if (!(eta >= 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("eta must be non-negative and finite, got " + eta);
        }
        double s = eta * Math.sqrt((1 - alphaPrev) / (1 - alpha) * (1 - alpha / alphaPrev));
        if (1 - alphaPrev - s * s < -1e-12) {
            throw new IllegalArgumentException("eta " + eta + " is too large for alpha " + alpha + " -> "
                    + alphaPrev + ": sigma^2 = " + s * s + " exceeds 1 - alpha_prev = " + (1 - alphaPrev));
        }
        return s;
    }

    /**
     * The DDIM step: {@code eps = (x - sqrt(a) x0)/sqrt(1 - a)},
     * {@code x' = sqrt(a_prev) x0 + sqrt(1 - a_prev - sigma^2) eps + sigma z}.
     *
     * @param x         the population, N x D
     * @param x0        its estimated origins, N x D
     * @param alpha     current alpha, in (0, 1)
     * @param alphaPrev next alpha, in [alpha, 1]
     * @param eta       noise scale, &gt;= 0
     * @param noise     standard normal sample z, N x D; may be null when sigma is 0
     * @return the next population, N x D, double precision
     */
    public static INDArray ddimStep(INDArray x, INDArray x0, double alpha, double alphaPrev, double eta,
                                    INDArray noise) {
        double sigma = sigma(alpha, alphaPrev, eta);
        INDArray xd = requireMatrix("population", x);
        INDArray x0d = requireMatrix("x0", x0);
        requireSameShape("x0", x0d, xd);
        // sigma^2 may exceed 1 - a_prev by a rounding error when eta = 1: that factor is then 0
        double c = Math.sqrt(Math.max(0.0, 1 - alphaPrev - sigma * sigma));
        INDArray eps = xd.sub(x0d.mul(Math.sqrt(alpha))).divi(Math.sqrt(1 - alpha));
        INDArray next = x0d.mul(Math.sqrt(alphaPrev)).addi(eps.muli(c));
        if (sigma != 0) {
            if (noise == null) {
                throw new IllegalArgumentException("the step adds noise (sigma = " + sigma + ") but no noise sample was given");
            }
            INDArray z = requireMatrix("noise", noise);
            requireSameShape("noise", z, xd);
            next.addi(z.mul(sigma));
        }
        return next;
    }

    // ---------------------------------------------------------------------------------------------
    // The plain-Java path

    /** x0 then the DDIM step, on row-major arrays; arguments already validated. */
    private static void updateJava(double[] x, int n, int dim, double[] fitness, double alpha, double alphaPrev,
                                   double sigma, double[] features, int featureDim, double[] noise, double[] x0Out,
                                   double[] nextOut) {
        estimateX0Java(x, n, dim, fitness, alpha, features, featureDim, x0Out);
        ddimJava(x, x0Out, alpha, alphaPrev, sigma, noise, nextOut);
    }

    /**
     * The DDIM step elementwise, in the order of operations of {@link #ddimStep}:
     * {@code x' = sqrt(a_prev) x0 + c (x - sqrt(a) x0) / sqrt(1 - a) + sigma z}.
     */
    private static void ddimJava(double[] x, double[] x0, double alpha, double alphaPrev, double sigma, double[] noise,
                                 double[] out) {
        double sa = Math.sqrt(alpha);
        double s1 = Math.sqrt(1 - alpha);
        double sp = Math.sqrt(alphaPrev);
        double c = Math.sqrt(Math.max(0.0, 1 - alphaPrev - sigma * sigma));
        int len = x.length;
        if (sigma != 0) {
            for (int k = 0; k < len; k++) {
                double eps = (x[k] - x0[k] * sa) / s1;
                out[k] = x0[k] * sp + eps * c + noise[k] * sigma;
            }
        } else {
            for (int k = 0; k < len; k++) {
                double eps = (x[k] - x0[k] * sa) / s1;
                out[k] = x0[k] * sp + eps * c;
            }
        }
    }

    /**
     * The x0 estimate on row-major arrays. With {@code fe_j = (f_j + eps)/p}, the weights split into
     * {@code w_ij = k_ij fe_j + eps fe_j}; the part {@code eps sum_j fe_j x_j} is common to every row
     * and computed once, so a row only visits the individuals whose kernel did not underflow to 0.
     * Squared distances are computed directly (no cancellation, never negative). Each row's sums run
     * over j in index order whatever the split into threads.
     */
    static void estimateX0Java(double[] x, int n, int dim, double[] fitness, double alpha, double[] features,
                               int featureDim, double[] out) {
        double sa = Math.sqrt(alpha);
        double c = -1.0 / (2 * (1 - alpha));
        double p = uniformDensity(n);
        double[] fe = new double[n];
        double feSum = 0;
        for (int j = 0; j < n; j++) {
            fe[j] = (fitness[j] + EPSILON) / p;
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
            common[k] *= EPSILON;
        }
        double denCommon = EPSILON * feSum + EPSILON;
        // sqrt(a) * features: row-major for the register tiles of many features, else transposed
        // (featureDim x N) so that the distance loops run over contiguous j
        double[] st = new double[featureDim * n];
        if (featureDim >= TILE_FEATURES) {
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
        Rows rows = new Rows(x, n, dim, fe, c, features, featureDim, st, common, denCommon, out);
        int chunks = (n + CHUNK_ROWS - 1) / CHUNK_ROWS;
        double work = (double) n * n * ((double) dim + featureDim);
        int threads = work >= PARALLEL_MIN_WORK ? Math.min(threads(), chunks) : 1;
        AtomicInteger nextChunk = new AtomicInteger();
        Runnable worker = () -> {
            Scratch s = new Scratch(n, dim);
            for (int ch = nextChunk.getAndIncrement(); ch < chunks; ch = nextChunk.getAndIncrement()) {
                int from = ch * CHUNK_ROWS;
                rows.compute(from, Math.min(from + CHUNK_ROWS, n), s);
            }
        };
        if (threads <= 1) {
            worker.run();
            return;
        }
        ExecutorService ex = pool();
        List<Future<?>> helpers = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            helpers.add(ex.submit(worker));
        }
        worker.run();
        for (Future<?> f : helpers) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the update's threads", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("an update thread failed", e.getCause());
            }
        }
    }

    private static int threads() {
        String t = System.getProperty(THREADS_PROPERTY);
        if (t != null && !t.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(t.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property " + THREADS_PROPERTY + " must be an integer, got '"
                        + t + "'", e);
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Daemon threads that help the calling thread with large plain-Java updates. */
    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (LegacyDiffusionUpdate.class) {
                p = pool;
                if (p == null) {
                    AtomicInteger count = new AtomicInteger();
                    p = Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "diffevo4j-legacy-update-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    pool = p;
                }
            }
        }
        return p;
    }

    /** Per-thread work space: kernel rows, accumulators and the live columns of one block of rows. */
    private static final class Scratch {
        final double[][] k;
        final double[][] acc;
        final int[] live;

        Scratch(int n, int dim) {
            k = new double[BLOCK][n];
            acc = new double[BLOCK][dim];
            live = new int[n];
        }
    }

    /**
     * The inputs of one x0 estimate ({@code st}: sqrt(a) times the features, row-major when there are
     * at least {@link #TILE_FEATURES} of them, else transposed), and the computation of a range of
     * its rows. Every sum of the
     * estimate, {@code ||f_i - sqrt(a) f_j||^2} over the feature index and {@code sum_j w_ij x_jk}
     * over j, starts at +0 and adds its terms in index order, whichever of the loop variants below
     * computes it; terms that are exactly 0 may be skipped (adding +-0 to a sum that started at +0
     * never changes its bits, for finite inputs). So each row's result is the same whatever block and
     * thread computed it.
     */
    private record Rows(double[] x, int n, int dim, double[] fe, double c, double[] features, int featureDim,
                        double[] st, double[] common, double denCommon, double[] out) {

        /** Rows [from, to), in blocks of {@link #BLOCK} starting at {@code from}. */
        void compute(int from, int to, Scratch s) {
            for (int i = from; i < to; i += BLOCK) {
                int b = Math.min(BLOCK, to - i);
                if (b == BLOCK) {
                    if (featureDim >= TILE_FEATURES) {
                        distances4(i, s);
                    } else {
                        distanceRows4(i, s);
                    }
                    for (int r = 0; r < BLOCK; r++) {
                        finishKernel(s.k[r]);
                    }
                    accumulate4(s);
                } else {
                    for (int r = 0; r < b; r++) {
                        distanceRow(i + r, s.k[r]);
                        finishKernel(s.k[r]);
                        accumulate1(s.k[r], s.acc[r]);
                    }
                }
                for (int r = 0; r < b; r++) {
                    double[] kr = s.k[r];
                    double den = 0;
                    for (int j = 0; j < n; j++) {
                        den += kr[j];
                    }
                    den += denCommon;
                    double[] a = s.acc[r];
                    int o = (i + r) * dim;
                    for (int k = 0; k < dim; k++) {
                        out[o + k] = (a[k] + common[k]) / den;
                    }
                }
            }
        }

        /** {@code kr[j] = ||f_i - sqrt(a) f_j||^2} for one row i. */
        private void distanceRow(int i, double[] kr) {
            int fo = i * featureDim;
            if (featureDim >= TILE_FEATURES) {
                // st is row-major
                for (int j = 0; j < n; j++) {
                    int g = j * featureDim;
                    double d = 0;
                    for (int k = 0; k < featureDim; k++) {
                        double t = features[fo + k] - st[g + k];
                        d += t * t;
                    }
                    kr[j] = d;
                }
                return;
            }
            java.util.Arrays.fill(kr, 0.0);
            for (int k = 0; k < featureDim; k++) {
                double f = features[fo + k];
                int so = k * n;
                for (int j = 0; j < n; j++) {
                    double t = f - st[so + j];
                    kr[j] += t * t;
                }
            }
        }

        /** {@link #distanceRow} for rows i..i+3, vectorised over j (for few features). */
        private void distanceRows4(int i, Scratch s) {
            double[] k0 = s.k[0];
            double[] k1 = s.k[1];
            double[] k2 = s.k[2];
            double[] k3 = s.k[3];
            java.util.Arrays.fill(k0, 0.0);
            java.util.Arrays.fill(k1, 0.0);
            java.util.Arrays.fill(k2, 0.0);
            java.util.Arrays.fill(k3, 0.0);
            int fo = i * featureDim;
            for (int k = 0; k < featureDim; k++) {
                double f0 = features[fo + k];
                double f1 = features[fo + featureDim + k];
                double f2 = features[fo + 2 * featureDim + k];
                double f3 = features[fo + 3 * featureDim + k];
                int so = k * n;
                for (int j = 0; j < n; j++) {
                    double v = st[so + j];
                    double t0 = f0 - v;
                    double t1 = f1 - v;
                    double t2 = f2 - v;
                    double t3 = f3 - v;
                    k0[j] += t0 * t0;
                    k1[j] += t1 * t1;
                    k2[j] += t2 * t2;
                    k3[j] += t3 * t3;
                }
            }
        }

        /**
         * {@link #distanceRow} for rows i..i+3 by 4 x 4 register tiles (rows x columns j), summing over
         * the features innermost (for many features).
         */
        private void distances4(int i, Scratch s) {
            double[] k0 = s.k[0];
            double[] k1 = s.k[1];
            double[] k2 = s.k[2];
            double[] k3 = s.k[3];
            int fd = featureDim;
            int f0 = i * fd;
            int f1 = f0 + fd;
            int f2 = f1 + fd;
            int f3 = f2 + fd;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                double d00 = 0, d01 = 0, d02 = 0, d03 = 0, d10 = 0, d11 = 0, d12 = 0, d13 = 0;
                double d20 = 0, d21 = 0, d22 = 0, d23 = 0, d30 = 0, d31 = 0, d32 = 0, d33 = 0;
                int g0 = j * fd;
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
                k0[j] = d00;
                k0[j + 1] = d01;
                k0[j + 2] = d02;
                k0[j + 3] = d03;
                k1[j] = d10;
                k1[j + 1] = d11;
                k1[j + 2] = d12;
                k1[j + 3] = d13;
                k2[j] = d20;
                k2[j + 1] = d21;
                k2[j + 2] = d22;
                k2[j + 3] = d23;
                k3[j] = d30;
                k3[j + 1] = d31;
                k3[j + 2] = d32;
                k3[j + 3] = d33;
            }
            for (; j < n; j++) {
                double d0 = 0, d1 = 0, d2 = 0, d3 = 0;
                int g = j * fd;
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
                k0[j] = d0;
                k1[j] = d1;
                k2[j] = d2;
                k3[j] = d3;
            }
        }

        /** Squared distances to weights: {@code kr[j] = exp(c kr[j]) fe_j}. */
        private void finishKernel(double[] kr) {
            for (int j = 0; j < n; j++) {
                kr[j] = Math.exp(c * kr[j]) * fe[j];
            }
        }

        /** {@code acc = sum_j kr[j] x_j}, skipping exact zeros. */
        private void accumulate1(double[] kr, double[] acc) {
            java.util.Arrays.fill(acc, 0.0);
            for (int j = 0; j < n; j++) {
                double w = kr[j];
                if (w == 0) {
                    continue;
                }
                int o = j * dim;
                for (int k = 0; k < dim; k++) {
                    acc[k] += w * x[o + k];
                }
            }
        }

        /**
         * {@link #accumulate1} for four rows by 4 x 4 register tiles (rows x columns k), summing over
         * the individuals j whose weight is not 0 for at least one of the four rows.
         */
        private void accumulate4(Scratch s) {
            double[] w0 = s.k[0];
            double[] w1 = s.k[1];
            double[] w2 = s.k[2];
            double[] w3 = s.k[3];
            int[] live = s.live;
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (w0[j] != 0 || w1[j] != 0 || w2[j] != 0 || w3[j] != 0) {
                    live[m++] = j;
                }
            }
            double[] a0 = s.acc[0];
            double[] a1 = s.acc[1];
            double[] a2 = s.acc[2];
            double[] a3 = s.acc[3];
            int k = 0;
            for (; k + 4 <= dim; k += 4) {
                double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
                double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
                for (int q = 0; q < m; q++) {
                    int j = live[q];
                    int o = j * dim + k;
                    double x0 = x[o];
                    double x1 = x[o + 1];
                    double x2 = x[o + 2];
                    double x3 = x[o + 3];
                    double v = w0[j];
                    c00 += v * x0;
                    c01 += v * x1;
                    c02 += v * x2;
                    c03 += v * x3;
                    v = w1[j];
                    c10 += v * x0;
                    c11 += v * x1;
                    c12 += v * x2;
                    c13 += v * x3;
                    v = w2[j];
                    c20 += v * x0;
                    c21 += v * x1;
                    c22 += v * x2;
                    c23 += v * x3;
                    v = w3[j];
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
                double c0 = 0, c1 = 0, c2 = 0, c3 = 0;
                for (int q = 0; q < m; q++) {
                    int j = live[q];
                    double v = x[j * dim + k];
                    c0 += w0[j] * v;
                    c1 += w1[j] * v;
                    c2 += w2[j] * v;
                    c3 += w3[j] * v;
                }
                a0[k] = c0;
                a1[k] = c1;
                a2[k] = c2;
                a3[k] = c3;
            }
        }
    }

    /** The entries of a matrix, row-major, as doubles (a fresh array). */
    static double[] rowMajor(INDArray m) {
        INDArray d = toDouble(m);
        if (d.ordering() != 'c' || d.isView() || d.length() != d.data().length()) {
            d = d.dup('c');
        }
        return d.data().asDouble();
    }

    /** Copies a matrix's entries, row-major, into {@code out}. */
    static void copyRowMajor(INDArray m, double[] out) {
        double[] a = rowMajor(m);
        System.arraycopy(a, 0, out, 0, out.length);
    }

    /** An n x d DOUBLE matrix holding a copy of {@code rowMajor}. */
    static INDArray matrix(double[] rowMajor, int n, int d) {
        return Nd4j.create(rowMajor, new long[] {n, d}, DataType.DOUBLE);
    }

    private static INDArray requireFeatures(INDArray features, int n) {
        INDArray f = requireMatrix("kernel features", features);
        if (f.rows() != n) {
            throw new IllegalArgumentException("kernel features have " + f.rows() + " rows but the population has " + n);
        }
        return f;
    }

    /** The noise as a DOUBLE matrix of the population's shape, or null when sigma is 0. */
    private static INDArray requireNoise(INDArray noise, double sigma, INDArray x) {
        if (sigma == 0) {
            return null;
        }
        if (noise == null) {
            throw new IllegalArgumentException("the step adds noise (sigma = " + sigma + ") but no noise sample was given");
        }
        INDArray z = requireMatrix("noise", noise);
        requireSameShape("noise", z, x);
        return z;
    }

    static INDArray toDouble(INDArray a) {
        return a.dataType() == DataType.DOUBLE ? a : a.castTo(DataType.DOUBLE);
    }

    private static INDArray requireMatrix(String what, INDArray a) {
        if (a == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (a.rank() != 2 || a.rows() < 1 || a.columns() < 1) {
            throw new IllegalArgumentException(what + " must be a non-empty N x D matrix, got shape "
                    + Arrays.toString(a.shape()));
        }
        return toDouble(a);
    }

    private static void requireSameShape(String what, INDArray a, INDArray x) {
        if (!Arrays.equals(a.shape(), x.shape())) {
            throw new IllegalArgumentException(what + " has shape " + Arrays.toString(a.shape())
                    + " but the population has shape " + Arrays.toString(x.shape()));
        }
    }

    private static void requireLength(double[] fitness, int n) {
        if (fitness == null) {
            throw new IllegalArgumentException("fitness is null");
        }
        if (fitness.length != n) {
            throw new IllegalArgumentException("got " + fitness.length + " fitness values for a population of " + n);
        }
    }

    private static void requireAlpha(String what, double a) {
        if (!(a > 0 && a < 1)) {
            throw new IllegalArgumentException(what + " must be in (0, 1), got " + a);
        }
    }

    private static void requireAlphas(double alpha, double alphaPrev) {
        requireAlpha("alpha", alpha);
        if (!(alphaPrev >= alpha && alphaPrev <= 1)) {
            throw new IllegalArgumentException("alpha_prev must be in [alpha, 1] = [" + alpha + ", 1], got " + alphaPrev);
        }
    }
}
