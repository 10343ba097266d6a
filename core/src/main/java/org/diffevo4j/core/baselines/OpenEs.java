package org.diffevo4j.core.baselines;

import static org.diffevo4j.core.baselines.BaselineSupport.centredRanks;
import static org.diffevo4j.core.baselines.BaselineSupport.initialMean;
import static org.diffevo4j.core.baselines.BaselineSupport.requirePositive;

import java.util.Map;
import org.diffevo4j.core.AbstractStrategy;

/**
 * OpenAI-ES: T. Salimans, J. Ho, X. Chen, S. Sidor, I. Sutskever, "Evolution Strategies as a
 * Scalable Alternative to Reinforcement Learning" (2017). An isotropic Gaussian N(mean, sigma^2 I)
 * whose mean follows the search-gradient estimate g = 1/(N sigma) sum_i F_i eps_i with Adam.
 *
 * <ul>
 *   <li>Antithetic (mirrored) sampling: the second half of the population is the first half
 *       reflected through the mean, which cancels the even part of the noise in g.</li>
 *   <li>Score shaping by centred ranks in [-0.5, 0.5] (optional), which makes the update
 *       invariant to monotone transforms of the score.</li>
 *   <li>Optional L2 weight decay on the mean (g -= weightDecay * mean), optional geometric decay of
 *       sigma and of the learning rate down to their limits, as in estool and evosax.</li>
 * </ul>
 *
 * <p>Two forms: the general-purpose one users know from evosax ({@link Config#defaults()}: Adam,
 * mirrored samples, centred ranks), and the variant the Diffusion Evolution paper ran on its 2-D
 * benchmarks ({@link Config#paper2d()}: raw scores, no mirroring, momentum SGD
 * v <- beta1 v + (1 - beta1) g, mean <- mean + lr v, sigma and learning rate decaying geometrically
 * to 1 % and 1e-5 of their start over the run).
 */
public final class OpenEs extends AbstractStrategy {

    /** Registry name. */
    public static final String NAME = "openes";

    /**
     * @param populationSize    N, even when antithetic
     * @param sigma0            initial noise standard deviation
     * @param sigmaDecay        sigma multiplied by this each generation (1 = constant)
     * @param sigmaLimit        sigma never decays below this
     * @param learningRate      Adam step size
     * @param learningRateDecay learning rate multiplied by this each generation (1 = constant)
     * @param learningRateLimit the learning rate never decays below this
     * @param beta1             Adam first-moment decay
     * @param beta2             Adam second-moment decay
     * @param epsilon           Adam denominator offset
     * @param weightDecay       L2 coefficient pulling the mean to the origin (0 = none)
     * @param antithetic        mirrored sampling
     * @param centredRanks      shape scores to centred ranks (otherwise standardise them)
     * @param generations       generation budget
     * @param mean              initial mean; {@code null} = the origin
     * @param optimizer         {@code adam} (Adam ascent) or {@code momentum} (v <- beta1 v + (1 - beta1) g,
     *                          mean <- mean + learningRate v; beta2 and epsilon unused)
     * @param rawScores         use the scores as they are, neither ranked nor standardised (overrides
     *                          {@code centredRanks})
     * @param zigguratNormals   draw the noise with {@link org.diffevo4j.core.Rng#nextGaussianZiggurat()}
     *                          (several times faster, another stream) instead of the polar method
     */
    public record Config(int populationSize, double sigma0, double sigmaDecay, double sigmaLimit, double learningRate,
                         double learningRateDecay, double learningRateLimit, double beta1, double beta2,
                         double epsilon, double weightDecay, boolean antithetic, boolean centredRanks,
                         int generations, double[] mean, String optimizer, boolean rawScores,
                         boolean zigguratNormals) {

        /** Optimizer names. */
        public static final String ADAM = "adam";
        /** Momentum SGD, the paper's 2-D OpenES. */
        public static final String MOMENTUM = "momentum";

        /** Validates the components and copies the mean. */
        public Config {
            if (populationSize < 2) {
                throw new IllegalArgumentException("populationSize must be >= 2, got " + populationSize);
            }
            if (antithetic && populationSize % 2 != 0) {
                throw new IllegalArgumentException("populationSize must be even for antithetic sampling, got "
                        + populationSize);
            }
            requirePositive("sigma0", sigma0);
            decay("sigmaDecay", sigmaDecay);
            if (!(sigmaLimit >= 0)) {
                throw new IllegalArgumentException("sigmaLimit must be >= 0, got " + sigmaLimit);
            }
            requirePositive("learningRate", learningRate);
            decay("learningRateDecay", learningRateDecay);
            if (!(learningRateLimit >= 0)) {
                throw new IllegalArgumentException("learningRateLimit must be >= 0, got " + learningRateLimit);
            }
            Adam.validate(beta1, beta2, epsilon);
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
            }
            if (generations < 1) {
                throw new IllegalArgumentException("generations must be >= 1, got " + generations);
            }
            if (optimizer == null) {
                optimizer = ADAM;
            }
            if (!optimizer.equals(ADAM) && !optimizer.equals(MOMENTUM)) {
                throw new IllegalArgumentException("optimizer must be '" + ADAM + "' or '" + MOMENTUM + "', got '"
                        + optimizer + "'");
            }
            mean = mean == null ? null : mean.clone();
        }

