package org.diffevo4j.core;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One denoising update of Diffusion Evolution (ALGORITHM.md section 2), as pure functions of their
 * arguments: the Bayesian estimate of each individual's origin {@code x0} and the DDIM step.
 *
 * <p>All work is done in double precision with ND4J matrix products: the N x N kernel comes from
 * one Gram matrix and the weighted average is one N x N by N x D product. Inputs of another data
 * type are converted; results are always {@link DataType#DOUBLE}.
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
        INDArray x0 = estimateX0(x, fitness, alpha, features);
        return new Result(x0, ddimStep(x, x0, alpha, alphaPrev, eta, noise));
    }

    /** {@link #estimateX0(INDArray, double[], double, INDArray)} with the population as features. */
    public static INDArray estimateX0(INDArray x, double[] fitness, double alpha) {
        return estimateX0(x, fitness, alpha, x);
    }

    /**
     * The Bayesian estimate of every individual's origin:
     * {@code x0_i = sum_j w_ij x_j / (sum_j w_ij + 1e-9)} with
     * {@code w_ij = (f_j + 1e-9)(k_ij + 1e-9)/(1/N + 1e-9)} (the density term as
     * {@link #uniformDensity(int)} rounds it).
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
        requireLength(fitness, n);
        FitnessMapping.requireValid(fitness);
        INDArray w = kernel(features, alpha, n);
        // w_ij = (k_ij + eps) (f_j + eps) / (p_i + eps); the division is folded into the fitness
        // factor to save a pass over the N x N matrix (a rounding-level change)
        w.addi(EPSILON);
        double p = uniformDensity(n);
        double[] fe = new double[n];
        for (int j = 0; j < n; j++) {
            fe[j] = (fitness[j] + EPSILON) / p;
        }
        w.muliRowVector(Nd4j.createFromArray(fe).reshape(1, n));
        INDArray rowSum = w.sum(1).addi(EPSILON).reshape(n, 1);
        return Nd4j.gemm(w, xd, false, false).diviColumnVector(rowSum);
    }

    /**
     * The uniform density term {@code p_i + 1e-9} with {@code p_i = 1/N}, rounded as the paper's
     * implementation rounds it: that implementation holds the density in single precision, i.e.
     * {@code float(float(1/N) + float(1e-9))}, and the reference cases are generated with it. It
     * differs from the double {@code 1/N + 1e-9} by less than 1.2e-7 relative (N &lt;= 5000), which
     * cancels in x0 except when the 1e-9 floors dominate the weights (e.g. every fitness 0), where it
     * can reach the reference tolerance; with it those cases match to ~1e-8 of the tolerance.
     *
     * @param n population size N
     */
    public static double uniformDensity(int n) {
        return (float) (1.0f / n) + (float) EPSILON;
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
