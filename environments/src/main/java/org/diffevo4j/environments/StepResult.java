package org.diffevo4j.environments;

/**
 * What {@link Environment#step} returns, as in Gymnasium 1.x (info dict omitted).
 *
 * @param observation the observation after the step (float32 values held as doubles for float32 spaces)
 * @param reward      the step reward
 * @param terminated  the MDP reached a terminal state
 * @param truncated   the TimeLimit ended the episode (true on step {@code maxEpisodeSteps} even if it also terminates)
 */
public record StepResult(double[] observation, double reward, boolean terminated, boolean truncated) {

    /** Either flag: the episode is over. */
    public boolean done() {
        return terminated || truncated;
    }
}
