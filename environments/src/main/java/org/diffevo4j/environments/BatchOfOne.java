package org.diffevo4j.environments;

import java.util.Objects;

/**
 * The single-environment API on top of a {@link BatchedEnvironment} of size 1: the same physics kernel
 * serves both APIs. What differs is only the episode semantics: a single environment, like a
 * Gymnasium environment behind {@code gymnasium.make}, keeps stepping after its episode ended if the
 * caller does not reset it (the TimeLimit keeps reporting {@code truncated}, and environments such as
 * CartPole decide what such a step returns), whereas a vector copy stops or auto-resets.
 *
 * <p>Each step returns a fresh {@link StepResult} with its own observation array.
 */
public final class BatchOfOne implements StatefulEnvironment {

    private final BatchedEnvironment batch;
    private final long[] seed = new long[1];
    private final int[] discreteAction = new int[1];

    /**
     * @param batch a fresh batch of exactly one copy; it is taken over and must not be used elsewhere
     * @throws IllegalArgumentException if the batch has more than one copy
     */
    public BatchOfOne(BatchedEnvironment batch) {
        this.batch = Objects.requireNonNull(batch, "batch");
        batch.useSingleEnvironmentSemantics();
    }

    @Override
    public EnvSpec spec() {
        return batch.spec();
    }

    @Override
    public double[] reset(long seed) {
        this.seed[0] = seed;
        batch.reset(this.seed);
        return observation();
    }

    @Override
    public StepResult step(int action) {
        if (!batch.discreteActions()) {
            throw new IllegalArgumentException(spec().id() + " has continuous actions " + spec().actionSpace()
                    + "; call step(double[])");
        }
        requireStarted();
        Discrete d = (Discrete) spec().actionSpace();
        if (!d.contains(action)) {
            throw new IllegalArgumentException(spec().id() + ": action " + action + " is outside " + d);
        }
        discreteAction[0] = action;
        batch.step(discreteAction);
        return result();
    }

    @Override
    public StepResult step(double[] action) {
        if (batch.discreteActions()) {
            throw new IllegalArgumentException(spec().id() + " has discrete actions " + spec().actionSpace()
                    + "; call step(int)");
        }
        Objects.requireNonNull(action, "action");
        requireStarted();
        if (action.length != batch.actionSize()) {
            throw new IllegalArgumentException(spec().id() + ": expected an action of length " + batch.actionSize()
                    + ", got " + action.length);
        }
        for (int j = 0; j < action.length; j++) {
            if (Double.isNaN(action[j])) {
                throw new IllegalArgumentException(spec().id() + ": action value " + j + " is NaN");
            }
        }
        batch.step(action);
        return result();
    }

    private void requireStarted() {
        if (!batch.isStarted(0)) {
            throw new IllegalStateException(spec().id() + ": call reset(seed) (or loadState) before step");
        }
    }

    private StepResult result() {
        return new StepResult(observation(), batch.rewards()[0], batch.terminated()[0], batch.truncated()[0]);
    }

    private double[] observation() {
        return batch.observations().clone();
    }

    @Override
    public int stateSize() {
        return batch.stateSize();
    }

    @Override
    public double[] state() {
        if (!batch.isStarted(0)) {
            throw new IllegalStateException(spec().id() + ": no state before the first reset or load");
        }
        double[] out = new double[batch.stateSize()];
        batch.state(0, out);
        return out;
    }

    @Override
    public int elapsedSteps() {
        return batch.elapsedSteps(0);
    }

    @Override
    public double[] loadState(double[] state, int elapsedSteps) {
        batch.loadState(0, state, elapsedSteps);
        return observation();
    }

    @Override
    public String toString() {
        return "BatchOfOne(" + spec().id() + ")";
    }
}
