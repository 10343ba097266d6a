package org.diffevo4j.gpu;

import java.nio.file.Path;
import org.diffevo4j.core.DiffusionUpdate;

/**
 * The tiled Diffusion Evolution update of {@code rollout.cu}: the same x0 estimate and DDIM step as
 * {@link DiffusionUpdate}'s plain-Java path ({@code x0_i = (sum_j k_ij fe_j x_j + common) / (sum_j
 * k_ij fe_j + denCommon)}, then {@code next = x0 sqrt(a_prev) + ((x - x0 sqrt(a)) / sqrt(1 - a)) c +
 * z sigma}), one GPU thread per row streaming over tiles of 32 individuals in shared memory, never
 * forming the N x N kernel. The O(N D) parts ({@code fe}, {@code common}, {@code denCommon}) are
 * computed here on the host, in the Java path's order. Limits: D <= 128, feature dimension <= 16.
 *
 * <p>Built and checked on the CPU (the host build of the same source); not yet run on a GPU. Not
 * wired into {@code DiffusionEvolution}: the population makes a round trip per call. The training loop
 * that keeps the population on the GPU, with an update over column chunks (any D), is
 * {@link ResidentDiffusion}.
 */
public final class UpdateKernel implements AutoCloseable {

    /** Largest genome dimension D ({@code UPD_MAX_DIM}). */
    public static final int MAX_DIM = 128;
    /** Largest kernel feature dimension d ({@code UPD_MAX_FEAT}). */
    public static final int MAX_FEATURES = 16;

    private final RolloutKernel kernel;

    private UpdateKernel(RolloutKernel kernel) {
        this.kernel = kernel;
    }

    /** On GPU {@code device}; throws {@link CudaException} without a driver or GPU. */
    public static UpdateKernel onDevice(int device) {
        return new UpdateKernel(new DeviceRollout(device));
    }

    /** On the host build of rollout.cu (for checking without a GPU). */
    public static UpdateKernel onHost(Path library) {
        return new UpdateKernel(new HostRollout(library));
    }

    /**
     * One update, arguments as {@code DiffusionUpdate.update} on row-major arrays.
     *
     * @param x          the population, N x D row-major
     * @param fitness    non-negative fitness, length N
     * @param features   kernel features, N x featureDim row-major (x itself for plain Diffusion Evolution)
     * @param noise      z, N x D; may be null when sigma is 0
     * @param x0Out      receives x0
     * @param nextOut    receives the next population
     */
    public void update(double[] x, int n, double[] fitness, double alpha, double alphaPrev, double eta,
                       double[] features, int featureDim, double[] noise, double[] x0Out, double[] nextOut) {
        if (n < 1 || x.length % n != 0 || features.length != (long) n * featureDim || fitness.length != n) {
            throw new IllegalArgumentException("inconsistent shapes: N = " + n + ", x " + x.length + ", features "
                    + features.length + " (d = " + featureDim + "), fitness " + fitness.length);
        }
        int dim = x.length / n;
        if (dim > MAX_DIM || featureDim > MAX_FEATURES) {
            throw new IllegalArgumentException("the update kernel handles D <= " + MAX_DIM + " and d <= " + MAX_FEATURES
                    + "; got D = " + dim + ", d = " + featureDim);
        }
        double sigma = DiffusionUpdate.sigma(alpha, alphaPrev, eta);
        if (sigma != 0 && (noise == null || noise.length != x.length)) {
            throw new IllegalArgumentException("the step adds noise (sigma = " + sigma + "): need an N x D noise sample");
        }
        double eps = DiffusionUpdate.EPSILON;
        double p = DiffusionUpdate.uniformDensity(n);
        double[] fe = new double[n];
        double feSum = 0;
        for (int j = 0; j < n; j++) {
            if (!(fitness[j] >= 0) || Double.isInfinite(fitness[j])) {
                throw new IllegalArgumentException("fitness of individual " + j + " is " + fitness[j]
                        + "; it must be finite and non-negative");
            }
            fe[j] = (fitness[j] + eps) / p;
            feSum += fe[j];
        }
        double[] common = new double[dim];
        for (int j = 0; j < n; j++) {
            double w = fe[j];
            int o = j * dim;
            for (int k = 0; k < dim; k++) {
                common[k] += w * x[o + k];
            }
        }
        for (int k = 0; k < dim; k++) {
            common[k] *= eps;
        }
        double denCommon = eps * feSum + eps;
        double[] ucfg = {Math.sqrt(alpha), -1.0 / (2 * (1 - alpha)), Math.sqrt(1 - alpha), Math.sqrt(alphaPrev),
            Math.sqrt(Math.max(0.0, 1 - alphaPrev - sigma * sigma)), sigma, denCommon};
        kernel.update(x, features, fe, common, sigma != 0 ? noise : null, new int[] {n, dim, featureDim}, ucfg,
                x0Out, nextOut);
    }

    @Override
    public void close() {
        kernel.close();
    }
}
