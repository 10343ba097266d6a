package org.diffevo4j.agents;

import java.util.Objects;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;

/**
 * The rules every {@link PopulationEvaluator} applies, whatever runs the episodes (the JVM, ND4J,
 * Spark, a GPU kernel): a policy that fits the environment, well-formed arguments, the first
 * non-finite reward reported, and success counted the same way.
 */
public final class EvaluatorChecks {

    private EvaluatorChecks() {
    }

    /**
     * Checks that a policy's input and head fit an environment.
     *
     * @throws IllegalArgumentException naming the mismatch
     */
    public static void checkCompatible(EnvSpec env, PolicySpec policy) {
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

    /**
     * Checks the arguments of {@link PopulationEvaluator#evaluate} for genomes of {@code dim} parameters.
     *
     * @return the population size P
     * @throws IllegalArgumentException naming the bad argument
     */
    public static int checkArguments(int dim, double[] population, int episodes, long[] seeds) {
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
     * Builds the result, after reporting the lowest copy with a non-finite reward.
     *
     * @param badStep  per copy, 1-based step of the first non-finite reward, or 0
     * @param badValue per copy, that reward
     * @throws NonFiniteRewardException for the first such copy
     */
    public static EvaluationResult finish(EnvSpec env, int p, int episodes, double[] returns, int[] lengths,
                                          boolean[] terminated, int[] badStep, double[] badValue, long startNanos) {
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
