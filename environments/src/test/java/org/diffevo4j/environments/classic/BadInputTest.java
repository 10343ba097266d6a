package org.diffevo4j.environments.classic;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffevo4j.environments.BatchedEnvironment;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.Environments;
import org.diffevo4j.environments.StatefulEnvironment;
import org.diffevo4j.environments.VectorEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input fails with a named IllegalArgumentException (or IllegalStateException for call order), never deeper. */
class BadInputTest {

    private static void assertMessage(Class<? extends RuntimeException> type, Executable call, String... parts) {
        RuntimeException e = assertThrows(type, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should mention '" + p + "'");
        }
    }

    @Test
    void discreteActionOutOfRange() {
        Environment env = Environments.make("CartPole-v1");
        env.reset(0);
        assertMessage(IllegalArgumentException.class, () -> env.step(2), "action 2", "Discrete(2)");
        assertMessage(IllegalArgumentException.class, () -> env.step(-1), "action -1");
        VectorEnvironment v = Environments.makeVector("Acrobot-v1", 3);
        v.reset(0L);
        assertMessage(IllegalArgumentException.class, () -> v.step(new int[] {0, 3, 1}), "action 3", "copy 1",
                "Discrete(3)");
    }

    @Test
    void continuousActionNaNOrWrongLength() {
        Environment env = Environments.make("Pendulum-v1");
        env.reset(0);
        assertMessage(IllegalArgumentException.class, () -> env.step(new double[] {Double.NaN}), "NaN");
        assertMessage(IllegalArgumentException.class, () -> env.step(new double[] {0.1, 0.2}), "length 1", "got 2");
        assertMessage(IllegalArgumentException.class, () -> env.step(new double[0]), "length 1", "got 0");
        assertDoesNotThrow(() -> env.step(new double[] {Double.POSITIVE_INFINITY}), "out of the box is legal");
        assertDoesNotThrow(() -> env.step(new double[] {-1e9}));
        VectorEnvironment v = Environments.makeVector("MountainCarContinuous-v0", 2);
        v.reset(0L);
        assertMessage(IllegalArgumentException.class, () -> v.step(new double[] {0.0, Double.NaN}), "NaN",
                "copy 1");
        assertMessage(IllegalArgumentException.class, () -> v.step(new double[] {0.0}), "expected 2", "got 1");
    }

    @Test
    void wrongKindOfAction() {
        Environment cartPole = Environments.make("CartPole-v1");
        cartPole.reset(0);
        assertMessage(IllegalArgumentException.class, () -> cartPole.step(new double[] {1.0}), "discrete",
                "step(int)");
        Environment pendulum = Environments.make("Pendulum-v1");
        pendulum.reset(0);
        assertMessage(IllegalArgumentException.class, () -> pendulum.step(1), "continuous", "step(double[])");
        VectorEnvironment v = Environments.makeVector("MountainCar-v0", 2);
        v.reset(0L);
        assertMessage(IllegalArgumentException.class, () -> v.step(new double[] {1, 1}), "discrete", "step(int[])");
    }

    @Test
    void steppingBeforeReset() {
        for (String id : new String[] {"CartPole-v1", "Pendulum-v1"}) {
            Environment env = Environments.make(id);
            Executable step = env.spec().discreteActions() ? () -> env.step(0) : () -> env.step(new double[] {0});
            assertMessage(IllegalStateException.class, step, "reset");
        }
        VectorEnvironment v = Environments.makeVector("CartPole-v1", 2);
        assertMessage(IllegalStateException.class, () -> v.step(new int[] {0, 0}), "reset");
        // loading one copy is not enough: copy 1 was never started
        BatchedEnvironment b = new CartPole(2);
        b.loadState(0, new double[4]);
        assertMessage(IllegalStateException.class, () -> b.step(new int[] {0, 0}), "copy 1");
        assertMessage(IllegalStateException.class, () -> ((StatefulEnvironment) Environments.make("Acrobot-v1"))
                .state(), "reset");
    }

    @Test
    void wrongArrayLengthsInTheVectorApi() {
        VectorEnvironment v = Environments.makeVector("CartPole-v1", 3);
        assertMessage(IllegalArgumentException.class, () -> v.reset(new long[] {1, 2}), "expected 3 seeds", "got 2");
        v.reset(0L);
        assertMessage(IllegalArgumentException.class, () -> v.step(new int[] {0, 1}), "expected 3 actions", "got 2");
        assertMessage(IllegalArgumentException.class, () -> v.step(new int[] {0, 1, 0, 1}), "got 4");
    }

    @Test
    void badStateLoads() {
        BatchedEnvironment v = new MountainCar(2);
        assertMessage(IllegalArgumentException.class, () -> v.loadState(0, new double[3]), "2 values", "got 3");
        assertMessage(IllegalArgumentException.class, () -> v.loadState(2, new double[2]), "copy index 2");
        assertMessage(IllegalArgumentException.class, () -> v.loadState(-1, new double[2]), "copy index -1");
        assertMessage(IllegalArgumentException.class, () -> v.loadState(0, new double[] {Double.NaN, 0}), "NaN");
        assertMessage(IllegalArgumentException.class, () -> v.loadState(0, new double[2], 200), "elapsedSteps",
                "[0, 200)");
        assertMessage(IllegalArgumentException.class, () -> v.loadState(0, new double[2], -1), "elapsedSteps");
        v.reset(0L);
        assertMessage(IllegalArgumentException.class, () -> v.state(0, new double[5]), "length 2");
        assertMessage(IllegalArgumentException.class, () -> v.elapsedSteps(7), "copy index 7");
    }

    @Test
    void finishedCopiesIgnoreTheirActions() {
        // a finished copy's entry is not checked, so callers may leave garbage there
        BatchedEnvironment v = new CartPole(2);
        v.reset(0L);
        v.loadState(1, new double[] {2.4, 1.0, 0.0, 0.0});
        v.step(new int[] {1, 1});
        assertTrue(v.done()[1], "x went past 2.4");
        assertDoesNotThrow(() -> v.step(new int[] {0, 99}));
    }
}
