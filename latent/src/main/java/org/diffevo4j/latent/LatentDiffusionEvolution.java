package org.diffevo4j.latent;

import java.util.Map;
import org.diffevo4j.core.DiffusionConfig;
import org.diffevo4j.core.DiffusionEvolution;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Latent Space Diffusion Evolution (docs/algorithm.md section 4): Diffusion Evolution whose kernel
 * compares individuals by their latent codes {@code z = P x} under a random projection P (d x D)
 * drawn once per run, while the weighted average and the DDIM step stay in the full genome space.
 * In high dimension full-space kernels between distinct individuals are vanishingly small (or
 * underflow, leaving the update to the 1e-9 floors), so each individual mostly averages with itself;
 * distances in a d = 2 projection stay of order one.
 *
 * <p>The projection is drawn from a generator split off the run's one after the initial population,
 * and is part of the saved state, so a resumed run keeps it.
 */
public class LatentDiffusionEvolution extends DiffusionEvolution {

    /** Registry name. */
    public static final String NAME = "latent-diffusion";

    /**
     * The configuration: that of {@link DiffusionConfig} plus the latent dimension.
     * {@link #defaults()} is the paper's RL protocol (d = 2).
     *
     * @param populationSize N
     * @param steps          T
     * @param schedule       noise schedule spec
     * @param eta            DDIM noise scale
     * @param fitnessMapping fitness mapping spec
     * @param scaling        evaluation scaling
     * @param latentDim      d &gt;= 1
     */
    public record Config(int populationSize, int steps, String schedule, double eta, String fitnessMapping,
                         double scaling, int latentDim) {

        /** Validates (through {@link DiffusionConfig}) and normalises the specs. */
        public Config {
            DiffusionConfig c = new DiffusionConfig(populationSize, steps, schedule, eta, fitnessMapping, scaling);
            schedule = c.schedule();
            fitnessMapping = c.fitnessMapping();
            if (latentDim < 1) {
                throw new IllegalArgumentException("latent-diffusion: latentDim must be >= 1, got " + latentDim);
            }
        }

        /** The paper's RL protocol with a 2-D latent space. */
        public static Config defaults() {
            return of(DiffusionConfig.defaults(), 2);
        }

        /** A diffusion configuration with a latent dimension. */
        public static Config of(DiffusionConfig c, int latentDim) {
            if (c == null) {
                throw new IllegalArgumentException("latent-diffusion: config must not be null");
            }
            return new Config(c.populationSize(), c.steps(), c.schedule(), c.eta(), c.fitnessMapping(), c.scaling(),
                    latentDim);
        }

        /** The diffusion part. */
        public DiffusionConfig diffusion() {
            return new DiffusionConfig(populationSize, steps, schedule, eta, fitnessMapping, scaling);
        }

        /** A copy with another latent dimension d. */
        public Config withLatentDim(int d) {
            return new Config(populationSize, steps, schedule, eta, fitnessMapping, scaling, d);
        }
    }

    private final Config latentConfig;
    private RandomProjection projection;

    /** A run with the default configuration (the paper's RL protocol). */
    public LatentDiffusionEvolution(int dimension, long seed) {
        this(Config.defaults(), dimension, seed);
    }

    /**
     * A new run with a random projection drawn from the run's generator.
     *
     * @param config    the configuration
     * @param dimension genome dimension D
     * @param seed      the run's seed
     */
    public LatentDiffusionEvolution(Config config, int dimension, long seed) {
        this(config, dimension, seed, null);
    }

    /**
     * A new run with a given projection (for experiments and tests); null draws one as
     * {@link #LatentDiffusionEvolution(Config, int, long)} does.
     *
     * @throws IllegalArgumentException if the projection's shape is not latentDim x dimension
     */
    public LatentDiffusionEvolution(Config config, int dimension, long seed, RandomProjection projection) {
        super(NAME, config, requireConfig(config).diffusion(), dimension, seed);
        this.latentConfig = config;
        if (projection == null) {
            this.projection = RandomProjection.gaussian(config.latentDim(), dimension, rng().split());
        } else {
            checkShape(projection.latentDim(), projection.dimension());
            this.projection = projection;
        }
    }

    private static Config requireConfig(Config c) {
        if (c == null) {
            throw new IllegalArgumentException("latent-diffusion: config must not be null");
        }
        return c;
    }

    private void checkShape(int d, int dim) {
        if (d != latentConfig.latentDim() || dim != dimension()) {
            throw new IllegalArgumentException(NAME + ": projection is " + d + " x " + dim + ", expected "
                    + latentConfig.latentDim() + " x " + dimension());
        }
    }

    /** The configuration including the latent dimension. */
    public Config latentConfig() {
        return latentConfig;
    }

    /** The run's projection. */
    public RandomProjection projection() {
        return projection;
    }

    /** Latent codes of the current population, recomputed at every step. */
    @Override
    protected INDArray kernelFeatures(INDArray x) {
        return projection.project(x);
    }

    /** Latent codes of the current population (row-major N x d), recomputed at every step. */
    @Override
    protected double[] kernelFeatures(double[] x, int n) {
        return projection.project(x, n);
    }

    /** The latent dimension d. */
    @Override
    protected int kernelFeatureDimension() {
        return latentConfig.latentDim();
    }

    @Override
    protected void writeState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        super.writeState(arrays, scalars);
        arrays.put("projection", projection.toArray());
    }

    @Override
    protected void readState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        double[] p = arrays.get("projection");
        if (p == null) {
            throw new IllegalArgumentException(NAME + ": state lacks array 'projection'");
        }
        int d = latentConfig.latentDim();
        if (p.length != d * dimension()) {
            throw new IllegalArgumentException(NAME + ": state array 'projection' has " + p.length
                    + " entries, expected " + d + " x " + dimension() + " = " + d * dimension());
        }
        RandomProjection restored = RandomProjection.of(d, dimension(), p);
        super.readState(arrays, scalars);
        projection = restored;
    }
}
