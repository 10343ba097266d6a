package org.diffevo4j.trainer.nan;

import java.util.List;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.DType;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.EnvironmentProvider;
import org.diffevo4j.environments.StepResult;

/** A broken custom environment for tests: its reward turns NaN on the third step of every episode. */
public final class NanRewardProvider implements EnvironmentProvider {

    public static final EnvSpec SPEC = new EnvSpec("NanReward-v0",
            new Box(new double[] {-1.0}, new double[] {1.0}, DType.FLOAT64), new Discrete(2), 10, null);

    @Override
    public List<EnvSpec> specs() {
        return List.of(SPEC);
    }

    @Override
    public Environment make(String id) {
        return new Environment() {
            private int t;

            @Override
            public EnvSpec spec() {
                return SPEC;
            }

            @Override
            public double[] reset(long seed) {
                t = 0;
                return new double[] {0.0};
            }

            @Override
            public StepResult step(int action) {
                t++;
                return new StepResult(new double[] {0.0}, t == 3 ? Double.NaN : 1.0, false, t >= 10);
            }

            @Override
            public StepResult step(double[] action) {
                throw new IllegalArgumentException("discrete");
            }
        };
    }
}