        /** The general-purpose form: Adam, scores shaped as {@code centredRanks} says. */
        public Config(int populationSize, double sigma0, double sigmaDecay, double sigmaLimit, double learningRate,
                      double learningRateDecay, double learningRateLimit, double beta1, double beta2,
                      double epsilon, double weightDecay, boolean antithetic, boolean centredRanks,
                      int generations, double[] mean) {
            this(populationSize, sigma0, sigmaDecay, sigmaLimit, learningRate, learningRateDecay, learningRateLimit,
                    beta1, beta2, epsilon, weightDecay, antithetic, centredRanks, generations, mean, ADAM, false, false);
        }

        /**
         * The OpenES the Diffusion Evolution paper ran on its 2-D benchmarks (docs/algorithm.md
         * section 7): mean 0, scalar sigma 4, 512 independent samples (no mirroring), gradient
         * mean_k(g_k eps_k) / sigma on the raw scores, momentum v <- 0.9 v + 0.1 grad,
         * mean <- mean + lr v with lr starting at 1000; after each generation sigma *= 0.01^(1/G) and
         * lr *= (1e-5)^(1/G), G = 1000 generations. Its 512 x D x 1000 normal draws come from the
         * ziggurat sampler.
         */
        public static Config paper2d() {
            return paper2d(512, 1000);
        }

        /** {@link #paper2d()} with another population size and generation count G (the decays follow G). */
        public static Config paper2d(int populationSize, int generations) {
            return new Config(populationSize, 4.0, Math.pow(0.01, 1.0 / generations), 0.0, 1000.0,
                    Math.pow(1e-5, 1.0 / generations), 0.0, 0.9, 0.999, 1e-8, 0.0, false, false, generations, null,
                    MOMENTUM, true, true);
        }

        /**
         * evosax's OpenES defaults (sigma 0.04 decaying by 0.999 to 0.01, Adam learning rate 0.05
         * decaying by 0.999 to 0.001), 64 mirrored samples, centred ranks, 1000 generations.
         */
        public static Config defaults() {
            return new Config(64, 0.04, 0.999, 0.01, 0.05, 0.999, 0.001, 0.9, 0.999, 1e-8, 0.0, true, true, 1000,
                    null);
        }

        /** The defaults with another population size, initial sigma and budget. */
        public static Config of(int populationSize, double sigma0, int generations) {
            Config d = defaults();
            return new Config(populationSize, sigma0, d.sigmaDecay, d.sigmaLimit, d.learningRate, d.learningRateDecay,
                    d.learningRateLimit, d.beta1, d.beta2, d.epsilon, d.weightDecay, d.antithetic, d.centredRanks,
                    generations, null, d.optimizer, d.rawScores, d.zigguratNormals);
        }

