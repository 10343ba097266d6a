package org.diffevo4j.agents;

import java.util.Objects;
import java.util.function.IntFunction;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.VectorEnvironment;

/** Validation, episode bookkeeping and result assembly shared by the backends. */
abstract class AbstractEvaluator implements PopulationEvaluator {

    protected final EnvSpec env;
    protected final IntFunction<VectorEnvironment> envFactory;
    protected final PolicySpec policy;
    protected final ParameterLayout layout;
    protected final int maxSteps;
    protected final int dim;

    AbstractEvaluator(EnvSpec env, IntFunction<VectorEnvironment> envFactory, PolicySpec policy, int maxEpisodeSteps) {
        this.env = Objects.requireNonNull(env, "env");
        this.envFactory = Objects.requireNonNull(envFactory, "envFactory");
        this.policy = Objects.requireNonNull(policy, "policy");
        checkCompatible(env, policy);
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
        }
        this.layout = policy.layout();
        this.dim = layout.parameterCount();
        // the environment's own TimeLimit ends episodes anyway; the cap can only shorten them
        this.maxSteps = Math.min(maxEpisodeSteps, env.maxEpisodeSteps());
    }

    static void checkCompatible(EnvSpec env, PolicySpec policy) {
        EvaluatorChecks.checkCompatible(env, policy);
    }

    @Override
    public PolicySpec policy() {
        return policy;
    }

    @Override
    public int maxEpisodeSteps() {
        return maxSteps;
    }

    /** Checks the arguments of {@code evaluate} and returns P. */
    final int checkArguments(double[] population, int episodes, long[] seeds) {
        return EvaluatorChecks.checkArguments(dim, population, episodes, seeds);
    }

    /**
     * Builds the result and reports the lowest copy with a non-finite reward.
     *
     * @param badStep per copy, 1-based step of the first non-finite reward, or 0
     * @param badValue per copy, that reward
     */
    final EvaluationResult finish(int p, int episodes, double[] returns, int[] lengths, boolean[] terminated,
                                  int[] badStep, double[] badValue, long startNanos) {
        return EvaluatorChecks.finish(env, p, episodes, returns, lengths, terminated, badStep, badValue, startNanos);
    }
}
