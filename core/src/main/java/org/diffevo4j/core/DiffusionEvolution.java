package org.diffevo4j.core;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Diffusion Evolution (Zhang, Hartl, Hazan, Levin, ICLR 2025; docs/algorithm.md section 5) as an
 * ask/tell {@link Strategy}.
 *
 * <p>The internal population {@code x} starts as N(0, I) drawn from the run's generator. Each
 * {@link #ask()} returns the genomes to evaluate, {@code scaling * x}. A run of T steps takes T
 * {@link #tell(double[])} calls: the first T - 1 each map the raw scores through the
 * {@link FitnessMapping} and make one denoising update with {@code (alpha[t], alpha[t-1])},
 * {@code t = T-1 .. 1}; the T-th is the final evaluation of the last population, after which
 * {@link #isDone()} is true.
 *
 * <p>Everything public is in evaluated coordinates ({@link #ask()}, {@link #best()},
 * {@link #lastX0()}); {@link #population()} gives the internal, unscaled one.
 *
 * <p>The population is held as a row-major {@code double[]}; each update goes through
 * {@link DiffusionUpdate} on those arrays (its plain-Java path for small and medium populations, ND4J
 * matrix products for large ones), so a step creates ND4J arrays only for what it returns.
 *
 * <p>The ask/tell bookkeeping (best so far, score checks, the generation count, the common part of
 * the state) is {@link AbstractStrategy}'s; the population is part of the state between updates, so
 * {@link #tell(double[])} may come without an {@link #ask()}.
 *
 * <p>Subclasses change the kernel's features through {@link #kernelFeatures(double[], int)} and
 * {@link #kernelFeatures(INDArray)} (the latent variant projects them) and add to the saved state
 * by overriding {@link #writeState} and {@link #readState} (calling this class's).
 */
public class DiffusionEvolution extends AbstractStrategy {

    /** Registry name. */
    public static final String NAME = "diffusion";

    /** Draws from which the noise's transform is spread over threads (below, one pass on the caller is faster). */
    static final int PARALLEL_NOISE = 1 << 17;

    private final DiffusionConfig config;
    private final double[] alphas;
    private final FitnessMapping mapping;
    private final int populationSize;

    /**
     * Internal population, N x D, row-major. Replaced, never modified in place, and never handed out
     * (only copies are), so the array it replaces can be reused by the next update.
     */
    private double[] x;
    /** The last x0 estimate, N x D, row-major, or null. Replaced like {@link #x}. */
    private double[] x0;
    private double[] lastFitness;
    /** The rows {@link #sample()} fills, kept from generation to generation. */
    private double[][] rows;
    /** Arrays reused from update to update instead of allocated (N x D each: 36 MB for the large RL policy). */
    private final UpdateBuffers buffers = new UpdateBuffers();

    /** A run with the {@linkplain DiffusionConfig#defaults() default configuration}. */
    public DiffusionEvolution(int dimension, long seed) {
        this(DiffusionConfig.defaults(), dimension, seed);
    }

    /**
     * A new run.
     *
     * @param config    the configuration
     * @param dimension genome dimension D, at least 1
     * @param seed      the run's seed: same seed, same run
     */
    public DiffusionEvolution(DiffusionConfig config, int dimension, long seed) {
        this(NAME, config, config, dimension, seed);
    }

    /**
     * A new run of a variant with its own name and settings.
     *
     * @param name      the variant's registry name
     * @param settings  the variant's whole configuration, saved with the state and checked on restore
     * @param config    the Diffusion Evolution part of it
     * @param dimension genome dimension D, at least 1
     * @param seed      the run's seed
     */
    protected DiffusionEvolution(String name, Record settings, DiffusionConfig config, int dimension, long seed) {
        super(name, dimension, requireConfig(name, config).steps(), settings, seed);
        this.config = config;
        this.alphas = config.alphaSchedule().alphas(config.steps());
        this.mapping = config.mapping();
        this.populationSize = config.populationSize();
        this.x = gaussian(populationSize, dimension);
    }

    private static DiffusionConfig requireConfig(String name, DiffusionConfig config) {
        if (config == null) {
            throw new IllegalArgumentException(name + ": config must not be null");
        }
        return config;
    }

    /** The configuration. */
    public final DiffusionConfig config() {
        return config;
    }

    /** The schedule {@code alpha[0..T-1]} of this run (a copy). */
    public final double[] alphas() {
        return alphas.clone();
    }

    /**
     * The schedule index t of the current population: T - 1 for the initial noise, 0 for the final
     * population (and 0 once done).
     */
    public final int stepIndex() {
        return Math.max(alphas.length - 1 - generation(), 0);
    }

    /** The noise level {@code alpha[stepIndex()]} of the current population. */
    public final double alpha() {
        return alphas[stepIndex()];
    }

    /** The population is the state: the genomes to evaluate are always {@code scaling * x}. */
    @Override
    protected final boolean populationPersists() {
        return true;
    }

    /**
     * The genomes to evaluate, {@code scaling * x}, one per row, written into the same row arrays at
     * every generation: {@link AbstractStrategy} copies them wherever they leave it, except
     * {@link #pendingRows()}, whose rows are valid until the next {@code tell}.
     */
    @Override
    protected final double[][] sample() {
        double s = config.scaling();
        int d = dimension();
        if (rows == null) {
            rows = new double[populationSize][d];
        }
        for (int i = 0; i < populationSize; i++) {
            if (s == 1) {
                // x * 1 is x: a plain copy (36 MB per generation for the large RL policy)
                System.arraycopy(x, i * d, rows[i], 0, d);
            } else {
                for (int k = 0; k < d; k++) {
                    rows[i][k] = x[i * d + k] * s;
                }
            }
        }
        return rows;
    }

    /**
     * Maps the scores to fitness and, for the first T - 1 calls, makes one denoising update with
     * {@code (alpha[t], alpha[t-1])}. A score the mapping rejects changes nothing.
     *
     * @throws IllegalArgumentException if the mapped fitness is negative or NaN (naming the first bad
     *                                  individual)
     */
    @Override
    protected final void update(double[][] population, double[] scores) {
        int n = populationSize;
        int dimension = dimension();
        double[] fitness;
        try {
            fitness = mapping.apply(scores,
                    mapping.needsGenomes() ? DiffusionUpdate.matrix(x, n, dimension) : null, config.scaling());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name() + ": " + mapping.spec() + ": " + e.getMessage(), e);
        }
        int t = alphas.length - 1 - generation();
        if (t >= 1) {
            double a = alphas[t];
            double aPrev = alphas[t - 1];
            double sigma = DiffusionUpdate.sigma(a, aPrev, config.eta());
            boolean javaPath = DiffusionUpdate.usesJavaPath(n, dimension, kernelFeatureDimension());
            boolean buffered = !javaPath && BufferedNd4jUpdate.fitsNio(n, dimension);
            double[] newX0 = buffers.x0(x.length);
            double[] next = buffers.next(x.length);
            double[] noise = null;
            if (sigma > 0) {
                // the buffered update reads each noise value before it writes the next population's value in
                // its place, so it takes the noise in that array: one N x D array (36 MB) fewer to fill and keep
                noise = buffered ? next : buffers.noise(x.length);
                fillGaussian(noise);
            }
            if (javaPath) {
                double[] features = kernelFeatures(x, n);
                DiffusionUpdate.update(x, n, fitness, a, aPrev, config.eta(), features, kernelFeatureDimension(), noise,
                        newX0, next);
            } else if (buffered) {
                // ND4J for the matrix products, on arrays kept from step to step (bit-identical to the branch below)
                buffers.nd4j(n, dimension, kernelFeatureDimension()).update(x, fitness, a, aPrev, config.eta(),
                        this::kernelFeatures, noise, newX0, next);
            } else {
                // ND4J all along, features included (the path a GPU backend runs)
                INDArray xm = DiffusionUpdate.matrix(x, n, dimension);
                DiffusionUpdate.Result r = DiffusionUpdate.update(xm, fitness, a, aPrev, config.eta(), kernelFeatures(xm),
                        noise == null ? null : DiffusionUpdate.matrix(noise, n, dimension));
                DiffusionUpdate.copyRowMajor(r.x0(), newX0);
                DiffusionUpdate.copyRowMajor(r.next(), next);
            }
            // the arrays replaced become the buffers of the next update
            buffers.recycle(x, x0);
            x0 = newX0;
            x = next;
        }
        lastFitness = fitness;
    }

    /**
     * The estimate of the origins {@code x0} made by the last update, in evaluated coordinates
     * ({@code scaling * x0}), or null before the first update. After the final evaluation it is the
     * estimate made from the second-to-last population, the quantity the paper's 2-D metrics use.
     */
    public final INDArray lastX0() {
        return x0 == null ? null : evaluated(x0);
    }

    /**
     * {@link #lastX0()} as rows in evaluated coordinates, or null before the first update (no matrix
     * is built).
     */
    public final double[][] lastX0Rows() {
        return x0 == null ? null : scaledRows(x0);
    }

    /** The current population in evaluated coordinates ({@code scaling * x}) as rows (copies). */
    public final double[][] populationRows() {
        return scaledRows(x);
    }

    private double[][] scaledRows(double[] a) {
        double s = config.scaling();
        int d = dimension();
        double[][] rows = new double[populationSize][d];
        for (int i = 0; i < populationSize; i++) {
            for (int k = 0; k < d; k++) {
                rows[i][k] = a[i * d + k] * s;
            }
        }
        return rows;
    }

    /** The fitness (after mapping) of the last {@link #tell(double[])}, or null before it. */
    public final double[] lastFitness() {
        return lastFitness == null ? null : lastFitness.clone();
    }

    /** The internal, unscaled population x (a copy). */
    public final INDArray population() {
        return DiffusionUpdate.matrix(x, populationSize, dimension());
    }

    /**
     * The features the kernel compares individuals by, for updates on ND4J's path; the population
     * itself here. Must return N rows of {@link #kernelFeatureDimension()} columns, the same values
     * as {@link #kernelFeatures(double[], int)}, and not modify {@code x}.
     *
     * @param x the internal population, N x D
     */
    protected INDArray kernelFeatures(INDArray x) {
        return x;
    }

    /**
     * The features the kernel compares individuals by, for updates on the plain-Java path: N x d,
     * row-major; the population itself here. Must not modify {@code x}.
     *
     * @param x the internal population, N x D, row-major
     * @param n N
     */
    protected double[] kernelFeatures(double[] x, int n) {
        return x;
    }

    /** The number of columns d of the kernel features; D here. */
    protected int kernelFeatureDimension() {
        return dimension();
    }

    /** Writes the population, the last x0 estimate and the last fitness; subclasses add theirs after. */
    @Override
    protected void writeState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        arrays.put("population", x.clone());
        if (x0 != null) {
            arrays.put("x0", x0.clone());
        }
        if (lastFitness != null) {
            arrays.put("fitness", lastFitness.clone());
        }
    }

    /**
     * Validates and reads what {@link #writeState} wrote, then applies it; a subclass validates its
     * own entries before calling this and applies them after.
     */
    @Override
    protected void readState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        int n = populationSize;
        double[] restoredX = array(arrays, "population", n * dimension());
        double[] restoredX0 = arrays.containsKey("x0") ? array(arrays, "x0", n * dimension()) : null;
        double[] fitness = arrays.containsKey("fitness") ? array(arrays, "fitness", n) : null;
        x = restoredX;
        x0 = restoredX0;
        lastFitness = fitness;
    }

    /** {@code scaling * a} as a fresh N x D matrix. */
    private INDArray evaluated(double[] a) {
        double s = config.scaling();
        double[] e = new double[a.length];
        for (int k = 0; k < e.length; k++) {
            e[k] = a[k] * s;
        }
        return DiffusionUpdate.matrix(e, populationSize, dimension());
    }

    /** n * d standard normal draws from the run's generator, row by row. */
    private double[] gaussian(int n, int d) {
        double[] z = new double[Math.multiplyExact(n, d)];
        fillGaussian(z);
        return z;
    }

    /**
     * Standard normal draws from the run's generator: for large arrays with the transform over the
     * update's threads ({@link Rng#fillGaussian(double[], int)}; the same values).
     */
    private void fillGaussian(double[] z) {
        if (z.length >= PARALLEL_NOISE) {
            rng().fillGaussian(z, RowPartition.threads());
        } else {
            rng().fillGaussian(z);
        }
    }

    @Override
    public String toString() {
        return name() + "[D=" + dimension() + ", " + config + ", generation " + generation() + "/" + alphas.length + "]";
    }
}
