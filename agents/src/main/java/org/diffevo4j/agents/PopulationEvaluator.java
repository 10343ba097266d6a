package org.diffevo4j.agents;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Plays P policies (one genome per row, {@link ParameterLayout} order) for E episodes each in a
 * batched environment, every copy stopping at its own end, and returns their returns.
 *
 * <p>Episode {@code (i, e)} is copy {@code k = i * E + e} and starts from {@code seeds[k]}, so results
 * depend only on the genomes and the seeds, never on the backend's thread count or partitioning.
 * Episodes last at most {@link #maxEpisodeSteps()} steps (the environment's own time limit or the
 * evaluator's cap, whichever is lower).
 *
 * <p>A non-finite reward raises {@link NonFiniteRewardException} naming the lowest affected
 * individual, its episode and the step.
 */
public interface PopulationEvaluator extends AutoCloseable {

    /** The policy shape the genomes follow. */
    PolicySpec policy();

    /** Genome dimension D. */
    default int dimension() {
        return policy().parameterCount();
    }

    /** Episode cap in steps. */
    int maxEpisodeSteps();

    /** The backend this evaluator runs on. */
    Backend backend();

    /**
     * Evaluates a population given as a row-major {@code P x D} array.
     *
     * @param population row-major genomes, length {@code P * D}; read during the call only (callers
     *                   such as the RL protocol reuse the array for the next population)
     * @param episodes   episodes per individual, E >= 1
     * @param seeds      reset seed of each episode, length {@code P * E}, index {@code i * E + e}
     */
    EvaluationResult evaluate(double[] population, int episodes, long[] seeds);

    /** Evaluates a {@code P x D} population matrix (e.g. {@code Strategy.ask()}). */
    default EvaluationResult evaluate(INDArray population, int episodes, long[] seeds) {
        if (population == null || population.rank() != 2 || population.columns() != dimension()) {
            throw new IllegalArgumentException("population must be a P x " + dimension() + " matrix, got "
                    + (population == null ? "null" : java.util.Arrays.toString(population.shape())));
        }
        // one conversion per call; a plain row-major DOUBLE matrix is read without an intermediate copy
        boolean plain = population.ordering() == 'c' && !population.isView()
                && population.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE
                && population.data().length() == population.length();
        return evaluate((plain ? population : population.dup('c')).data().asDouble(), episodes, seeds);
    }

    /** Evaluates with episode seeds derived from {@code baseSeed} by {@link EpisodeSeeds#derive}. */
    default EvaluationResult evaluate(INDArray population, int episodes, long baseSeed) {
        return evaluate(population, episodes, EpisodeSeeds.derive(baseSeed, Math.multiplyExact(
                (int) population.rows(), episodes)));
    }

    /** Releases threads and environments. */
    @Override
    void close();
}
