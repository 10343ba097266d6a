package org.diffevo4j.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.diffevo4j.environments.EnvSpec;

/**
 * A way of running population evaluations somewhere other than this JVM (e.g. the {@code spark}
 * engine of the {@code diffevo4j-distributed} module), found at run time with
 * {@link ServiceLoader} so that callers need no compile-time dependency on it, and nothing of it
 * is loaded unless asked for by name. Implementations are listed in
 * {@code META-INF/services/org.diffevo4j.agents.EvaluatorEngine}.
 *
 * <p>An engine's evaluators must return, for the same genomes and seeds, exactly what the in-process
 * JVM evaluator returns.
 */
public interface EvaluatorEngine {

    /** The name users select it by, e.g. {@code spark}. */
    String name();

    /**
     * Creates an evaluator; the caller owns it and closes it.
     *
     * @param envId           registered environment id (custom ids must be registered where the work runs too)
     * @param hidden          hidden layer sizes of the MLP
     * @param activation      hidden activation
     * @param maxEpisodeSteps episode cap
     * @param options         engine-specific settings (e.g. {@code master}, {@code partitions}); unknown keys are rejected
     * @throws IllegalArgumentException for bad options
     */
    PopulationEvaluator create(String envId, int[] hidden, Activation activation, int maxEpisodeSteps,
                               Map<String, String> options);

    /**
     * An evaluator for exactly {@code policy} (the {@link Backend#CUDA} backend's entry point). The
     * default builds the policy from its hidden sizes and activation with {@link #create(String, int[],
     * Activation, int, Map)} and refuses a policy that differs from that (bias, normaliser).
     *
     * @throws IllegalArgumentException when this engine cannot run the environment or policy here
     */
    default PopulationEvaluator create(EnvSpec env, PolicySpec policy, int maxEpisodeSteps, Map<String, String> options) {
        PopulationEvaluator ev = create(env.id(), policy.hiddenSizes(), policy.activation(), maxEpisodeSteps, options);
        if (!ev.policy().equals(policy)) {
            ev.close();
            throw new IllegalArgumentException("the " + name() + " engine builds policy " + ev.policy()
                    + ", not " + policy);
        }
        return ev;
    }

    /**
     * Whether this engine can probably create evaluators on this machine, for a choice such as
     * {@link Backend#AUTO}: cheap (no heavy library is loaded where the hardware is plainly absent) and
     * never throws. True by default.
     */
    default boolean available() {
        return true;
    }

    /**
     * Returns if this engine can run {@code policy} on {@code env} on this machine, else throws with
     * one line saying why (the underlying error as its cause). Nothing is allocated on a device.
     * Does nothing by default.
     *
     * @throws IllegalArgumentException naming what is missing (no driver, no device, an environment or
     *                                  policy the engine does not implement)
     */
    default void check(EnvSpec env, PolicySpec policy) {
    }

    /**
     * The engine called {@code name} among those visible to {@code loader}, if any; nothing is thrown
     * for a missing one.
     */
    static java.util.Optional<EvaluatorEngine> lookup(String name, ClassLoader loader) {
        for (EvaluatorEngine e : ServiceLoader.load(EvaluatorEngine.class, loader)) {
            if (e.name().equals(name)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The engine called {@code name} among those visible to {@code loader}.
     *
     * @throws IllegalArgumentException naming the engines found when none has that name
     */
    static EvaluatorEngine find(String name, ClassLoader loader) {
        List<String> names = new ArrayList<>();
        for (EvaluatorEngine e : ServiceLoader.load(EvaluatorEngine.class, loader)) {
            if (e.name().equals(name)) {
                return e;
            }
            names.add(e.name());
        }
        throw new IllegalArgumentException("no evaluator engine '" + name + "' on the class path (found: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + "); the spark engine needs the "
                + "diffevo4j-distributed jar and Spark on the class path, see the README's 'Scaling out with Spark'");
    }
}
