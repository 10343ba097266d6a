package org.diffevo4j.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.diffevo4j.core.options.RecordOptions;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ask/tell bookkeeping every strategy shares: the generation budget, the pending population,
 * score validation, the best-so-far record, the run's random generator and the common part of the
 * saved state. Subclasses supply {@link #sample()} and {@link #update(double[][], double[])} and their
 * own state entries.
 *
 * <p>Two kinds of strategy fit: those that draw a new population at each {@link #ask()} (the
 * baselines; the drawn population is saved with the state until it is told), and those whose
 * population is part of their state between generations (Diffusion Evolution, see
 * {@link #populationPersists()}).
 */
public abstract class AbstractStrategy implements Strategy {

    private final String name;
    private final int dimension;
    private final int generations;
    private final Map<String, String> configMap;

    private Rng rng;
    private int generation;
    /** The population asked and not yet told, one genome per row, or null. */
    private double[][] pending;
    private double[] bestGenome;
    private double bestScore = Double.NEGATIVE_INFINITY;

    /**
     * @param name        the registry name, used in state and error messages
     * @param dimension   genome dimension D, at least 1
     * @param generations the budget of {@code tell} calls, at least 1
     * @param config      the configuration record; its option map is saved with the state and must
     *                    match on restore
     * @param seed        the run's seed: same seed, same run
     */
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

    /** The run's only random source; it is saved with the state. */
    protected final Rng rng() {
        return rng;
    }

    @Override
    public boolean isDone() {
        return generation >= generations;
    }

    /** The pending population as a fresh N x D DOUBLE matrix, drawn by {@link #sample()} if none is pending. */
    @Override
    public final INDArray ask() {
        if (pending == null) {
            if (isDone()) {
                throw new IllegalStateException(finished());
            }
            pending = sample();
        }
        return matrix(pending);
    }

    /**
     * The pending population as rows (a copy), drawn by {@link #sample()} if none is pending: the
     * same genomes as {@link #ask()} without building a matrix, for callers that evaluate in plain
     * Java (the 2-D benchmark suite).
     */
    public final double[][] askRows() {
        if (pending == null) {
            if (isDone()) {
                throw new IllegalStateException(finished());
            }
            pending = sample();
        }
        double[][] out = new double[pending.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = pending[i].clone();
        }
        return out;
    }

    /**
     * The pending population itself, not a copy (drawn by {@link #sample()} if none is pending), for
     * evaluation loops that only read it: a caller must not modify the rows, and must not keep them
     * past the next {@link #tell(double[])} (a strategy may refill the same arrays for the next
     * generation, as Diffusion Evolution does). {@link #askRows()} is the safe form.
     */
    public final double[][] pendingRows() {
        if (pending == null) {
            if (isDone()) {
                throw new IllegalStateException(finished());
            }
            pending = sample();
        }
        return pending;
    }

    /**
     * Takes one raw score per row of the pending population (larger is better). The subclass's
     * update runs first: if it rejects the scores, nothing changes and the generation can be retold.
     *
     * @throws IllegalArgumentException if the length is wrong or a score is NaN (naming the individual),
     *                                  or the subclass rejects the scores
     * @throws IllegalStateException    if the budget is spent or nothing is pending
     */
    @Override
    public final void tell(double[] scores) {
        if (pending == null) {
            if (isDone()) {
                throw new IllegalStateException(finished());
            }
            if (!populationPersists()) {
                throw new IllegalStateException(name + ": tell() called without a pending ask()");
            }
            pending = sample();
        }
        checkScores(scores, pending.length);
        update(pending, scores.clone());
        for (int i = 0; i < scores.length; i++) {
            if (bestGenome == null || scores[i] > bestScore) {
                bestScore = scores[i];
                bestGenome = pending[i].clone();
            }
        }
        pending = null;
        generation++;
    }

    @Override
    public final Candidate best() {
        if (bestGenome == null) {
            throw new IllegalStateException(name + ": no scores have been told yet");
        }
        return new Candidate(bestGenome, bestScore);
    }

    /**
     * The next population to evaluate, one genome per row; called at most once per generation,
     * by the first {@link #ask()} (or, where {@link #populationPersists()}, a {@code tell} without one).
     */
    protected abstract double[][] sample();

    /**
     * Advances the strategy given the population just evaluated and its raw scores (a copy the
     * subclass may keep). Throwing leaves the strategy unchanged, so it must validate before it
     * changes anything.
     */
    protected abstract void update(double[][] population, double[] scores);

    /**
     * True when the population to evaluate is a function of the saved state (Diffusion Evolution's
     * population between updates), rather than a fresh draw: {@link #sample()} then draws no
     * randomness, {@code tell} may come without an {@code ask}, and the pending copy is not saved.
     */
    protected boolean populationPersists() {
        return false;
    }

    /** Adds this strategy's own arrays and scalars to a state being written. */
    protected abstract void writeState(Map<String, double[]> arrays, Map<String, Double> scalars);

    /**
     * Validates and reads back what {@link #writeState} wrote. Called after the common part has been
     * validated and before it is applied; it should validate everything before changing anything.
     */
    protected abstract void readState(Map<String, double[]> arrays, Map<String, Double> scalars);

    @Override
    public final StrategyState state() {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        if (pending != null && !populationPersists()) {
            arrays.put("pending", flatten(pending));
            scalars.put("pending.rows", (double) pending.length);
        }
        if (bestGenome != null) {
            arrays.put("best.genome", bestGenome.clone());
            scalars.put("best.fitness", bestScore);
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
            throw new IllegalArgumentException(name + ": cannot restore a state written by '" + state.strategy() + "'");
        }
        if (state.dimension() != dimension) {
            throw new IllegalArgumentException(name + ": state has dimension " + state.dimension()
                    + ", this strategy has " + dimension);
        }
        if (!configMap.equals(state.config())) {
            throw new IllegalArgumentException(name + ": state was written with config " + state.config()
                    + ", this strategy has " + configMap);
        }
        if (state.generation() < 0 || state.generation() > generations) {
            throw new IllegalArgumentException(name + ": state generation " + state.generation()
                    + " is outside [0, " + generations + "]");
        }
        Map<String, double[]> arrays = state.arrays();
        Map<String, Double> scalars = state.scalars();
        Rng restoredRng = Rng.fromState(state.rng());
        double[][] restoredPending = null;
        if (!populationPersists() && arrays.containsKey("pending")) {
            restoredPending = unflatten(arrays.get("pending"), scalar(scalars, "pending.rows").intValue(), dimension);
        }
        double[] genome = arrays.containsKey("best.genome") ? array(arrays, "best.genome", dimension) : null;
        Double score = scalars.get("best.fitness");
        if ((genome == null) != (score == null)) {
            throw new IllegalArgumentException(name + ": state has only one of best.genome and best.fitness");
        }
        readState(arrays, scalars);
        rng = restoredRng;
        generation = state.generation();
        pending = restoredPending;
        bestGenome = genome;
        bestScore = score == null ? Double.NEGATIVE_INFINITY : score;
    }

    /** Rejects a missing, mis-sized or NaN score vector, naming the offending individual. */
    private void checkScores(double[] scores, int n) {
        if (scores == null) {
            throw new IllegalArgumentException(name + ": scores must not be null");
        }
        if (scores.length != n) {
            throw new IllegalArgumentException(name + ": expected " + n + " scores (one per row of ask()), got "
                    + scores.length);
        }
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException(name + ": score of individual " + i + " is NaN");
            }
        }
    }

    private String finished() {
        return name + ": the budget of " + generations + " generations is spent";
    }

    /** A DOUBLE matrix copy of {@code rows}. */
    private static INDArray matrix(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        return HostCopies.matrix(rows, cols);
    }

    /** Row-major copy of a matrix held as rows. */
    protected static double[] flatten(double[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        double[] out = new double[m.length * cols];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * cols, cols);
        }
        return out;
    }

    /**
     * The rows of a row-major array.
     *
     * @throws IllegalArgumentException if its length is not {@code rows * cols}
     */
    protected static double[][] unflatten(double[] flat, int rows, int cols) {
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

    /**
     * A required state array (a copy).
     *
     * @param length the expected length, or -1 for any
     */
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
}
