package org.diffevo4j.latent;

import java.util.Map;
import java.util.Set;
import org.diffevo4j.core.Strategy;
import org.diffevo4j.core.StrategyProvider;
import org.diffevo4j.core.options.RecordOptions;

/**
 * Registers {@code latent-diffusion} with {@link org.diffevo4j.core.Strategies}. Options are the
 * components of {@link LatentDiffusionEvolution.Config}: {@code populationSize}, {@code steps},
 * {@code schedule}, {@code eta}, {@code fitnessMapping}, {@code scaling}, {@code latentDim}.
 */
public final class LatentDiffusionProvider implements StrategyProvider {

    @Override
    public Set<String> names() {
        return Set.of(LatentDiffusionEvolution.NAME);
    }

    @Override
    public String description(String name) {
        return "Latent Diffusion Evolution: kernel distances in a random d-dimensional projection, updates in full space";
    }

    @Override
    public Map<String, String> defaultOptions(String name) {
        return RecordOptions.toMap(LatentDiffusionEvolution.Config.defaults());
    }

    @Override
    public Strategy create(String name, int dimension, long seed, Map<String, ?> options) {
        if (!LatentDiffusionEvolution.NAME.equals(name)) {
            throw new IllegalArgumentException("provider " + getClass().getName() + " does not create '" + name + "'");
        }
        LatentDiffusionEvolution.Config c = RecordOptions.fromMap(LatentDiffusionEvolution.Config.defaults(),
                options == null ? Map.of() : options);
        return new LatentDiffusionEvolution(c, dimension, seed);
    }
}
