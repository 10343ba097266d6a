package org.diffevo4j.environments;

import java.util.List;

/**
 * Plug-in point for custom environments, discovered with {@link java.util.ServiceLoader}: a jar
 * that lists its implementation in
 * {@code META-INF/services/org.diffevo4j.environments.EnvironmentProvider} adds its ids to
 * {@link Environments} without touching diffevo4j.
 */
public interface EnvironmentProvider {

    /** The specs of every environment this provider makes. */
    List<EnvSpec> specs();

    /** Makes a single environment with the given id (one of {@link #specs()}). */
    Environment make(String id);

    /**
     * Makes {@code n} copies stepped together. The default wraps {@code n} environments from
     * {@link #make(String)} in a {@link SyncVectorEnvironment}, so a plug-in that only writes a single
     * environment works with both APIs; override it with a batched implementation (for example a
     * {@link BatchedEnvironment}) where speed matters.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    default VectorEnvironment makeVector(String id, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("A vector environment needs at least 1 copy, got " + n);
        }
        return new SyncVectorEnvironment(() -> make(id), n);
    }

    /**
     * How the environment {@code id} is drawn, for {@code diffevo4j render}: empty (the default) for an
     * environment that cannot be drawn. Override it to return an
     * {@link org.diffevo4j.environments.render.EnvironmentRenderer} that draws the environment's
     * observations.
     */
    default java.util.Optional<org.diffevo4j.environments.render.EnvironmentRenderer> renderer(String id) {
        return java.util.Optional.empty();
    }
}
