package org.diffevo4j.agents;

/**
 * An environment returned a NaN or infinite reward. Names the lowest affected individual (and its
 * episode), the 1-based step at which it happened and the value.
 */
public final class NonFiniteRewardException extends RuntimeException {

    private final int individual;
    private final int episode;
    private final int step;
    private final double reward;

    public NonFiniteRewardException(String envId, int individual, int episode, int step, double reward) {
        super("environment " + envId + " returned reward " + reward + " for individual " + individual
                + ", episode " + episode + ", step " + step);
        this.individual = individual;
        this.episode = episode;
        this.step = step;
        this.reward = reward;
    }

    /** Index of the individual (row of the population). */
    public int individual() {
        return individual;
    }

    /** Episode index within that individual's episodes. */
    public int episode() {
        return episode;
    }

    /** 1-based step number at which the reward was returned. */
    public int step() {
        return step;
    }

    /** The offending reward. */
    public double reward() {
        return reward;
    }
}
