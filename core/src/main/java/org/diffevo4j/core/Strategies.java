package org.diffevo4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.diffevo4j.core.baselines.CmaEs;
import org.diffevo4j.core.baselines.MapElites;
import org.diffevo4j.core.baselines.OpenEs;
import org.diffevo4j.core.baselines.Pepg;
import org.diffevo4j.core.baselines.RandomSearch;
import org.diffevo4j.core.options.RecordOptions;

/**
 * The registry of strategies by name: the built-ins ({@code diffusion}, {@code cmaes},
 * {@code openes}, {@code pepg}, {@code map-elites}, {@code random}) and whatever
 * {@link StrategyProvider}s are on the class path (such as {@code latent-diffusion}) or were added
 * with {@link #reload(ClassLoader)}. {@link #describe(String)} tells what each one is and which
 * options it takes.
 *
 * <pre>{@code
 * Strategy s = Strategies.create("cmaes", 10, 42);                          // defaults
 * Strategy t = Strategies.create("openes", 10, 42, Map.of("sigma0", 0.5));  // option overrides
 * Strategy u = Strategies.create("pepg", 10, 42, Pepg.Config.defaults());   // a config record
 * }</pre>
 */
public final class Strategies {

    @FunctionalInterface
    private interface Factory<C extends Record> {
        Strategy create(C config, int dimension, long seed);
    }

    private record Builtin<C extends Record>(Class<C> type, Supplier<C> defaults, Factory<C> factory,
                                             String description) {

        Strategy create(Record config, int dimension, long seed) {
            return factory.create(type.cast(config), dimension, seed);
        }
    }

    private static final Map<String, Builtin<?>> BUILTIN = new LinkedHashMap<>();

    static {
        BUILTIN.put(DiffusionEvolution.NAME, new Builtin<>(DiffusionConfig.class, DiffusionConfig::defaults,
                DiffusionEvolution::new, "Diffusion Evolution (arXiv 2410.02543): fitness-weighted x0 estimate and DDIM step"));
        BUILTIN.put(CmaEs.NAME, new Builtin<>(CmaEs.Config.class, CmaEs.Config::defaults, CmaEs::new,
                "CMA-ES, covariance matrix adaptation with Hansen's tutorial defaults"));
        BUILTIN.put(OpenEs.NAME, new Builtin<>(OpenEs.Config.class, OpenEs.Config::defaults, OpenEs::new,
                "OpenAI-ES: isotropic Gaussian search gradient with Adam"));
        BUILTIN.put(Pepg.NAME, new Builtin<>(Pepg.Config.class, Pepg.Config::defaults, Pepg::new,
                "PEPG (estool): symmetric sampling, per-coordinate sigma adaptation"));
        BUILTIN.put(MapElites.NAME, new Builtin<>(MapElites.Config.class, MapElites.Config::defaults, MapElites::new,
                "MAP-Elites: an archive of the best genome per descriptor cell, Gaussian mutations"));
        BUILTIN.put(RandomSearch.NAME, new Builtin<>(RandomSearch.Config.class, RandomSearch.Config::defaults,
                RandomSearch::new, "Random search around a fixed mean: the floor every strategy should beat"));
    }

    private static volatile Map<String, StrategyProvider> providers;

    /**
     * What the registry knows about a strategy, for listings and for callers that set options by name.
     *
     * @param name           registry name
     * @param description    one line
     * @param defaultOptions the options it accepts with their defaults as strings, in declaration
     *                       order; empty when a provider does not declare them
     * @param source         {@code built-in}, or the class name of the provider
     */
    public record Description(String name, String description, Map<String, String> defaultOptions, String source) {

        public Description {
            defaultOptions = Collections.unmodifiableMap(new LinkedHashMap<>(defaultOptions));
        }
    }

    private Strategies() {
    }

    /**
     * Looks for providers again with another class loader (e.g. one that adds plugin jars); the
     * built-ins stay. Call it before creating strategies from those jars.
     *
     * @throws IllegalStateException when two providers, or a provider and a built-in, claim one name
     */
    public static void reload(ClassLoader loader) {
        synchronized (Strategies.class) {
            providers = loadProviders(loader);
        }
    }

