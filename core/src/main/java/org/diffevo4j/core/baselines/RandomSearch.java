package org.diffevo4j.core.baselines;

import static org.diffevo4j.core.baselines.BaselineSupport.initialMean;
import static org.diffevo4j.core.baselines.BaselineSupport.requirePositive;

import java.util.Map;
import org.diffevo4j.core.AbstractStrategy;

/**
 * Pure random search: every generation draws {@code populationSize} genomes from a fixed
 * N(mean, sigma^2 I) and remembers the best one told. The sanity floor every other strategy should
 * beat.
 */
public final class RandomSearch extends AbstractStrategy {

    /** Registry name. */
    public static final String NAME = "random";

    /**
     * @param populationSize genomes per generation (>= 1)
     * @param sigma          standard deviation of every coordinate
     * @param generations    generation budget
     * @param mean           centre of the sampling distribution; {@code null} = the origin
     */
    public record Config(int populationSize, double sigma, int generations, double[] mean) {

        /** Validates the components and copies the mean. */
        public Config {
            if (populationSize < 1) {
                throw new IllegalArgumentException("populationSize must be >= 1, got " + populationSize);
            }
            requirePositive("sigma", sigma);
            if (generations < 1) {
                throw new IllegalArgumentException("generations must be >= 1, got " + generations);
            }
            mean = mean == null ? null : mean.clone();
        }

        /** 64 genomes per generation, sigma 1, 100 generations, centred at the origin. */
        public static Config defaults() {
            return new Config(64, 1.0, 100, null);
        }

        /** A copy of the sampling centre, or null for the origin. */
        @Override
        public double[] mean() {
            return mean == null ? null : mean.clone();
        }
    }

    private final Config config;
    private final double[] mean;

    /** A new run. */
    public RandomSearch(Config config, int dimension, long seed) {
        super(NAME, dimension, config.generations(), config, seed);
        this.config = config;
        this.mean = initialMean(NAME, config.mean, dimension);
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    @Override
    protected double[][] sample() {
        double[][] x = new double[config.populationSize()][dimension()];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = mean[j] + config.sigma() * rng().nextGaussian();
            }
        }
        return x;
    }

    @Override
    protected void update(double[][] population, double[] scores) {
        // nothing adapts: the best is recorded by the base class
    }

    @Override
    protected void writeState(Map<String, double[]> arrays, Map<String, Double> scalars) {
    }

    @Override
    protected void readState(Map<String, double[]> arrays, Map<String, Double> scalars) {
    }
}
