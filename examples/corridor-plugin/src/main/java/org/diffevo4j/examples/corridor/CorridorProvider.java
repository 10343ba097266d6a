package org.diffevo4j.examples.corridor;

import java.util.List;
import java.util.Optional;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.EnvironmentProvider;
import org.diffevo4j.environments.render.EnvironmentRenderer;

/** Registers Corridor-v0; listed in META-INF/services so ServiceLoader finds it. */
public final class CorridorProvider implements EnvironmentProvider {

    @Override
    public List<EnvSpec> specs() {
        return List.of(Corridor.SPEC);
    }

    @Override
    public Environment make(String id) {
        if (!Corridor.SPEC.id().equals(id)) {
            throw new IllegalArgumentException("CorridorProvider makes only Corridor-v0, not " + id);
        }
        return new Corridor();
    }

    /** Lets {@code diffevo4j render} draw Corridor-v0. */
    @Override
    public Optional<EnvironmentRenderer> renderer(String id) {
        return Corridor.SPEC.id().equals(id) ? Optional.of(new CorridorRenderer()) : Optional.empty();
    }
}
