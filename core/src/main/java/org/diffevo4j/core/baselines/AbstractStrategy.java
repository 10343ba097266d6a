package org.diffevo4j.core.baselines;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.diffevo4j.core.Candidate;
import org.diffevo4j.core.options.RecordOptions;
import org.diffevo4j.core.Rng;
import org.diffevo4j.core.Strategy;
import org.diffevo4j.core.StrategyState;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ask/tell bookkeeping every baseline shares: the generation budget, the pending population,
 * fitness validation, the best-so-far record and the common part of the saved state. Subclasses
 * supply {@link #sample()} and {@link #update(double[][], double[])} and their own state entries.
 */
public abstract class AbstractStrategy implements Strategy {

    private final String name;
    private final int dimension;
    private final int generations;
    private final Map<String, String> configMap;

    /** The run's only random source, saved with the state. */
    protected Rng rng;
    /** Completed {@code tell} calls. */
    protected int generation;
    private double[][] pending;
    private double[] bestGenome;
    private double bestFitness = Double.NEGATIVE_INFINITY;

    protected AbstractStrategy(String name, int dimension, int generations, Record config, long seed) {
        if (dimension < 1) {
            throw new IllegalArgumentException(name + ": dimension must be >= 1, got " + dimension);
        }
        if (generations < 1) {
            throw new IllegalArgumentException(name + ": generations must be >= 1, got " + generations);
        }
        this.name = name;
        this.dimension = dimension;
        this.generations = generations;
        this.configMap = RecordOptions.toMap(config);
        this.rng = new Rng(seed);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    /** Number of completed generations ({@code tell} calls). */
    public final int generation() {
        return generation;
    }

    /** The generation budget. */
    public final int generations() {
        return generations;
    }

    @Override
    public boolean isDone() {
        return generation >= generations;
    }

    @Override
    public final INDArray ask() {
        if (pending == null) {
            if (isDone()) {
                throw new IllegalStateException(name + ": budget of " + generations
                        + " generations is spent (generation " + generation + ")");
            }
            pending = sample();
        }
        return toMatrix(pending);
    }

    @Override
    public final void tell(double[] fitness) {
        if (pending == null) {
            throw new IllegalStateException(name + ": tell() called without a pending ask()");
        }
        checkFitness(fitness, pending.length);
        // update first: if it rejects the batch (e.g. a bad descriptor) the generation can be retold
        update(pending, fitness.clone());
        for (int i = 0; i < fitness.length; i++) {
            if (bestGenome == null || fitness[i] > bestFitness) {
                bestFitness = fitness[i];
                bestGenome = pending[i].clone();
            }
        }
        pending = null;
        generation++;
    }

    @Override
    public Candidate best() {
        if (bestGenome == null) {
            throw new IllegalStateException(name + ": no fitness has been told yet");
        }
        return new Candidate(bestGenome, bestFitness);
    }

    /** The next population to evaluate, one genome per row; called once per generation. */
    protected abstract double[][] sample();

    /** Advances the search distribution given the population just evaluated and its raw scores. */
    protected abstract void update(double[][] population, double[] fitness);

    /** Adds this strategy's own arrays and scalars to a state being written. */
    protected abstract void writeState(Map<String, double[]> arrays, Map<String, Double> scalars);

    /** Reads back what {@link #writeState} wrote. */
    protected abstract void readState(Map<String, double[]> arrays, Map<String, Double> scalars);

    @Override
    public final StrategyState state() {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        if (pending != null) {
            arrays.put("pending", flatten(pending));
            scalars.put("pending.rows", (double) pending.length);
        }
        if (bestGenome != null) {
            arrays.put("best.genome", bestGenome.clone());
            scalars.put("best.fitness", bestFitness);
        }
        writeState(arrays, scalars);
        return new StrategyState(name, dimension, generation, rng.state(), arrays, scalars, configMap);
    }

    @Override
    public final void restore(StrategyState state) {
        if (state == null) {
            throw new IllegalArgumentException(name + ": state must not be null");
        }
        if (!name.equals(state.strategy())) {
            throw new IllegalArgumentException(name + ": cannot restore a state written by '"
                    + state.strategy() + "'");
        }
        if (state.dimension() != dimension) {
            throw new IllegalArgumentException(name + ": state has dimension " + state.dimension()
                    + ", this strategy has " + dimension);
        }
        if (!configMap.equals(state.config())) {
            throw new IllegalArgumentException(name + ": state was written with config " + state.config()
                    + ", this strategy has " + configMap);
        }
        Map<String, double[]> arrays = state.arrays();
        Map<String, Double> scalars = state.scalars();
        Rng restoredRng = Rng.fromState(state.rng());
        double[][] restoredPending = null;
        if (arrays.containsKey("pending")) {
            restoredPending = unflatten(arrays.get("pending"), scalar(scalars, "pending.rows").intValue(), dimension);
        }
        readState(arrays, scalars);
        rng = restoredRng;
        generation = state.generation();
        pending = restoredPending;
        if (arrays.containsKey("best.genome")) {
            bestGenome = array(arrays, "best.genome", dimension);
            bestFitness = scalar(scalars, "best.fitness");
        } else {
            bestGenome = null;
            bestFitness = Double.NEGATIVE_INFINITY;
        }
    }

    // ---- helpers shared by the baselines ----

    /** Rejects a missing, mis-sized or NaN fitness vector, naming the offending individual. */
    protected final void checkFitness(double[] fitness, int n) {
        if (fitness == null) {
            throw new IllegalArgumentException(name + ": fitness must not be null");
        }
        if (fitness.length != n) {
            throw new IllegalArgumentException(name + ": expected " + n + " fitness values (one per row of ask()), got "
                    + fitness.length);
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(fitness[i])) {
                throw new IllegalArgumentException(name + ": fitness of individual " + i + " is NaN");
            }
        }
    }

    /** A DOUBLE matrix copy of {@code rows} (ND4J's default type is float, so say so explicitly). */
    static INDArray toMatrix(double[][] rows) {
        return Matrices.matrix(rows);
    }

    static double[] flatten(double[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        double[] out = new double[m.length * cols];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * cols, cols);
        }
        return out;
    }

    static double[][] unflatten(double[] flat, int rows, int cols) {
        if (flat == null || flat.length != (long) rows * cols) {
            throw new IllegalArgumentException("state array has " + (flat == null ? 0 : flat.length)
                    + " entries, expected " + rows + " x " + cols);
        }
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, out[i], 0, cols);
        }
        return out;
    }

    /** A required state array of the given length (a copy). */
    protected final double[] array(Map<String, double[]> arrays, String key, int length) {
        double[] a = arrays.get(key);
        if (a == null) {
            throw new IllegalArgumentException(name + ": state lacks array '" + key + "'");
        }
        if (length >= 0 && a.length != length) {
            throw new IllegalArgumentException(name + ": state array '" + key + "' has " + a.length
                    + " entries, expected " + length);
        }
        return a.clone();
    }

    /** A required state scalar. */
    protected final Double scalar(Map<String, Double> scalars, String key) {
        Double v = scalars.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + ": state lacks scalar '" + key + "'");
        }
        return v;
    }

    /** Centred ranks in [-0.5, 0.5] (Salimans et al. 2017); tied scores share their mean rank. */
    public static double[] centredRanks(double[] fitness) {
        int n = fitness.length;
        if (n < 2) {
            throw new IllegalArgumentException("centred ranks need at least 2 scores, got " + n);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(fitness[a], fitness[b]));
        double[] out = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && fitness[order[j + 1]] == fitness[order[i]]) {
                j++;
            }
            // ties share the mean of their ranks so that equal scores get equal weight
            double rank = (i + j) / 2.0;
            for (int k = i; k <= j; k++) {
                out[order[k]] = rank / (n - 1) - 0.5;
            }
            i = j + 1;
        }
        return out;
    }

    /** Indices sorting {@code fitness} from best (largest) to worst; ties keep index order. */
    static int[] descendingOrder(double[] fitness) {
        Integer[] order = new Integer[fitness.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(fitness[b], fitness[a]));
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** The initial mean: {@code mean} if given (checked against D), else the origin. */
    static double[] initialMean(String name, double[] mean, int dimension) {
        if (mean == null) {
            return new double[dimension];
        }
        if (mean.length != dimension) {
            throw new IllegalArgumentException(name + ": mean has length " + mean.length + ", dimension is " + dimension);
        }
        return mean.clone();
    }

    static void requirePositive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
    }
}
