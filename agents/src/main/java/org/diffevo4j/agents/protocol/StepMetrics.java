package org.diffevo4j.agents.protocol;

/**
 * What one protocol step (ask, evaluate, tell) measured.
 *
 * @param step          0-based index of this step
 * @param alpha         noise level of the evaluated population (Diffusion Evolution), NaN for other strategies
 * @param returnMean    mean over individuals of their mean episode return
 * @param returnStd     population standard deviation of those returns
 * @param returnMin     smallest individual return
 * @param returnMax     largest individual return
 * @param successRate   fraction of successful episodes (see {@code EvaluationResult})
 * @param bestReturn    best individual return told to the strategy so far (this step included)
 * @param agentSteps    environment steps taken in this step's evaluation
 * @param evalSeconds   wall time of the evaluation
 * @param updateSeconds wall time of ask + tell (the strategy's work)
 */
public record StepMetrics(int step, double alpha, double returnMean, double returnStd, double returnMin,
                          double returnMax, double successRate, double bestReturn, long agentSteps,
                          double evalSeconds, double updateSeconds) {
}
