package org.diffevo4j.environments;

/**
 * An {@link Environment} whose internal state can be read and written: for conformance tests against
 * recorded trajectories, and for users who want to start an episode from a chosen state.
 *
 * <p>The state vector is the environment's internal state as Gymnasium keeps it
 * ({@code env.unwrapped.state}), in the layout the implementation documents; the observation is
 * derived from it.
 */
public interface StatefulEnvironment extends Environment {

    /** Length of the internal state vector. */
    int stateSize();

    /**
     * A copy of the internal state.
     *
     * @throws IllegalStateException before the first reset or load
     */
    double[] state();

    /**
     * Steps taken in the current episode, as counted by the TimeLimit (0 right after a reset).
     */
    int elapsedSteps();

    /**
     * Starts a new episode from the given state, as if {@code reset} had drawn it, and returns its
     * observation. Equivalent to {@code loadState(state, 0)}.
     *
     * @throws IllegalArgumentException if the length is not {@link #stateSize()} or a value is not finite
     */
    default double[] loadState(double[] state) {
        return loadState(state, 0);
    }

    /**
     * Puts the environment into the given state as reached after {@code elapsedSteps} steps of an
     * episode, and returns its observation. The step count drives the TimeLimit, and it also tells
     * environments whose arithmetic differs between the first step and later ones (such as
     * MountainCarContinuous, whose state is float64 before the first step and float32 after every step)
     * which kind of state this is. Episode bookkeeping (for example CartPole's "already terminated"
     * memory) starts fresh.
     *
     * @throws IllegalArgumentException if the length is not {@link #stateSize()}, a value is not finite,
     *                                  or {@code elapsedSteps} is outside {@code [0, maxEpisodeSteps)}
     */
    double[] loadState(double[] state, int elapsedSteps);
}
