package org.diffevo4j.core;

import java.util.Map;
import java.util.Set;

/**
 * Plug-in point for strategies that live outside {@code core} (for example the latent variant of
 * Diffusion Evolution in the {@code latent} module). Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.diffevo4j.core.StrategyProvider}. {@link Strategies} then creates
 * them by name like the built-in ones.
 */
public interface StrategyProvider {

    /** The registry names this provider creates; must not clash with built-in or other names. */
    Set<String> names();

    /**
     * Creates one of {@link #names()}.
     *
     * @param name      one of {@link #names()}
     * @param dimension genome dimension D (>= 1)
     * @param seed      the run's seed; same seed, same results
     * @param options   option overrides (keys are the config's component names); empty = defaults
     * @throws IllegalArgumentException for an unknown option or a bad value, naming it
     */
    Strategy create(String name, int dimension, long seed, Map<String, ?> options);
}
