package org.diffevo4j.distributed;

import java.io.Serializable;
import org.apache.spark.api.java.function.Function;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.NonFiniteRewardException;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;

/**
 * What runs inside one Spark task: the in-process JVM evaluator (1 thread) over one contiguous
 * slice of the population, with that slice's own episode seeds. Everything it needs travels in
 * the task (no per-executor state), so a re-run of a lost task returns exactly the same numbers.
 */
final class SliceTask implements Function<SliceTask.Slice, SliceTask.Outcome> {

    private static final long serialVersionUID = 1L;

    /** Individuals {@code first .. first + count - 1}: their genomes (row-major) and episode seeds. */
    record Slice(int first, int count, double[] genomes, long[] seeds) implements Serializable {
    }

    /**
     * Per-episode results of a slice (index {@code local * E + e}), or the first non-finite reward
     * ({@code badIndividual >= 0}, population index).
     */
    record Outcome(int first, int count, double[] returns, int[] lengths, boolean[] terminated, boolean[] success,
                   int badIndividual, int badEpisode, int badStep, double badReward, String executor)
            implements Serializable {
    }

    private final String envId;
    private final int[] hidden;
    private final Activation activation;
    private final int maxEpisodeSteps;
    private final int episodes;

    SliceTask(String envId, int[] hidden, Activation activation, int maxEpisodeSteps, int episodes) {
        this.envId = envId;
        this.hidden = hidden.clone();
        this.activation = activation;
        this.maxEpisodeSteps = maxEpisodeSteps;
        this.episodes = episodes;
    }

    /** The policy shape, built the same way on the driver and on every executor. */
    static PolicySpec policy(String envId, int[] hidden, Activation activation) {
        return PolicySpec.forEnv(spec(envId), hidden).withActivation(activation);
    }

    private static EnvSpec spec(String envId) {
        try {
            return Environments.spec(envId);
        } catch (IllegalArgumentException unknown) {
            // a plugin jar added to this executor after the registry was first built: look again
            Environments.reload();
            return Environments.spec(envId);
        }
    }

    @Override
    public Outcome call(Slice s) {
        String executor = executorId();
        PolicySpec policy = policy(envId, hidden, activation);
        try (PopulationEvaluator ev = PopulationEvaluators.create(Backend.JVM, envId, policy, 1, maxEpisodeSteps)) {
            EvaluationResult r = ev.evaluate(s.genomes(), episodes, s.seeds());
            return new Outcome(s.first(), s.count(), r.returns(), r.lengths(), r.terminated(), r.success(),
                    -1, 0, 0, 0, executor);
        } catch (NonFiniteRewardException e) {
            return new Outcome(s.first(), s.count(), null, null, null, null, s.first() + e.individual(), e.episode(),
                    e.step(), e.reward(), executor);
        }
    }

    private static String executorId() {
        org.apache.spark.TaskContext tc = org.apache.spark.TaskContext.get();
        return tc == null ? "driver" : org.apache.spark.SparkEnv.get().executorId();
    }
}
