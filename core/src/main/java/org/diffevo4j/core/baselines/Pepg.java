package org.diffevo4j.core.baselines;

import static org.diffevo4j.core.baselines.BaselineSupport.centredRanks;
import static org.diffevo4j.core.baselines.BaselineSupport.descendingOrder;
import static org.diffevo4j.core.baselines.BaselineSupport.initialMean;
import static org.diffevo4j.core.baselines.BaselineSupport.requirePositive;

import java.util.Arrays;
import java.util.Map;
import org.diffevo4j.core.AbstractStrategy;

/**
 * PEPG, policy gradients with parameter-based exploration: F. Sehnke, C. Osendorfer, T. Rueckstiess,
 * A. Graves, J. Peters, J. Schmidhuber, "Parameter-exploring policy gradients", Neural Networks 23
 * (2010), in the form of D. Ha's estool (also evosax's PEPG).
 *
 * <p>Each generation draws B = N/2 perturbations eps_k ~ N(0, diag(sigma^2)) and evaluates the
 * symmetric pairs mean + eps_k and mean - eps_k (rows k and k + B). With scores r (centred ranks by
 * default) and baseline b = mean(r):
 * <ul>
 *   <li>mean: with {@code eliteRatio = 0}, Adam ascent along sum_k (r+_k - r-_k) eps_k / (2B);
 *       with {@code eliteRatio > 0}, the mean moves to the average of the best
 *       floor(eliteRatio N) perturbed points (the setting the Diffusion Evolution paper used);</li>
 *   <li>per-parameter sigma: sigma += sigmaLearningRate * sum_k ((r+_k + r-_k)/2 - b)
 *       (eps_k^2 - sigma^2)/sigma / (2B sd(r)), each change clipped to
 *       {@code sigmaMaxChange * sigma}, then decayed geometrically while above {@code sigmaLimit}.</li>
 * </ul>
 *
 * <p>{@link Config#paper2d()} is estool's elite mode as the Diffusion Evolution paper ran it on its
 * 2-D benchmarks: ordinal centred ranks (ties broken by index, like estool's
 * {@code compute_centered_ranks}), then estool's weight decay term -0.01 mean_k x_k^2 added to each
 * shaped score; the elites, the baseline and the sigma update all use these shaped scores.
 */
public final class Pepg extends AbstractStrategy {

    /** Registry name. */
    public static final String NAME = "pepg";

