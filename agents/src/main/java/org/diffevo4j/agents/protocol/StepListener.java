package org.diffevo4j.agents.protocol;

/** Called after every protocol step, e.g. to log metrics or write a checkpoint from {@link RlProtocol#state()}. */
@FunctionalInterface
public interface StepListener {

    /**
     * @param metrics what the step measured
     * @param run     the run, between steps (its state can be saved now)
     */
    void onStep(StepMetrics metrics, RlProtocol run);
}
