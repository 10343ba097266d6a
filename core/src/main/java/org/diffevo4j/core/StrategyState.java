package org.diffevo4j.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strategy's complete, serialisable state: plain data that Jackson writes and reads back, so a
 * run resumed from it continues bit-identically.
 *
 * @param strategy   registry name of the strategy that wrote it
 * @param dimension  genome dimension D
 * @param generation number of completed {@code tell} calls
 * @param rng        the random generator's state
 * @param arrays     named numeric arrays (population, mean, covariance, ...), row-major
 * @param scalars    named scalars (step size, the best raw score as {@code best.fitness}, ...)
 * @param config     the strategy's configuration, as a string map, to detect a mismatched resume
 */
public record StrategyState(String strategy, int dimension, int generation, long[] rng,
                            Map<String, double[]> arrays, Map<String, Double> scalars,
                            Map<String, String> config) {

    /** Copies the maps, keeping their order. */
    public StrategyState {
        arrays = new LinkedHashMap<>(arrays);
        scalars = new LinkedHashMap<>(scalars);
        config = new LinkedHashMap<>(config);
    }
}