    /**
     * @param populationSize     N (even): N/2 symmetric pairs
     * @param sigma0             initial sigma of every parameter
     * @param sigmaLearningRate  step size of the sigma update (estool's sigma_alpha)
     * @param sigmaDecay         sigma multiplied by this each generation while above the limit
     * @param sigmaLimit         floor for the decay
     * @param sigmaMaxChange     largest relative change of a sigma in one generation
     * @param learningRate       Adam step size for the mean (unused in elite mode)
     * @param learningRateDecay  learning rate multiplied by this each generation
     * @param learningRateLimit  floor for that decay
     * @param eliteRatio         0 = gradient mode; otherwise the fraction of the population whose
     *                           average becomes the new mean
     * @param centredRanks       shape scores to centred ranks (otherwise raw scores, sigma step
     *                           normalised by their standard deviation)
     * @param weightDecay        L2 coefficient pulling the mean to the origin (gradient mode)
     * @param generations        generation budget
     * @param mean               initial mean; {@code null} = the origin
     * @param l2Penalty          estool's {@code weight_decay} on the solutions: after shaping, each
     *                           individual's score gets {@code -l2Penalty * mean_k x_k^2} (0 = none)
     * @param ordinalRanks       centred ranks without tie averaging: tied scores get consecutive ranks
     *                           in index order, as estool's {@code compute_centered_ranks}
     */
    public record Config(int populationSize, double sigma0, double sigmaLearningRate, double sigmaDecay,
                         double sigmaLimit, double sigmaMaxChange, double learningRate, double learningRateDecay,
                         double learningRateLimit, double eliteRatio, boolean centredRanks, double weightDecay,
                         int generations, double[] mean, double l2Penalty, boolean ordinalRanks) {

        /** Validates the components and copies the mean. */
        public Config {
            if (populationSize < 2 || populationSize % 2 != 0) {
                throw new IllegalArgumentException("populationSize must be even and >= 2 (symmetric pairs), got "
                        + populationSize);
            }
            requirePositive("sigma0", sigma0);
            if (!(sigmaLearningRate >= 0)) {
                throw new IllegalArgumentException("sigmaLearningRate must be >= 0, got " + sigmaLearningRate);
            }
            OpenEs.decay("sigmaDecay", sigmaDecay);
            if (!(sigmaLimit >= 0)) {
                throw new IllegalArgumentException("sigmaLimit must be >= 0, got " + sigmaLimit);
            }
            if (!(sigmaMaxChange > 0 && sigmaMaxChange < 1)) {
                throw new IllegalArgumentException("sigmaMaxChange must be in (0, 1), got " + sigmaMaxChange);
            }
            requirePositive("learningRate", learningRate);
            OpenEs.decay("learningRateDecay", learningRateDecay);
            if (!(learningRateLimit >= 0)) {
                throw new IllegalArgumentException("learningRateLimit must be >= 0, got " + learningRateLimit);
            }
            if (!(eliteRatio >= 0 && eliteRatio <= 1)) {
                throw new IllegalArgumentException("eliteRatio must be in [0, 1], got " + eliteRatio);
            }
            if (eliteRatio > 0 && (int) (eliteRatio * populationSize) < 1) {
                throw new IllegalArgumentException("eliteRatio " + eliteRatio + " selects no individual of "
                        + populationSize);
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
            }
            if (generations < 1) {
                throw new IllegalArgumentException("generations must be >= 1, got " + generations);
            }
            if (!(l2Penalty >= 0) || Double.isInfinite(l2Penalty)) {
                throw new IllegalArgumentException("l2Penalty must be >= 0 and finite, got " + l2Penalty);
            }
            mean = mean == null ? null : mean.clone();
        }

        /** The general-purpose form: no penalty on the solutions, tie-averaged ranks. */
        public Config(int populationSize, double sigma0, double sigmaLearningRate, double sigmaDecay,
                      double sigmaLimit, double sigmaMaxChange, double learningRate, double learningRateDecay,
                      double learningRateLimit, double eliteRatio, boolean centredRanks, double weightDecay,
                      int generations, double[] mean) {
            this(populationSize, sigma0, sigmaLearningRate, sigmaDecay, sigmaLimit, sigmaMaxChange, learningRate,
                    learningRateDecay, learningRateLimit, eliteRatio, centredRanks, weightDecay, generations, mean, 0.0,
                    false);
        }

        /**
         * estool's PEPG in elite mode as the Diffusion Evolution paper ran it on its 2-D benchmarks
         * (docs/algorithm.md section 7): mean 0, sigma 4 per coordinate, 256 antithetic pairs, ordinal
         * centred ranks plus -0.01 mean_k x_k^2, the mean moved by the average perturbation of the
         * int(0.1 * 512) = 51 best, sigma adapted with rate 0.2 (change capped at 20 %, floor 0.01) then
         * decayed by 0.01^(1/25); 25 generations.
         */
        public static Config paper2d() {
            return paper2d(512, 25);
        }

        /** {@link #paper2d()} with another population size and generation count G (the decay follows G). */
        public static Config paper2d(int populationSize, int generations) {
            Config d = defaults();
            return new Config(populationSize, 4.0, 0.2, Math.pow(0.01, 1.0 / generations), 0.01, 0.2,
                    d.learningRate, d.learningRateDecay, d.learningRateLimit, 0.1, true, 0.0, generations, null, 0.01,
                    true);
        }

        /**
         * estool/evosax defaults: sigma 0.1 adapted with rate 0.2 (max change 0.2), decay 0.999 to
         * 0.01, Adam learning rate 0.02 decaying by 0.999 to 0.001, gradient mode, centred ranks;
         * 64 samples, 1000 generations.
         */
        public static Config defaults() {
            return new Config(64, 0.1, 0.2, 0.999, 0.01, 0.2, 0.02, 0.999, 0.001, 0.0, true, 0.0, 1000, null);
        }

        /** The defaults with another population size, initial sigma, elite ratio and budget. */
        public static Config of(int populationSize, double sigma0, double eliteRatio, int generations) {
            Config d = defaults();
            return new Config(populationSize, sigma0, d.sigmaLearningRate, d.sigmaDecay, d.sigmaLimit,
                    d.sigmaMaxChange, d.learningRate, d.learningRateDecay, d.learningRateLimit, eliteRatio,
                    d.centredRanks, d.weightDecay, generations, null);
        }

        /** A copy of the initial mean, or null for the origin. */
        @Override
        public double[] mean() {
            return mean == null ? null : mean.clone();
        }
    }

    private final Config config;
    private final Adam adam;
    private double[] mean;
    private double[] sigma;
    private double learningRate;

