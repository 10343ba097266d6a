package org.diffevo4j.environments.testplugin;

import java.util.List;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.DType;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.EnvironmentProvider;
import org.diffevo4j.environments.StepResult;

/**
 * A plug-in that exists only in the test source set and is registered by the test
 * {@code META-INF/services} file. It writes only a single environment, so its vector version comes
 * from {@link EnvironmentProvider#makeVector}'s default adapter.
 *
 * <p>LineWorld: a walker starts at position {@code seed mod 3} (0, 1 or 2) on a line; action 1 moves it
 * right, 0 left; reaching 5 terminates with reward 1, every other step rewards 0; time limit 8.
 */
public final class LineWorldProvider implements EnvironmentProvider {

    public static final String ID = "TestLineWorld-v0";
    public static final EnvSpec SPEC = new EnvSpec(ID, new Box(new double[] {-100}, new double[] {100},
            DType.FLOAT64), new Discrete(2), 8, 1.0);

    @Override
    public List<EnvSpec> specs() {
        return List.of(SPEC);
    }

    @Override
    public Environment make(String id) {
        if (!ID.equals(id)) {
            throw new IllegalArgumentException(id);
        }
        return new LineWorld();
    }

    /** The single environment; deliberately simple and object-per-copy. */
    public static final class LineWorld implements Environment {
        private int position;
        private int steps;
        private boolean started;

        @Override
        public EnvSpec spec() {
            return SPEC;
        }

        @Override
        public double[] reset(long seed) {
            position = (int) Math.floorMod(seed, 3L);
            steps = 0;
            started = true;
            return new double[] {position};
        }

        @Override
        public StepResult step(int action) {
            if (!started) {
                throw new IllegalStateException("reset first");
            }
            if (action != 0 && action != 1) {
                throw new IllegalArgumentException("action " + action);
            }
            position += action == 1 ? 1 : -1;
            steps++;
            boolean terminated = position >= 5;
            return new StepResult(new double[] {position}, terminated ? 1.0 : 0.0, terminated, steps >= 8);
        }

        @Override
        public StepResult step(double[] action) {
            throw new IllegalArgumentException("LineWorld has discrete actions");
        }
    }
}
