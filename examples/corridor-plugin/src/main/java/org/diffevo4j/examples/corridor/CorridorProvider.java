package org.diffevo4j.examples.corridor;

import java.util.List;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.EnvironmentProvider;

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
}