        /** A copy of the initial mean, or null for the origin. */
        @Override
        public double[] mean() {
            return mean == null ? null : mean.clone();
        }
    }

    static void decay(String what, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(what + " must be in (0, 1], got " + v);
        }
    }

    private final Config config;
    private final Adam adam;
    private final double[] velocity;
    private double[] mean;
    private double sigma;
    private double learningRate;

    /** A new run. */
    public OpenEs(Config config, int dimension, long seed) {
        super(NAME, dimension, config.generations(), config, seed);
        this.config = config;
        this.mean = initialMean(NAME, config.mean, dimension);
        this.sigma = config.sigma0();
        this.learningRate = config.learningRate();
        this.adam = new Adam(dimension, config.beta1(), config.beta2(), config.epsilon());
        this.velocity = new double[dimension];
    }

    private boolean momentum() {
        return config.optimizer().equals(Config.MOMENTUM);
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** The current mean of the search distribution (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The current perturbation standard deviation. */
    public double sigma() {
        return sigma;
    }

    /** The current learning rate. */
    public double learningRate() {
        return learningRate;
    }

    @Override
    protected double[][] sample() {
        int n = config.populationSize();
        int d = dimension();
        double[][] x = new double[n][d];
        int fresh = config.antithetic() ? n / 2 : n;
        boolean zig = config.zigguratNormals();
        for (int i = 0; i < fresh; i++) {
            for (int j = 0; j < d; j++) {
                double step = sigma * (zig ? rng().nextGaussianZiggurat() : rng().nextGaussian());
                x[i][j] = mean[j] + step;
                if (config.antithetic()) {
                    x[i + fresh][j] = mean[j] - step;
                }
            }
        }
        return x;
    }

    @Override
    protected void update(double[][] x, double[] scores) {
        int n = x.length;
        int d = dimension();
        double[] shaped = config.rawScores() ? scores : config.centredRanks() ? centredRanks(scores)
                : standardised(scores);
        double[] grad = new double[d];
        for (int i = 0; i < n; i++) {
            if (shaped[i] == 0) {
                continue; // adds nothing (raw scores are often exactly 0 far from an optimum)
            }
            for (int j = 0; j < d; j++) {
                // (x - mean) / sigma recovers eps_i; mirrored pairs contribute F+ eps - F- eps
                grad[j] += shaped[i] * (x[i][j] - mean[j]) / sigma;
            }
        }
        for (int j = 0; j < d; j++) {
            grad[j] = grad[j] / (n * sigma) - config.weightDecay() * mean[j];
        }
        if (momentum()) {
            double b = config.beta1();
            for (int j = 0; j < d; j++) {
                velocity[j] = b * velocity[j] + (1 - b) * grad[j];
                mean[j] += learningRate * velocity[j];
            }
        } else {
            adam.ascend(mean, grad, learningRate);
        }
        if (sigma > config.sigmaLimit()) {
            sigma = Math.max(config.sigmaLimit(), sigma * config.sigmaDecay());
        }
        if (learningRate > config.learningRateLimit()) {
            learningRate = Math.max(config.learningRateLimit(), learningRate * config.learningRateDecay());
        }
    }

    /** Zero mean, unit variance; all zeros when every score is equal. */
    static double[] standardised(double[] f) {
        double mu = 0;
        for (double v : f) {
            mu += v;
        }
        mu /= f.length;
        double var = 0;
        for (double v : f) {
            var += (v - mu) * (v - mu);
        }
        double sd = Math.sqrt(var / f.length);
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = sd > 0 ? (f[i] - mu) / sd : 0;
        }
        return out;
    }

    @Override
    protected void writeState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        arrays.put("mean", mean.clone());
        scalars.put("sigma", sigma);
        scalars.put("learningRate", learningRate);
        adam.write(arrays, scalars);
        if (momentum()) {
            arrays.put("velocity", velocity.clone());
        }
    }

    @Override
    protected void readState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        double[] m = array(arrays, "mean", dimension());
        adam.read(array(arrays, "adam.m", dimension()), array(arrays, "adam.v", dimension()),
                scalar(scalars, "adam.t").intValue());
        double[] v = momentum() ? array(arrays, "velocity", dimension()) : null;
        mean = m;
        if (v != null) {
            System.arraycopy(v, 0, velocity, 0, v.length);
        }
        sigma = scalar(scalars, "sigma");
        learningRate = scalar(scalars, "learningRate");
    }
}
