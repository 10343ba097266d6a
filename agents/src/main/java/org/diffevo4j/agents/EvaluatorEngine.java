package org.diffevo4j.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

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
