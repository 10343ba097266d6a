package org.diffevo4j.agents;

import java.util.Objects;
import java.util.function.IntFunction;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.Discrete;
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
        if (policy.observationSize() != env.observationSize()) {
            throw new IllegalArgumentException("policy expects " + policy.observationSize()
                    + " observation components but " + env.id() + " has " + env.observationSize());
        }
        if (env.actionSpace() instanceof Discrete d) {
            if (!policy.discrete() || policy.actionSize() != d.n() || policy.actionStart() != d.start()) {
                throw new IllegalArgumentException("policy head " + policy + " does not match " + env.id()
                        + "'s action space " + d);
            }
        } else if (env.actionSpace() instanceof Box b) {
            if (policy.discrete() || policy.actionSize() != b.flatSize()) {
                throw new IllegalArgumentException("policy head " + policy + " does not match " + env.id()
                        + "'s action space " + b);
            }
        }
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
        Objects.requireNonNull(population, "population");
        Objects.requireNonNull(seeds, "seeds");
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        if (population.length == 0 || population.length % dim != 0) {
            throw new IllegalArgumentException("population length " + population.length
                    + " is not a positive multiple of the genome dimension " + dim);
        }
        int p = population.length / dim;
        long copies = (long) p * episodes;
        if (copies > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many episodes: " + copies);
        }
        if (seeds.length != copies) {
            throw new IllegalArgumentException("need one seed per episode: P*E = " + copies + ", got "
                    + seeds.length + " seeds");
        }
        return p;
    }

    /**
     * Builds the result and reports the lowest copy with a non-finite reward.
     *
     * @param badStep per copy, 1-based step of the first non-finite reward, or 0
     * @param badValue per copy, that reward
     */
    final EvaluationResult finish(int p, int episodes, double[] returns, int[] lengths, boolean[] terminated,
                                  int[] badStep, double[] badValue, long startNanos) {
        int n = returns.length;
        for (int k = 0; k < n; k++) {
            if (badStep[k] != 0) {
                throw new NonFiniteRewardException(env.id(), k / episodes, k % episodes, badStep[k], badValue[k]);
            }
        }
        boolean[] success = new boolean[n];
        Double threshold = env.rewardThreshold();
        for (int k = 0; k < n; k++) {
            success[k] = threshold != null ? returns[k] >= threshold : terminated[k];
        }
        return new EvaluationResult(p, episodes, returns, lengths, terminated, success,
                (System.nanoTime() - startNanos) / 1e9);
    }
}
