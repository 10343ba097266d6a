package org.diffevo4j.environments;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.diffevo4j.environments.classic.ClassicControlProvider;

/**
 * An immutable map from environment id to the {@link EnvironmentProvider} that makes it. Most code uses
 * the static facade {@link Environments}; an instance is useful to test a set of providers in isolation
 * or to hold a registry built from a plug-in class loader.
 */
public final class EnvironmentRegistry {

    private record Entry(EnvSpec spec, EnvironmentProvider provider) {
    }

    private final Map<String, Entry> entries;
    private final List<String> ids;
    private final List<EnvSpec> specs;

    private EnvironmentRegistry(Map<String, Entry> entries) {
        this.entries = entries;
        this.ids = List.copyOf(entries.keySet());
        List<EnvSpec> s = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            s.add(e.spec());
        }
        this.specs = Collections.unmodifiableList(s);
    }

    /**
     * The built-in providers plus every provider that {@link ServiceLoader} finds through
     * {@code loader}. The built-in classic-control provider is listed in this module's
     * {@code META-INF/services}; it is added even if that file was lost (for example by a shaded jar
     * that does not merge service files).
     *
     * @throws IllegalStateException if a provider cannot be instantiated, or two providers claim one id
     */
    public static EnvironmentRegistry load(ClassLoader loader) {
        List<EnvironmentProvider> providers = new ArrayList<>();
        boolean builtInFound = false;
        try {
            for (EnvironmentProvider p : ServiceLoader.load(EnvironmentProvider.class, loader)) {
                builtInFound |= p.getClass() == ClassicControlProvider.class;
                providers.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("Could not load an environment provider listed in META-INF/services/"
                    + EnvironmentProvider.class.getName() + ": " + e.getMessage(), e);
        }
        if (!builtInFound) {
            providers.add(0, new ClassicControlProvider());
        }
        return of(providers);
    }

    /**
     * A registry of exactly the given providers.
     *
     * @throws IllegalStateException if two providers claim one id (the message names both classes), a
     *                               provider lists an id twice, or a provider returns a null spec
     */
    public static EnvironmentRegistry of(Collection<? extends EnvironmentProvider> providers) {
        Objects.requireNonNull(providers, "providers");
        Map<String, Entry> entries = new TreeMap<>();
        for (EnvironmentProvider p : providers) {
            Objects.requireNonNull(p, "provider");
            List<EnvSpec> specs = p.specs();
            if (specs == null) {
                throw new IllegalStateException("Environment provider " + p.getClass().getName()
                        + " returned null from specs()");
            }
            for (EnvSpec spec : specs) {
                if (spec == null) {
                    throw new IllegalStateException("Environment provider " + p.getClass().getName()
                            + " lists a null spec");
                }
                Entry previous = entries.putIfAbsent(spec.id(), new Entry(spec, p));
                if (previous != null) {
                    String a = previous.provider().getClass().getName();
                    String b = p.getClass().getName();
                    throw new IllegalStateException(a.equals(b)
                            ? "Environment provider " + a + " lists the id '" + spec.id() + "' twice"
                            : "Environment id '" + spec.id() + "' is claimed by two providers: " + a + " and " + b
                                    + ". Remove one of them from the class path or rename the id.");
                }
            }
        }
        return new EnvironmentRegistry(entries);
    }

    /**
     * A new single environment.
     *
     * @throws IllegalArgumentException for an unknown id (the message lists the known ids)
     */
    public Environment make(String id) {
        Entry e = entry(id);
        Environment env = e.provider().make(id);
        if (env == null) {
            throw new IllegalStateException("Environment provider " + e.provider().getClass().getName()
                    + " returned null for '" + id + "'");
        }
        return env;
    }

    /**
     * {@code n} copies stepped together.
     *
     * @throws IllegalArgumentException for an unknown id or {@code n < 1}
     */
    public VectorEnvironment makeVector(String id, int n) {
        Entry e = entry(id);
        if (n < 1) {
            throw new IllegalArgumentException(id + ": a vector environment needs at least 1 copy, got " + n);
        }
        VectorEnvironment env = e.provider().makeVector(id, n);
        if (env == null) {
            throw new IllegalStateException("Environment provider " + e.provider().getClass().getName()
                    + " returned null from makeVector for '" + id + "'");
        }
        return env;
    }

    /** Every registered id, sorted. */
    public List<String> ids() {
        return ids;
    }

    /** Whether {@code id} is registered. */
    public boolean contains(String id) {
        return entries.containsKey(id);
    }

    /**
     * The spec of a registered id.
     *
     * @throws IllegalArgumentException for an unknown id
     */
    public EnvSpec spec(String id) {
        return entry(id).spec();
    }

    /** Every registered spec, sorted by id. */
    public List<EnvSpec> specs() {
        return specs;
    }

    /**
     * The provider that makes {@code id}.
     *
     * @throws IllegalArgumentException for an unknown id
     */
    public EnvironmentProvider provider(String id) {
        return entry(id).provider();
    }

    private Entry entry(String id) {
        Objects.requireNonNull(id, "id");
        Entry e = entries.get(id);
        if (e == null) {
            throw new IllegalArgumentException(unknownIdMessage(id));
        }
        return e;
    }

    private String unknownIdMessage(String id) {
        StringBuilder sb = new StringBuilder("Unknown environment id '").append(id).append("'.");
        String base = baseName(id);
        List<String> close = new ArrayList<>();
        for (String known : ids) {
            if (known.equalsIgnoreCase(id) || baseName(known).equals(base)) {
                close.add(known);
            }
        }
        if (!close.isEmpty()) {
            sb.append(" Did you mean ").append(String.join(" or ", close)).append('?');
        }
        sb.append(" Known ids: ").append(String.join(", ", ids))
                .append(". Custom environments are added by an EnvironmentProvider listed in META-INF/services/")
                .append(EnvironmentProvider.class.getName()).append('.');
        return sb.toString();
    }

    /** The id without its "-vN" suffix, lower case: "CartPole-v0" and "cartpole-v1" both give "cartpole". */
    private static String baseName(String id) {
        int dash = id.lastIndexOf("-v");
        String base = dash > 0 ? id.substring(0, dash) : id;
        return base.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "EnvironmentRegistry" + ids;
    }
}