    /** A new run. */
    public Pepg(Config config, int dimension, long seed) {
        super(NAME, dimension, config.generations(), config, seed);
        this.config = config;
        this.mean = initialMean(NAME, config.mean, dimension);
        this.sigma = new double[dimension];
        Arrays.fill(sigma, config.sigma0());
        this.learningRate = config.learningRate();
        this.adam = new Adam(dimension, 0.9, 0.999, 1e-8);
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** The current mean of the search distribution (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The per-parameter standard deviations. */
    public double[] sigma() {
        return sigma.clone();
    }

    @Override
    protected double[][] sample() {
        int pairs = config.populationSize() / 2;
        int d = dimension();
        double[][] x = new double[2 * pairs][d];
        for (int k = 0; k < pairs; k++) {
            for (int j = 0; j < d; j++) {
                double eps = sigma[j] * rng().nextGaussian();
                x[k][j] = mean[j] + eps;
                x[k + pairs][j] = mean[j] - eps;
            }
        }
        return x;
    }

    @Override
    protected void update(double[][] x, double[] scores) {
        int n = x.length;
        int pairs = n / 2;
        int d = dimension();
        double[] r = config.centredRanks() ? (config.ordinalRanks() ? ordinalCentredRanks(scores)
                : centredRanks(scores)) : scores.clone();
        if (config.l2Penalty() > 0) {
            for (int i = 0; i < n; i++) {
                double q = 0;
                for (int j = 0; j < d; j++) {
                    q += x[i][j] * x[i][j];
                }
                r[i] -= config.l2Penalty() * q / d;
            }
        }
        double b = 0;
        for (double v : r) {
            b += v;
        }
        b /= n;
        double sd = 1;
        if (!config.centredRanks()) {
            double var = 0;
            for (double v : r) {
                var += (v - b) * (v - b);
            }
            sd = Math.sqrt(var / n);
        }
        // eps from the stored population keeps the state small; (x+ - x-)/2 is exact up to rounding
        double[][] eps = new double[pairs][d];
        for (int k = 0; k < pairs; k++) {
            for (int j = 0; j < d; j++) {
                eps[k][j] = (x[k][j] - x[k + pairs][j]) / 2;
            }
        }
        double[] oldSigma = sigma.clone();
        if (config.sigmaLearningRate() > 0 && sd > 0) {
            for (int j = 0; j < d; j++) {
                double s2 = oldSigma[j] * oldSigma[j];
                double delta = 0;
                for (int k = 0; k < pairs; k++) {
                    double rs = (r[k] + r[k + pairs]) / 2 - b;
                    delta += rs * (eps[k][j] * eps[k][j] - s2) / oldSigma[j];
                }
                delta /= 2 * pairs * sd;
                double change = config.sigmaLearningRate() * delta;
                double cap = config.sigmaMaxChange() * oldSigma[j];
                sigma[j] += Math.max(-cap, Math.min(cap, change));
            }
        }
        if (config.eliteRatio() > 0) {
            int elite = (int) (config.eliteRatio() * n);
            int[] order = descendingOrder(r);
            double[] next = new double[d];
            for (int e = 0; e < elite; e++) {
                double[] xe = x[order[e]];
                for (int j = 0; j < d; j++) {
                    next[j] += xe[j];
                }
            }
            for (int j = 0; j < d; j++) {
                next[j] /= elite;
            }
            mean = next;
        } else {
            double[] grad = new double[d];
            for (int k = 0; k < pairs; k++) {
                double diff = r[k] - r[k + pairs];
                for (int j = 0; j < d; j++) {
                    grad[j] += diff * eps[k][j];
                }
            }
            for (int j = 0; j < d; j++) {
                grad[j] = grad[j] / (2 * pairs) - config.weightDecay() * mean[j];
            }
            adam.ascend(mean, grad, learningRate);
        }
        for (int j = 0; j < d; j++) {
            if (sigma[j] > config.sigmaLimit()) {
                sigma[j] = Math.max(config.sigmaLimit(), sigma[j] * config.sigmaDecay());
            }
        }
        if (learningRate > config.learningRateLimit()) {
            learningRate = Math.max(config.learningRateLimit(), learningRate * config.learningRateDecay());
        }
    }

    /** Centred ranks in [-0.5, 0.5] with ties ranked in index order (estool's compute_centered_ranks). */
    static double[] ordinalCentredRanks(double[] scores) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[order[k]] = (double) k / (n - 1) - 0.5;
        }
        return out;
    }

    @Override
    protected void writeState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        arrays.put("mean", mean.clone());
        arrays.put("sigma", sigma.clone());
        scalars.put("learningRate", learningRate);
        adam.write(arrays, scalars);
    }

    @Override
    protected void readState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        double[] m = array(arrays, "mean", dimension());
        double[] s = array(arrays, "sigma", dimension());
        adam.read(array(arrays, "adam.m", dimension()), array(arrays, "adam.v", dimension()),
                scalar(scalars, "adam.t").intValue());
        mean = m;
        sigma = s;
        learningRate = scalar(scalars, "learningRate");
    }
}
