package org.diffevo4j.environments;

import java.util.List;

/**
 * The registry of environments, Gymnasium's {@code gymnasium.make} for Java.
 *
 * <pre>{@code
 * Environment env = Environments.make("CartPole-v1");
 * VectorEnvironment batch = Environments.makeVector("Pendulum-v1", 256);
 * for (String id : Environments.ids()) { ... }
 * }</pre>
 *
 * <p>Built in: {@code CartPole-v1}, {@code Acrobot-v1}, {@code MountainCar-v0},
 * {@code MountainCarContinuous-v0} and {@code Pendulum-v1}. More come from plug-ins: any jar that lists
 * an {@link EnvironmentProvider} in {@code META-INF/services/org.diffevo4j.environments.EnvironmentProvider}.
 * The registry is built on first use with the thread's context class loader; after adding jars (for
 * example a {@link java.net.URLClassLoader} for a {@code --plugin} option) call {@link #reload(ClassLoader)}.
 *
 * <p>Every registered id works with both APIs: a provider that only writes a single environment gets a
 * vector version from {@link EnvironmentProvider#makeVector}'s default.
 */
public final class Environments {

    private static volatile EnvironmentRegistry registry;

    private Environments() {
    }

    /** The current registry, built on first use from the context class loader. */
    public static EnvironmentRegistry registry() {
        EnvironmentRegistry r = registry;
        if (r == null) {
            synchronized (Environments.class) {
                r = registry;
                if (r == null) {
                    r = EnvironmentRegistry.load(defaultLoader());
                    registry = r;
                }
            }
        }
        return r;
    }

    /**
     * Rebuilds the registry from the context class loader. If that fails, the previous registry stays.
     *
     * @throws IllegalStateException if a provider cannot be loaded or two providers claim one id
     */
    public static void reload() {
        reload(defaultLoader());
    }

    /**
     * Rebuilds the registry from providers visible to {@code loader} (which normally delegates to the
     * application class loader, so built-in and class-path providers stay). If that fails, the previous
     * registry stays.
     *
     * @throws IllegalStateException if a provider cannot be loaded or two providers claim one id
     */
    public static void reload(ClassLoader loader) {
        EnvironmentRegistry r = EnvironmentRegistry.load(loader);
        synchronized (Environments.class) {
            registry = r;
        }
    }

    private static ClassLoader defaultLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : Environments.class.getClassLoader();
    }

    /**
     * A new single environment, TimeLimit included.
     *
     * @throws IllegalArgumentException for an unknown id; the message lists the known ids
     */
    public static Environment make(String id) {
        return registry().make(id);
    }

    /**
     * {@code n} copies of an environment stepped together.
     *
     * @throws IllegalArgumentException for an unknown id or {@code n < 1}
     */
    public static VectorEnvironment makeVector(String id, int n) {
        return registry().makeVector(id, n);
    }

    /** Every registered id, sorted. */
    public static List<String> ids() {
        return registry().ids();
    }

    /**
     * The spec of a registered id.
     *
     * @throws IllegalArgumentException for an unknown id
     */
    public static EnvSpec spec(String id) {
        return registry().spec(id);
    }

    /** Every registered spec, sorted by id. */
    public static List<EnvSpec> specs() {
        return registry().specs();
    }
}