    /**
     * The description and default options of a registered strategy: for a built-in, its config
     * record's defaults ({@link RecordOptions#toMap(Record)}); for a provider's, what it declares.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Description describe(String name) {
        Builtin<?> b = BUILTIN.get(name);
        if (b != null) {
            return new Description(name, b.description(), RecordOptions.toMap(b.defaults().get()), "built-in");
        }
        StrategyProvider p = providers().get(name);
        if (p != null) {
            Map<String, String> options = p.defaultOptions(name);
            return new Description(name, p.description(name), options == null ? Map.of() : options,
                    p.getClass().getName());
        }
        throw unknown(name);
    }

    /** {@link #describe(String)} for every name of {@link #names()}, in that order. */
    public static List<Description> describeAll() {
        List<Description> out = new ArrayList<>();
        for (String n : names()) {
            out.add(describe(n));
        }
        return Collections.unmodifiableList(out);
    }

    /** Every registered name: built-ins first, then those of the providers found on the class path. */
    public static List<String> names() {
        List<String> out = new ArrayList<>(BUILTIN.keySet());
        out.addAll(providers().keySet());
        return Collections.unmodifiableList(out);
    }

    /** The named strategy with its default configuration. */
    public static Strategy create(String name, int dimension, long seed) {
        return create(name, dimension, seed, Map.of());
    }

    /**
     * The named strategy with some options overridden; keys are the component names of the
     * strategy's config record (e.g. {@code populationSize}, {@code sigma0}, {@code generations}).
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones), an unknown
     *                                  option (listing the known ones) or a bad value
     */
    public static Strategy create(String name, int dimension, long seed, Map<String, ?> options) {
        Builtin<?> b = BUILTIN.get(name);
        if (b != null) {
            Record config = RecordOptions.fromMap(b.defaults().get(), options == null ? Map.of() : options);
            return b.create(config, dimension, seed);
        }
        StrategyProvider p = providers().get(name);
        if (p != null) {
            return p.create(name, dimension, seed, options == null ? Map.of() : options);
        }
        throw unknown(name);
    }

    /**
     * The named built-in strategy with a config record of its own type (e.g. {@code CmaEs.Config}).
     *
     * @throws IllegalArgumentException for an unknown name or a config of another strategy
     */
    public static Strategy create(String name, int dimension, long seed, Record config) {
        Builtin<?> b = BUILTIN.get(name);
        if (b == null) {
            if (providers().containsKey(name)) {
                throw new IllegalArgumentException("strategy '" + name
                        + "' comes from a provider; configure it with an option map");
            }
            throw unknown(name);
        }
        if (config == null) {
            throw new IllegalArgumentException("config for strategy '" + name + "' must not be null");
        }
        if (!b.type().isInstance(config)) {
            throw new IllegalArgumentException("strategy '" + name + "' takes a " + b.type().getName()
                    + ", got a " + config.getClass().getName());
        }
        return b.create(config, dimension, seed);
    }

    /** The default configuration record of a built-in strategy. */
    public static Record defaultConfig(String name) {
        Builtin<?> b = BUILTIN.get(name);
        if (b == null) {
            throw unknown(name);
        }
        return b.defaults().get();
    }

    /**
     * Recreates a strategy from a saved state: built with the state's name, dimension and config,
     * then restored, so it continues exactly where the saved one stopped.
     */
    public static Strategy resume(StrategyState state) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        Strategy s = create(state.strategy(), state.dimension(), 0L, state.config());
        s.restore(state);
        return s;
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown strategy '" + name + "'; known strategies: " + names());
    }

    private static Map<String, StrategyProvider> providers() {
        Map<String, StrategyProvider> p = providers;
        if (p == null) {
            synchronized (Strategies.class) {
                p = providers;
                if (p == null) {
                    p = loadProviders(Strategies.class.getClassLoader());
                    providers = p;
                }
            }
        }
        return p;
    }

    private static Map<String, StrategyProvider> loadProviders(ClassLoader loader) {
        Map<String, StrategyProvider> out = new LinkedHashMap<>();
        for (StrategyProvider provider : ServiceLoader.load(StrategyProvider.class, loader)) {
            for (String n : provider.names()) {
                if (BUILTIN.containsKey(n)) {
                    throw new IllegalStateException("strategy provider " + provider.getClass().getName()
                            + " registers '" + n + "', which is a built-in strategy");
                }
                StrategyProvider previous = out.putIfAbsent(n, provider);
                if (previous != null) {
                    throw new IllegalStateException("strategy '" + n + "' is registered by both "
                            + previous.getClass().getName() + " and " + provider.getClass().getName());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
