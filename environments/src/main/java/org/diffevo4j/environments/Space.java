package org.diffevo4j.environments;

/**
 * An observation or action space, as in Gymnasium's {@code gymnasium.spaces}.
 * Only the two kinds classic control needs exist: {@link Discrete} and {@link Box}.
 */
public sealed interface Space permits Discrete, Box {

    /** Number of scalars one element of this space occupies when flattened (1 for {@link Discrete}). */
    int flatSize();
}
