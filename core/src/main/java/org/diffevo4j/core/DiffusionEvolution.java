package org.diffevo4j.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.diffevo4j.core.options.RecordOptions;
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
 * <p>Subclasses change the kernel's features through {@link #kernelFeatures(double[], int)} and
 * {@link #kernelFeatures(INDArray)} (the latent variant projects them) and add to the saved state
 * through {@link #writeState} and {@link #readState}.
 */
public class DiffusionEvolution implements Strategy {

    /** Registry name. */
    public static final String NAME = "diffusion";

    private final DiffusionConfig config;
    private final int dimension;
    private final double[] alphas;
    private final FitnessMapping mapping;

    private final int populationSize;

    private Rng rng;
    /** Internal population, N x D, row-major. Replaced, never modified in place. */
    private double[] x;
    /** Completed tell calls, 0..T. */
    private int generation;
    /** The last x0 estimate, N x D, row-major, or null. Replaced, never modified in place. */
    private double[] x0;
    /** {@link #configMap()}, computed once (the configuration is immutable). */
    private Map<String, String> configMap;
    private double[] lastFitness;
    private double[] bestGenome;
    private double bestScore = Double.NEGATIVE_INFINITY;

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
        if (config == null) {
            throw new IllegalArgumentException(name() + ": config must not be null");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException(name() + ": dimension must be >= 1, got " + dimension);
        }
        this.config = config;
        this.dimension = dimension;
        this.alphas = config.alphaSchedule().alphas(config.steps());
        this.mapping = config.mapping();
        this.populationSize = config.populationSize();
        this.rng = new Rng(seed);
        this.x = gaussian(populationSize, dimension);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    /** The configuration. */
    public final DiffusionConfig config() {
        return config;
    }

    /** Completed {@link #tell(double[])} calls, from 0 to T. */
    public final int generation() {
        return generation;
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
        return Math.max(alphas.length - 1 - generation, 0);
    }

    /** The noise level {@code alpha[stepIndex()]} of the current population. */
    public final double alpha() {
        return alphas[stepIndex()];
    }

    @Override
    public boolean isDone() {
        return generation >= alphas.length;
    }

    /** The genomes to evaluate, {@code scaling * x}, N x D (a fresh DOUBLE matrix). */
    @Override
    public final INDArray ask() {
        if (isDone()) {
            throw new IllegalStateException(name() + ": the run of " + alphas.length + " steps is finished");
        }
        return evaluated(x);
    }

    /**
     * Takes one raw score per row of {@link #ask()} (larger is better). On any error the state is
     * unchanged.
     *
     * @throws IllegalArgumentException if the length is wrong, a score is NaN, or the mapped fitness
     *                                  is negative or NaN (naming the first bad individual)
     * @throws IllegalStateException    if the run is finished
     */
    @Override
    public final void tell(double[] scores) {
        if (isDone()) {
            throw new IllegalStateException(name() + ": the run of " + alphas.length + " steps is finished");
        }
        int n = populationSize;
        if (scores == null) {
            throw new IllegalArgumentException(name() + ": scores must not be null");
        }
        if (scores.length != n) {
            throw new IllegalArgumentException(name() + ": expected " + n + " scores (one per row of ask()), got "
                    + scores.length);
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException(name() + ": score of individual " + i + " is NaN");
            }
        }
        double[] genomesBefore = x;
        double[] fitness;
        try {
            fitness = mapping.apply(scores,
                    mapping.needsGenomes() ? DiffusionUpdate.matrix(x, n, dimension) : null, config.scaling());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name() + ": " + mapping.spec() + ": " + e.getMessage(), e);
        }
        int bestIndex = -1;
        double bestNow = bestScore;
        for (int i = 0; i < n; i++) {
            if ((bestGenome == null && bestIndex < 0) || scores[i] > bestNow) {
                bestNow = scores[i];
                bestIndex = i;
            }
        }
        int t = alphas.length - 1 - generation;
        if (t >= 1) {
            double a = alphas[t];
            double aPrev = alphas[t - 1];
            double sigma = DiffusionUpdate.sigma(a, aPrev, config.eta());
            double[] noise = sigma > 0 ? gaussian(n, dimension) : null;
            double[] newX0 = new double[x.length];
            double[] next = new double[x.length];
            if (DiffusionUpdate.usesJavaPath(n, dimension, kernelFeatureDimension())) {
                double[] features = kernelFeatures(x, n);
                DiffusionUpdate.update(x, n, fitness, a, aPrev, config.eta(), features, kernelFeatureDimension(), noise,
                        newX0, next);
            } else {
                // ND4J all along, features included (the path a GPU backend runs)
                INDArray xm = DiffusionUpdate.matrix(x, n, dimension);
                DiffusionUpdate.Result r = DiffusionUpdate.update(xm, fitness, a, aPrev, config.eta(), kernelFeatures(xm),
                        noise == null ? null : DiffusionUpdate.matrix(noise, n, dimension));
                DiffusionUpdate.copyRowMajor(r.x0(), newX0);
                DiffusionUpdate.copyRowMajor(r.next(), next);
            }
            x0 = newX0;
            x = next;
        }
        if (bestIndex >= 0) {
            bestScore = bestNow;
            bestGenome = evaluatedRow(genomesBefore, bestIndex);
        }
        lastFitness = fitness;
        generation++;
    }

    @Override
    public final Candidate best() {
        if (bestGenome == null) {
            throw new IllegalStateException(name() + ": no scores have been told yet");
        }
        return new Candidate(bestGenome, bestScore);
    }

    /**
     * The estimate of the origins {@code x0} made by the last update, in evaluated coordinates
     * ({@code scaling * x0}), or null before the first update. After the final evaluation it is the
     * estimate made from the second-to-last population, the quantity the paper's 2-D metrics use.
     */
    public final INDArray lastX0() {
        return x0 == null ? null : evaluated(x0);
    }

    /** The fitness (after mapping) of the last {@link #tell(double[])}, or null before it. */
    public final double[] lastFitness() {
        return lastFitness == null ? null : lastFitness.clone();
    }

    /** The internal, unscaled population x (a copy). */
    public final INDArray population() {
        return DiffusionUpdate.matrix(x, populationSize, dimension);
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
        return dimension;
    }

    /** The run's random generator; subclasses draw their one-off randomness from it. */
    protected final Rng rng() {
        return rng;
    }

    /** The configuration as a string map; subclasses with more settings return theirs. */
    protected Map<String, String> configMap() {
        return RecordOptions.toMap(config);
    }

    /** Adds a subclass's own entries to a state being written. */
    protected void writeState(Map<String, double[]> arrays, Map<String, Double> scalars) {
    }

    /**
     * Validates and reads back what {@link #writeState} wrote. Called after the common part has been
     * validated and before it is applied; throwing leaves the strategy unchanged.
     */
    protected void readState(Map<String, double[]> arrays, Map<String, Double> scalars) {
    }

    @Override
    public final StrategyState state() {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        arrays.put("population", x.clone());
        if (x0 != null) {
            arrays.put("x0", x0.clone());
        }
        if (lastFitness != null) {
            arrays.put("fitness", lastFitness.clone());
        }
        if (bestGenome != null) {
            arrays.put("best.genome", bestGenome.clone());
            scalars.put("best.fitness", bestScore);
        }
        writeState(arrays, scalars);
        return new StrategyState(name(), dimension, generation, rng.state(), arrays, scalars, cachedConfigMap());
    }

    @Override
    public final void restore(StrategyState state) {
        if (state == null) {
            throw new IllegalArgumentException(name() + ": state must not be null");
        }
        if (!name().equals(state.strategy())) {
            throw new IllegalArgumentException(name() + ": cannot restore a state written by '" + state.strategy() + "'");
        }
        if (state.dimension() != dimension) {
            throw new IllegalArgumentException(name() + ": state has dimension " + state.dimension()
                    + ", this strategy has " + dimension);
        }
        Map<String, String> mine = cachedConfigMap();
        if (!mine.equals(state.config())) {
            throw new IllegalArgumentException(name() + ": state was written with config " + state.config()
                    + ", this strategy has " + mine);
        }
        if (state.generation() < 0 || state.generation() > alphas.length) {
            throw new IllegalArgumentException(name() + ": state generation " + state.generation()
                    + " is outside [0, " + alphas.length + "]");
        }
        int n = config.populationSize();
        Map<String, double[]> arrays = state.arrays();
        Map<String, Double> scalars = state.scalars();
        Rng restoredRng = Rng.fromState(state.rng());
        double[] restoredX = array(arrays, "population", n * dimension, true);
        double[] x0Flat = array(arrays, "x0", n * dimension, false);
        double[] fitness = array(arrays, "fitness", n, false);
        double[] genome = array(arrays, "best.genome", dimension, false);
        Double score = scalars.get("best.fitness");
        if ((genome == null) != (score == null)) {
            throw new IllegalArgumentException(name() + ": state has only one of best.genome and best.fitness");
        }
        readState(arrays, scalars);
        rng = restoredRng;
        x = restoredX;
        x0 = x0Flat;
        lastFitness = fitness;
        bestGenome = genome;
        bestScore = score == null ? Double.NEGATIVE_INFINITY : score;
        generation = state.generation();
    }

    /** {@link #configMap()}, computed once: the configuration never changes. */
    private Map<String, String> cachedConfigMap() {
        if (configMap == null) {
            configMap = configMap();
        }
        return configMap;
    }

    /** {@code scaling * a} as a fresh N x D matrix. */
    private INDArray evaluated(double[] a) {
        double s = config.scaling();
        if (s == 1.0) {
            return DiffusionUpdate.matrix(a, populationSize, dimension);
        }
        double[] e = new double[a.length];
        for (int k = 0; k < e.length; k++) {
            e[k] = a[k] * s;
        }
        return DiffusionUpdate.matrix(e, populationSize, dimension);
    }

    /** {@code scaling * a_i}, row i of a row-major N x D array. */
    private double[] evaluatedRow(double[] a, int i) {
        double s = config.scaling();
        double[] row = new double[dimension];
        for (int k = 0; k < dimension; k++) {
            row[k] = a[i * dimension + k] * s;
        }
        return row;
    }

    /** n * d standard normal draws from the run's generator, row by row. */
    private double[] gaussian(int n, int d) {
        double[] z = new double[Math.multiplyExact(n, d)];
        rng.fillGaussian(z);
        return z;
    }

    /** Row-major copy of a matrix. */
    protected static double[] flatten(INDArray m) {
        return DiffusionUpdate.rowMajor(m);
    }

    /** A state array of the given length; null if absent and not required. */
    protected final double[] array(Map<String, double[]> arrays, String key, int length, boolean required) {
        double[] a = arrays.get(key);
        if (a == null) {
            if (required) {
                throw new IllegalArgumentException(name() + ": state lacks array '" + key + "'");
            }
            return null;
        }
        if (a.length != length) {
            throw new IllegalArgumentException(name() + ": state array '" + key + "' has " + a.length
                    + " entries, expected " + length);
        }
        return a.clone();
    }

    @Override
    public String toString() {
        return name() + "[D=" + dimension + ", " + config + ", generation " + generation + "/" + alphas.length + "]";
    }
}
