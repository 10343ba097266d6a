package org.diffevo4j.trainer.broken;

import java.util.List;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.DType;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.EnvironmentProvider;
import org.diffevo4j.environments.StepResult;

/**
 * A custom environment with a bug, for tests: its step throws an {@link IllegalStateException}, the
 * kind of exception a programming error raises. The CLI must report it as a bug (stack trace,
 * exit code 1), not as the user's mistake.
 */
public final class BrokenStepProvider implements EnvironmentProvider {

    /** The message of the deliberate failure, for tests to find in the trace. */
    public static final String MESSAGE = "deliberate bug in BrokenStep-v0's step";

    public static final EnvSpec SPEC = new EnvSpec("BrokenStep-v0",
            new Box(new double[] {-1.0}, new double[] {1.0}, DType.FLOAT64), new Discrete(2), 10, null);

    @Override
    public List<EnvSpec> specs() {
        return List.of(SPEC);
    }

    @Override
    public Environment make(String id) {
        return new Environment() {
            @Override
            public EnvSpec spec() {
                return SPEC;
            }

            @Override
            public double[] reset(long seed) {
                return new double[] {0.0};
            }

            @Override
            public StepResult step(int action) {
                throw new IllegalStateException(MESSAGE);
            }

            @Override
            public StepResult step(double[] action) {
                throw new IllegalStateException(MESSAGE);
            }
        };
    }
}
