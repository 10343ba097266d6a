package org.diffevo4j.environments.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.diffevo4j.environments.BatchedEnvironment;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.Environments;
import org.diffevo4j.environments.StatefulEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * reset(seed) draws from Gymnasium's initial-state distributions (bounds from the Gymnasium source /
 * the fixtures' {@code initial_state_distribution}), deterministically per seed.
 */
class ResetDistributionTest {

    private static final int N = 4000;

    /** Resets N copies with seeds 0..N-1 and returns their states, row-major N x stateSize. */
    private static double[][] states(String id) {
        BatchedEnvironment v = (BatchedEnvironment) Environments.makeVector(id, N);
        v.reset(0L);
        double[][] out = new double[v.stateSize()][N];
        double[] s = new double[v.stateSize()];
        for (int i = 0; i < N; i++) {
            v.state(i, s);
            for (int j = 0; j < s.length; j++) {
                out[j][i] = s[j];
            }
        }
        return out;
    }

    /** Every value in [low, high) (or [low, high] where float32 rounding may reach the bound), spread over it. */
    private static void assertUniform(double[] values, double low, double high, boolean highInclusive, String what) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double x : values) {
            assertTrue(x >= low && (highInclusive ? x <= high : x < high), what + " = " + x + " outside bounds");
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
        }
        double width = high - low;
        // with 4000 uniform draws the extremes lie within 0.5% of the range with overwhelming probability
        assertTrue(min < low + 0.005 * width, what + " min " + min);
        assertTrue(max > high - 0.005 * width, what + " max " + max);
        // the mean of a uniform sample: sd = width / sqrt(12 N); allow 5 sd
        double sd = width / Math.sqrt(12.0 * values.length);
        assertEquals((low + high) / 2, sum / values.length, 5 * sd, what + " mean");
    }

    @Test
    void cartPoleAllFourUniformInPlusMinus005() {
        double[][] s = states("CartPole-v1");
        for (int j = 0; j < 4; j++) {
            assertUniform(s[j], -0.05, 0.05, false, "CartPole state " + j);
        }
    }

    @Test
    void acrobotUniformInPlusMinus01RoundedToFloat32() {
        double[][] s = states("Acrobot-v1");
        for (int j = 0; j < 4; j++) {
            assertUniform(s[j], -0.1, 0.1, true, "Acrobot state " + j);
            for (double x : s[j]) {
                assertEquals(x, (double) (float) x, "Acrobot reset state is float32-representable");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MountainCar-v0", "MountainCarContinuous-v0"})
    void mountainCarsStartBetweenMinus06AndMinus04AtRest(String id) {
        double[][] s = states(id);
        assertUniform(s[0], -0.6, -0.4, false, id + " position");
        for (double v : s[1]) {
            assertEquals(0.0, v, id + " velocity");
        }
    }

    @Test
    void pendulumAngleInPlusMinusPiVelocityInPlusMinus1() {
        double[][] s = states("Pendulum-v1");
        assertUniform(s[0], -Math.PI, Math.PI, false, "Pendulum theta");
        assertUniform(s[1], -1.0, 1.0, false, "Pendulum theta_dot");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"})
    void sameSeedSameStateOtherSeedOtherState(String id) {
        Environment a = Environments.make(id);
        Environment b = Environments.make(id);
        double[] first = a.reset(12345);
        assertArrayEquals(first, b.reset(12345));
        assertArrayEquals(first, a.reset(12345), "reset(seed) restarts the stream");
        assertFalse(Arrays.equals(first, a.reset(12346)));
        // the single environment is copy 0 of a batch: same seed, same state
        BatchedEnvironment v = (BatchedEnvironment) Environments.makeVector(id, 3);
        v.reset(new long[] {7, 12345, 9});
        assertArrayEquals(first, Arrays.copyOfRange(v.observations(), v.spec().observationSize(),
                2 * v.spec().observationSize()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"})
    void initialObservationIsTheStateMappedAndRoundedToFloat32(String id) {
        StatefulEnvironment env = (StatefulEnvironment) Environments.make(id);
        double[] obs = env.reset(99);
        double[] s = env.state();
        double[] expected = switch (id) {
            case "Acrobot-v1" -> new double[] {Math.cos(s[0]), Math.sin(s[0]), Math.cos(s[1]), Math.sin(s[1]), s[2], s[3]};
            case "Pendulum-v1" -> new double[] {Math.cos(s[0]), Math.sin(s[0]), s[1]};
            default -> s.clone();
        };
        for (int j = 0; j < expected.length; j++) {
            expected[j] = (float) expected[j];
        }
        assertArrayEquals(expected, obs);
        assertEquals(0, env.elapsedSteps());
    }
}
