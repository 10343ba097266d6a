package org.diffevo4j.core;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One denoising update of Diffusion Evolution (docs/algorithm.md section 2), as pure functions of their
 * arguments: the Bayesian estimate of each individual's origin {@code x0} and the DDIM step. This is
 * the public entry (validation, choice of implementation); the work is done by small classes beside
 * it:
 * <ul>
 *   <li>{@link TiledX0Estimate}, the hot path: the x0 estimate in plain Java as one streaming pass
 *       over tiles of keys (like attention: per query row, the weighted sum and the normaliser are
 *       carried over key tiles), O(N (D + d)) memory at every size, bit-identical for any thread
 *       count;</li>
 *   <li>{@link SimdTileKernel} / {@code VectorTileKernel}: the same kernel's inner loops with the JDK's
 *       Vector API, used where the JVM runs with {@code --add-modules jdk.incubator.vector} (see
 *       {@link #SIMD_PROPERTY});</li>
 *   <li>{@link RowPartition}: splits the query rows into fixed chunks over the calling thread and a
 *       few pooled daemon threads;</li>
 *   <li>{@link DdimStep}: the DDIM step on arrays;</li>
 *   <li>{@link Nd4jX0Estimate}: the same estimate by ND4J matrix products over blocks of query rows
 *       (BLAS beats plain Java for wide rows; the path that runs on a GPU backend), also
 *       O(N (D + d)) memory.</li>
 * </ul>
 * All work is done in double precision; the two implementations match the reference cases to their
 * tolerance and differ from each other by rounding only.
 * {@link #usesJavaPath(int, int, int)} chooses by the size of the N x N x D product and the width of
 * the rows (see {@link #JAVA_PATH_MAX_WORK}); the system property {@value #PATH_PROPERTY} ({@code auto},
 * {@code java} or {@code nd4j}) forces one. Inputs of another data type are converted; results are
 * always {@link DataType#DOUBLE}.
 *
 * <p>The kernel is computed on <em>features</em> of the population: the population itself for
 * Diffusion Evolution, latent codes {@code z = x P^T} for the latent variant (section 4), while the
 * average and the step stay in the full space.
 */
public final class DiffusionUpdate {

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
     * System property: {@code auto} (the default) runs the inner loops of the plain-Java path with the
     * JDK's Vector API where the module {@code jdk.incubator.vector} is present (the JVM was started
     * with {@code --add-modules jdk.incubator.vector}), {@code off} keeps them in plain Java. The two
     * differ in the last bits (fused multiply-adds, a polynomial exponential); each is
     * deterministic for any thread count. Under {@code auto} the vector kernel's plain-Java twin
     * (same bits) runs until the JIT has compiled the vector kernel, so a short run does not pay for
     * cold Vector API code; {@code vector} uses the vector kernel from the first call. Read at every
     * update.
     */
    public static final String SIMD_PROPERTY = "diffevo4j.update.simd";

    /**
     * The automatic choice takes the plain-Java path while the work {@code N * N * (D + d)} (d: kernel
     * feature dimension) is at most this, for rows of at most {@link #NARROW_ROW} values
     * ({@code D + d}), or at most {@link #JAVA_PATH_MAX_WORK_WIDE} for wider rows. Since the tiled
     * kernel ({@link TiledX0Estimate}) narrow rows always take the plain-Java path: measured on a
     * 2-core AMD EPYC under load (bench/results/de-update-tiled.md), N = 4096, D = d = 58 took 0.53 s
     * there and 1.64 s on ND4J (OpenBLAS). Wide rows: N = 1024, D = d = 4610 took 2.56 s in Java
     * (Vector API) and 1.68 s on ND4J, where BLAS's blocked matrix product wins.
     */
    public static final double JAVA_PATH_MAX_WORK = Double.POSITIVE_INFINITY;

    /** {@link #JAVA_PATH_MAX_WORK} for rows wider than {@link #NARROW_ROW}. */
    public static final double JAVA_PATH_MAX_WORK_WIDE = 7e8;

    /** Rows of at most this many values ({@code D + d}) stay in cache in the plain-Java path. */
    public static final int NARROW_ROW = 256;

    /** Below this much work ({@code N * N * (D + d)}) the plain-Java path runs on the calling thread only. */
    static final double PARALLEL_MIN_WORK = TiledX0Estimate.PARALLEL_MIN_WORK;

    private DiffusionUpdate() {
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
            TiledX0Estimate.estimate(xa, n, dim, fitness, alpha, fa, fd.columns(), x0);
            DdimStep.apply(xa, x0, alpha, alphaPrev, sigma, z == null ? null : rowMajor(z), next);
            return new Result(matrix(x0, n, dim), matrix(next, n, dim));
        }
        INDArray x0 = Nd4jX0Estimate.estimate(xd, fitness, alpha, fd);
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
            TiledX0Estimate.estimate(x, n, dim, fitness, alpha, features, featureDim, x0Out);
            DdimStep.apply(x, x0Out, alpha, alphaPrev, sigma, sigma != 0 ? noise : null, nextOut);
            return;
        }
        INDArray xm = matrix(x, n, dim);
        INDArray fm = features == x ? xm : matrix(features, n, featureDim);
        INDArray x0 = Nd4jX0Estimate.estimate(xm, fitness, alpha, fm);
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
            TiledX0Estimate.estimate(xa, n, dim, fitness, alpha, features == x ? xa : rowMajor(fd), fd.columns(), x0);
            return matrix(x0, n, dim);
        }
        return Nd4jX0Estimate.estimate(xd, fitness, alpha, fd);
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
        return Nd4jX0Estimate.kernel(f, alpha);
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

    /** The entries of a matrix, row-major, as doubles (a fresh array). */
    static double[] rowMajor(INDArray m) {
        INDArray d = dense(m);
        if (HostCopies.fitsNio(d.length())) {
            double[] out = new double[(int) d.length()];
            HostCopies.copyOut(d, out);
            return out;
        }
        return d.data().asDouble();
    }

    /** Copies a matrix's entries, row-major, into {@code out}. */
    static void copyRowMajor(INDArray m, double[] out) {
        INDArray d = dense(m);
        if (HostCopies.fitsNio(d.length())) {
            HostCopies.copyOut(d, out);
        } else {
            System.arraycopy(d.data().asDouble(), 0, out, 0, out.length);
        }
    }

    /** The matrix as a dense row-major DOUBLE array: itself where it is one, else a copy. */
    private static INDArray dense(INDArray m) {
        INDArray d = toDouble(m);
        if (d.ordering() != 'c' || d.isView() || d.length() != d.data().length()) {
            d = d.dup('c');
        }
        return d;
    }

    /** An n x d DOUBLE matrix holding a copy of {@code rowMajor}. */
    static INDArray matrix(double[] rowMajor, int n, int d) {
        return HostCopies.matrix(rowMajor, n, d);
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
