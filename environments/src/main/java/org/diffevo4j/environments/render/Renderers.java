package org.diffevo4j.environments.render;

import java.util.Optional;
import org.diffevo4j.environments.EnvironmentProvider;
import org.diffevo4j.environments.EnvironmentRegistry;
import org.diffevo4j.environments.Environments;

/**
 * Finds the renderer of an environment id: the built-in renderers for the five classic-control
 * environments, and for a plug-in environment whatever its {@link EnvironmentProvider#renderer(String)}
 * returns.
 */
public final class Renderers {

    private Renderers() {
    }

    /** The renderer of a built-in classic-control id, or empty for any other id. */
    public static Optional<EnvironmentRenderer> builtIn(String id) {
        return Optional.ofNullable(switch (id) {
            case "CartPole-v1" -> new CartPoleRenderer();
            case "Acrobot-v1" -> new AcrobotRenderer();
            case "MountainCar-v0" -> MountainCarRenderer.discrete();
            case "MountainCarContinuous-v0" -> MountainCarRenderer.continuous();
            case "Pendulum-v1" -> new PendulumRenderer();
            default -> null;
        });
    }

    /**
     * The renderer of a registered id in {@link Environments}' current registry.
     *
     * @throws IllegalArgumentException for an unknown id, or an environment whose provider draws nothing
     *                                  (the message names the interface to implement)
     */
    public static EnvironmentRenderer forEnvironment(String id) {
        return forEnvironment(Environments.registry(), id);
    }

    /**
     * The renderer of a registered id in {@code registry}.
     *
     * @throws IllegalArgumentException for an unknown id, or an environment whose provider draws nothing
     *                                  (the message names the interface to implement)
     */
    public static EnvironmentRenderer forEnvironment(EnvironmentRegistry registry, String id) {
        EnvironmentProvider p = registry.provider(id);
        Optional<EnvironmentRenderer> r = p.renderer(id);
        if (r == null || r.isEmpty()) {
            throw new IllegalArgumentException("environment '" + id + "' cannot be drawn: its provider "
                    + p.getClass().getName() + " has no renderer. Implement " + EnvironmentRenderer.class.getName()
                    + " and return it from " + EnvironmentProvider.class.getSimpleName() + ".renderer(String)");
        }
        return r.get();
    }
}
