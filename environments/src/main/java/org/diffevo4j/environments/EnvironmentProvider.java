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

    /** Makes {@code n} copies stepped together. */
    VectorEnvironment makeVector(String id, int n);
}
