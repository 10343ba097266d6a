package org.diffevo4j.agents;

/**
 * The inputs and outputs of one {@code evaluate} call of the JVM evaluator: read-only inputs shared by
 * all threads, output arrays written disjointly (each copy's slots by the thread that plays it).
 * Copy {@code c} plays individual {@code c / episodes} with seed {@code seeds[c]}.
 */
record RolloutJob(double[] pop, int dim, int episodes, long[] seeds, double[] returns, int[] lengths,
                  boolean[] terminated, int[] badStep, double[] badValue) {

    /** A job with zeroed outputs for {@code copies} copies. */
    static RolloutJob of(double[] pop, int dim, int episodes, long[] seeds, int copies) {
        return new RolloutJob(pop, dim, episodes, seeds, new double[copies], new int[copies], new boolean[copies],
                new int[copies], new double[copies]);
    }

    /** Offset of copy {@code c}'s genome in {@link #pop}. */
    int genomeBase(int c) {
        return (c / episodes) * dim;
    }

    /**
     * Adds one step's reward to copy {@code c}'s return and remembers the first non-finite reward.
     *
     * @param t the 1-based step the reward belongs to
     */
    void addReward(int c, double r, int t) {
        returns[c] += r;
        if (r - r != 0 && badStep[c] == 0) {
            // NaN or +-infinity (r - r is NaN for both); keep the first occurrence
            badStep[c] = t;
            badValue[c] = r;
        }
    }

    /** Records the end of copy {@code c}'s episode after {@code t} steps. */
    void finish(int c, int t, boolean envTerminated) {
        lengths[c] = t;
        terminated[c] = envTerminated;
    }
}
