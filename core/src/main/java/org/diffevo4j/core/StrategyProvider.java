package org.diffevo4j.core;

import java.util.Map;
import java.util.Set;

/**
 * Plug-in point for strategies that live outside {@code core} (for example the latent variant of
 * Diffusion Evolution in the {@code latent} module). Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.diffevo4j.core.StrategyProvider}. {@link Strategies} then creates
 * them by name like the built-in ones.
 *
 * <p>Describe each name with {@link #description(String)} and {@link #defaultOptions(String)}: the
 * CLI lists them ({@code diffevo4j strategies}), and the RL protocol passes its settings (population
 * size, steps or generations, eta, fitness mapping, latent dimension) under exactly the option names
 * a strategy declares there. Both have defaults, so providers written before them still work.
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

    /**
     * A one-line description of one of {@link #names()}, for listings.
     *
     * @param name one of {@link #names()}
     * @return the description; by default one that names the provider class
     */
    default String description(String name) {
        return "strategy from " + getClass().getName();
    }

    /**
     * The options one of {@link #names()} accepts, with their default values as strings (e.g. from
     * {@link org.diffevo4j.core.options.RecordOptions#toMap(Record)} of the config's defaults), in a
     * stable order.
     *
     * @param name one of {@link #names()}
     * @return the declared options; empty by default, meaning "not declared"
     */
    default Map<String, String> defaultOptions(String name) {
        return Map.of();
    }
}
