package org.diffevo4j.examples.corridor;

import java.util.SplittableRandom;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.DType;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.StepResult;

/**
 * Corridor-v0: walk to the right end of a corridor of length 10 while a wind pushes you back.
 * Observation (position, wind); actions 0 = left, 1 = stay, 2 = right; reward -1 per step,
 * +10 on reaching the end; 100-step time limit. Written as a plain single environment: diffevo4j
 * batches it through {@code EnvironmentProvider}'s default {@code makeVector}.
 */
public final class Corridor implements Environment {

    static final double LENGTH = 10.0;

    public static final EnvSpec SPEC = new EnvSpec("Corridor-v0",
            new Box(new double[] {0.0, 0.0}, new double[] {LENGTH, 1.0}, DType.FLOAT64),
            new Discrete(3), 100, 0.0);

    private double position;
    private double wind;
    private int elapsed = -1;

    @Override
    public EnvSpec spec() {
        return SPEC;
    }

    @Override
    public double[] reset(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        position = rng.nextDouble(0.0, 2.0);
        wind = rng.nextDouble(0.0, 0.5);
        elapsed = 0;
        return new double[] {position, wind};
    }

    @Override
    public StepResult step(int action) {
        if (elapsed < 0) {
            throw new IllegalStateException("Corridor-v0: call reset before step");
        }
        if (action < 0 || action > 2) {
            throw new IllegalArgumentException("Corridor-v0: action must be 0, 1 or 2, got " + action);
        }
        position = Math.max(0.0, Math.min(LENGTH, position + (action - 1) - wind));
        elapsed++;
        boolean terminated = position >= LENGTH;
        boolean truncated = elapsed >= SPEC.maxEpisodeSteps();
        return new StepResult(new double[] {position, wind}, terminated ? 10.0 : -1.0, terminated, truncated);
    }

    @Override
    public StepResult step(double[] action) {
        throw new IllegalArgumentException("Corridor-v0 has discrete actions (0, 1, 2)");
    }
}
