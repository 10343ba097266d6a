package org.diffevo4j.trainer.plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.diffevo4j.core.Candidate;
import org.diffevo4j.core.Strategies;
import org.diffevo4j.core.Strategy;
import org.diffevo4j.core.StrategyProvider;
import org.diffevo4j.core.StrategyState;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A strategy plugin for tests: {@value #NAME}, random search under its own name. It is registered
 * only by the services file of the jar that {@code StrategyPluginTest} builds at test time (the test
 * class path has no such file), so the CLI reaches it through {@code --plugin} alone.
 */
public final class WalkStrategyProvider implements StrategyProvider {

    public static final String NAME = "test-walk";
    public static final String DESCRIPTION = "random search under another name (a test plugin)";

    @Override
    public Set<String> names() {
        return Set.of(NAME);
    }

    @Override
    public String description(String name) {
        return DESCRIPTION;
    }

    @Override
    public Map<String, String> defaultOptions(String name) {
        return Strategies.describe("random").defaultOptions();
    }

    @Override
    public Strategy create(String name, int dimension, long seed, Map<String, ?> options) {
        return new Walk(Strategies.create("random", dimension, seed, options));
    }

    /** Delegates to the built-in, renaming its saved state so a resume finds its own name. */
    private record Walk(Strategy inner) implements Strategy {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public INDArray ask() {
            return inner.ask();
        }

        @Override
        public void tell(double[] fitness) {
            inner.tell(fitness);
        }

        @Override
        public boolean isDone() {
            return inner.isDone();
        }

        @Override
        public Candidate best() {
            return inner.best();
        }

        @Override
        public StrategyState state() {
            return renamed(inner.state(), NAME);
        }

        @Override
        public void restore(StrategyState state) {
            inner.restore(renamed(state, inner.name()));
        }

        private static StrategyState renamed(StrategyState s, String name) {
            return new StrategyState(name, s.dimension(), s.generation(), s.rng(), new LinkedHashMap<>(s.arrays()),
                    new LinkedHashMap<>(s.scalars()), new LinkedHashMap<>(s.config()));
        }
    }
}
