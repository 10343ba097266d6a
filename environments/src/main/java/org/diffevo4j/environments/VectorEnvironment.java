package org.diffevo4j.environments;

/**
 * N copies of one environment stepped together, state held as structure-of-arrays.
 *
 * <p>After {@link #step}, the arrays returned by {@link #observations()}, {@link #rewards()},
 * {@link #terminated()}, {@link #truncated()} and {@link #done()} describe every copy; they are
 * live views owned by the environment (no copy is made per step), overwritten by the next step.
 * Observations are row-major, {@code size() x spec().observationSize()}.
 *
 * <p>Without auto-reset, a copy whose episode ended ({@code done()[i]}) is not stepped again: its
 * reward reads 0 and its flags and observation keep their final values, so a caller can keep
 * stepping the batch until {@link #activeCount()} is 0. With auto-reset, a finished copy is reset on
 * the next step from its own seeded stream (Gymnasium's "next-step" autoreset mode).
 */
public interface VectorEnvironment {

    /** The registered description of the environment every copy runs. */
    EnvSpec spec();

    /** Number of copies. */
    int size();

    /**
     * Resets every copy; copy i starts from a state drawn with {@code seeds[i]}. The seed also starts
     * the copy's own random stream, which later auto-resets continue.
     *
     * @throws IllegalArgumentException if {@code seeds.length != size()}
     */
    void reset(long[] seeds);

    /**
     * Resets every copy with the seeds {@code seed, seed + 1, ..., seed + size() - 1}, as Gymnasium's
     * vector environments do for {@code reset(seed=seed)}.
     */
    default void reset(long seed) {
        long[] seeds = new long[size()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = seed + i;
        }
        reset(seeds);
    }

    /**
     * Steps every unfinished copy with a discrete action each ({@code actions.length == size()}).
     * Entries for finished copies are ignored.
     *
     * @throws IllegalArgumentException for a continuous-action environment, a wrong length, or an
     *                                  action outside the space of a copy that is stepped
     * @throws IllegalStateException    if a copy has never been reset
     */
    void step(int[] actions);

    /**
     * Steps every unfinished copy with a continuous action each, row-major {@code size() x actionSize}.
     * Values outside the action box are legal (the environment clips them by its own rules); entries
     * for finished copies are ignored.
     *
     * @throws IllegalArgumentException for a discrete-action environment, a wrong length, or a NaN
     *                                  action for a copy that is stepped
     * @throws IllegalStateException    if a copy has never been reset
     */
    void step(double[] actions);

    /** The observations after the last step or reset, row-major {@code size() x spec().observationSize()}. */
    double[] observations();

    /** The reward of each copy on the last step. */
    double[] rewards();

    /** Whether each copy's episode terminated on the last step. */
    boolean[] terminated();

    /** Whether each copy's episode was truncated (time limit) on the last step. */
    boolean[] truncated();

    /** Copies whose episode has ended (terminated or truncated) and that are no longer stepped. */
    boolean[] done();

    /** Copies not yet done. */
    int activeCount();

    /** With auto-reset on, a finished copy starts a new episode on the next step instead of stopping. */
    void setAutoReset(boolean autoReset);
}
