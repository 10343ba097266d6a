package org.diffevo4j.environments;

import java.util.Objects;

/**
 * What Gymnasium's {@code EnvSpec} says about a registered environment.
 *
 * @param id                id, e.g. {@code CartPole-v1}
 * @param observationSpace  observation space
 * @param actionSpace       action space
 * @param maxEpisodeSteps   TimeLimit: the step on which {@code truncated} becomes true
 * @param rewardThreshold   return at which the task counts as solved, or {@code null} where Gymnasium sets none
 */
public record EnvSpec(String id, Space observationSpace, Space actionSpace, int maxEpisodeSteps,
                      Double rewardThreshold) {

    /** Validates the components. */
    public EnvSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(observationSpace, "observationSpace");
        Objects.requireNonNull(actionSpace, "actionSpace");
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
        }
    }

    /** True for environments whose action space is {@link Discrete}. */
    public boolean discreteActions() {
        return actionSpace instanceof Discrete;
    }

    /** Observation length (flat). */
    public int observationSize() {
        return observationSpace.flatSize();
    }

    /** Number of discrete actions, or the length of a continuous action vector. */
    public int actionSize() {
        return actionSpace instanceof Discrete d ? d.n() : actionSpace.flatSize();
    }
}
