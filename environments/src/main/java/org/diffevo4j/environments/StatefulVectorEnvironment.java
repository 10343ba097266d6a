package org.diffevo4j.environments;

/**
 * A {@link VectorEnvironment} whose copies' internal states can be read and written one copy at a
 * time. See {@link StatefulEnvironment} for what a state is.
 */
public interface StatefulVectorEnvironment extends VectorEnvironment {

    /** Length of one copy's internal state vector. */
    int stateSize();

    /**
     * Copies the internal state of copy {@code copy} into {@code out} (length {@link #stateSize()}).
     *
     * @throws IllegalArgumentException for a bad copy index or output length
     */
    void state(int copy, double[] out);

    /** Steps taken in copy {@code copy}'s current episode (0 right after a reset). */
    int elapsedSteps(int copy);

    /** Starts a new episode in copy {@code copy} from the given state; same as {@code loadState(copy, state, 0)}. */
    default void loadState(int copy, double[] state) {
        loadState(copy, state, 0);
    }

    /**
     * Puts copy {@code copy} into the given state as reached after {@code elapsedSteps} steps of an
     * episode (see {@link StatefulEnvironment#loadState(double[], int)}). The copy becomes active: its
     * flags are cleared, its reward reads 0 and its observation is derived from the state. A copy
     * loaded this way counts as reset, so the batch can be stepped once every copy has been reset or
     * loaded.
     *
     * @throws IllegalArgumentException for a bad copy index, a state of the wrong length or with a
     *                                  non-finite value, or {@code elapsedSteps} outside
     *                                  {@code [0, maxEpisodeSteps)}
     */
    void loadState(int copy, double[] state, int elapsedSteps);
}
