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

    EnvSpec spec();

    /** Number of copies. */
    int size();

    /** Resets every copy; copy i starts from a state drawn with {@code seeds[i]}. */
    void reset(long[] seeds);

    /** Steps every unfinished copy with a discrete action each ({@code actions.length == size()}). */
    void step(int[] actions);

    /** Steps every unfinished copy with a continuous action each, row-major {@code size() x actionSize}. */
    void step(double[] actions);

    double[] observations();

    double[] rewards();

    boolean[] terminated();

    boolean[] truncated();

    /** Copies whose episode has ended (terminated or truncated) and that are no longer stepped. */
    boolean[] done();

    /** Copies not yet done. */
    int activeCount();

    /** With auto-reset on, a finished copy starts a new episode on the next step instead of stopping. */
    void setAutoReset(boolean autoReset);
}
