package org.diffevo4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An optimiser over a population, in the ask/tell form of evosax and pycma.
 *
 * <p>Convention for every strategy: scores are <b>maximised</b>. {@link #tell(double[])} takes one
 * raw score per row of the last {@link #ask()} (larger is better); each strategy shapes it as it
 * needs (Diffusion Evolution through its {@link FitnessMapping}, OpenES by centred ranks, CMA-ES by
 * ranks). A NaN score is rejected with an error that names the individual.
 *
 * <pre>{@code
 * Strategy s = Strategies.create("diffusion", 2, 42);     // D = 2, seed 42
 * while (!s.isDone()) {
 *     INDArray x = s.ask();                              // N x D
 *     double[] f = new double[(int) x.rows()];
 *     for (int i = 0; i < f.length; i++) f[i] = -x.getRow(i).norm2Number().doubleValue();
 *     s.tell(f);
 * }
 * double[] best = s.best().genome();
 * }</pre>
 */
public interface Strategy {

    /** Registry name of this strategy ({@code diffusion}, {@code cmaes}, ...). */
    String name();

    /** Genome dimension D. */
    int dimension();

    /**
     * The population to evaluate next, an N x D matrix (one genome per row). Calling it again before
     * {@link #tell(double[])} returns the same population.
     */
    INDArray ask();

    /** Reports one score per row of the last {@link #ask()} (maximised) and advances the state. */
    void tell(double[] scores);

    /** True once the strategy's budget (its generations or schedule) is spent. */
    boolean isDone();

    /** The best genome told so far and its raw score. */
    Candidate best();

    /**
     * Everything needed to resume bit-identically: population, step index, internal parameters and
     * the random generator's state. Serialisable with Jackson.
     */
    StrategyState state();

    /** Replaces this strategy's state with a saved one (same strategy and dimension). */
    void restore(StrategyState state);

    /**
     * Runs ask/tell until {@link #isDone()} on an objective that scores a whole batch.
     *
     * @return the best candidate seen
     */
    default Candidate optimize(Objective objective) {
        while (!isDone()) {
            tell(objective.evaluate(ask()));
        }
        return best();
    }
}
