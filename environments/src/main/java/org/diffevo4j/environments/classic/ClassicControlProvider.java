package org.diffevo4j.environments.classic;

import java.util.List;
import org.diffevo4j.environments.BatchOfOne;
import org.diffevo4j.environments.BatchedEnvironment;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.EnvironmentProvider;

/**
 * The built-in provider of Gymnasium's five classic-control environments, registered through
 * {@code META-INF/services} like any plug-in. Single environments it makes are {@link BatchOfOne}
 * (a {@link org.diffevo4j.environments.StatefulEnvironment}); vector ones are
 * {@link BatchedEnvironment}s (a {@link org.diffevo4j.environments.StatefulVectorEnvironment}).
 */
public final class ClassicControlProvider implements EnvironmentProvider {

    private static final List<EnvSpec> SPECS = List.of(Acrobot.SPEC, CartPole.SPEC, MountainCar.SPEC,
            MountainCarContinuous.SPEC, Pendulum.SPEC);

    @Override
    public List<EnvSpec> specs() {
        return SPECS;
    }

    @Override
    public Environment make(String id) {
        return new BatchOfOne(makeVector(id, 1));
    }

    @Override
    public BatchedEnvironment makeVector(String id, int n) {
        return switch (id) {
            case CartPole.ID -> new CartPole(n);
            case Acrobot.ID -> new Acrobot(n);
            case MountainCar.ID -> new MountainCar(n);
            case MountainCarContinuous.ID -> new MountainCarContinuous(n);
            case Pendulum.ID -> new Pendulum(n);
            default -> throw new IllegalArgumentException("ClassicControlProvider does not make '" + id + "'");
        };
    }

    /** Gymnasium's drawing of each of the five environments. */
    @Override
    public java.util.Optional<org.diffevo4j.environments.render.EnvironmentRenderer> renderer(String id) {
        return org.diffevo4j.environments.render.Renderers.builtIn(id);
    }
}
