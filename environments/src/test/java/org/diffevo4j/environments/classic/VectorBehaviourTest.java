package org.diffevo4j.environments.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.diffevo4j.environments.BatchedEnvironment;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.Environments;
import org.diffevo4j.environments.StatefulEnvironment;
import org.diffevo4j.environments.StepResult;
import org.diffevo4j.environments.SyncVectorEnvironment;
import org.diffevo4j.environments.VectorEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Done mask, auto-reset, TimeLimit, and the agreement of the vector and single APIs. */
class VectorBehaviourTest {

    /** Random actions; continuous ones sometimes far outside the box (legal, clipped by the env). */
    private static final class Actions {
        final SplittableRandom rng;
        final EnvSpec spec;

        Actions(EnvSpec spec, long seed) {
            this.spec = spec;
            this.rng = new SplittableRandom(seed);
        }

        int discrete() {
            return spec.discreteActions() ? rng.nextInt(spec.actionSize()) : 0;
        }

        double continuous() {
            if (spec.discreteActions()) {
                return 0.0;
            }
            double high = ((org.diffevo4j.environments.Box) spec.actionSpace()).high(0);
            return rng.nextDouble() < 0.1 ? rng.nextDouble(-3 * high, 3 * high) : rng.nextDouble(-high, high);
        }
    }

    private static StepResult stepSingle(Environment env, boolean discrete, int a, double c) {
        return discrete ? env.step(a) : env.step(new double[] {c});
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"})
    void vectorCopiesMatchSingleEnvironmentsBitForBit(String id) {
        int n = 6;
        long[] seeds = {11, 12, 13, 14, 15, 16};
        VectorEnvironment v = Environments.makeVector(id, n);
        Environment[] singles = new Environment[n];
        v.reset(seeds);
        int obsSize = v.spec().observationSize();
        boolean discrete = v.spec().discreteActions();
        for (int i = 0; i < n; i++) {
            singles[i] = Environments.make(id);
            assertArrayEquals(singles[i].reset(seeds[i]), Arrays.copyOfRange(v.observations(), i * obsSize,
                    (i + 1) * obsSize));
        }
        Actions rnd = new Actions(v.spec(), 5);
        boolean[] finished = new boolean[n];
        int[] da = new int[n];
        double[] ca = new double[n];
        double[][] lastObs = new double[n][];
        for (int t = 0; v.activeCount() > 0; t++) {
            assertTrue(t < v.spec().maxEpisodeSteps(), "every copy ends by the time limit");
            for (int i = 0; i < n; i++) {
                da[i] = rnd.discrete();
                ca[i] = rnd.continuous();
            }
            if (discrete) {
                v.step(da);
            } else {
                v.step(ca);
            }
            for (int i = 0; i < n; i++) {
                double[] row = Arrays.copyOfRange(v.observations(), i * obsSize, (i + 1) * obsSize);
                if (finished[i]) {
                    assertArrayEquals(lastObs[i], row, "a finished copy keeps its observation");
                    assertEquals(0.0, v.rewards()[i]);
                    assertTrue(v.done()[i]);
                    continue;
                }
                StepResult r = stepSingle(singles[i], discrete, da[i], ca[i]);
                assertArrayEquals(r.observation(), row, id + " copy " + i + " step " + t);
                assertEquals(r.reward(), v.rewards()[i], id + " copy " + i + " step " + t);
                assertEquals(r.terminated(), v.terminated()[i]);
                assertEquals(r.truncated(), v.truncated()[i]);
                assertEquals(r.done(), v.done()[i]);
                finished[i] = r.done();
                lastObs[i] = row;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CartPole-v1", "MountainCarContinuous-v0"})
    void syncAdapterOverSingleEnvironmentsMatchesTheBatchedKernel(String id) {
        int n = 5;
        VectorEnvironment batched = Environments.makeVector(id, n);
        VectorEnvironment sync = new SyncVectorEnvironment(() -> Environments.make(id), n);
        batched.reset(100L);
        sync.reset(100L);
        Actions rnd = new Actions(batched.spec(), 3);
        int[] da = new int[n];
        double[] ca = new double[n];
        while (batched.activeCount() > 0) {
            for (int i = 0; i < n; i++) {
                da[i] = rnd.discrete();
                ca[i] = rnd.continuous();
            }
            if (batched.spec().discreteActions()) {
                batched.step(da);
                sync.step(da);
            } else {
                batched.step(ca);
                sync.step(ca);
            }
            assertArrayEquals(batched.observations(), sync.observations());
            assertArrayEquals(batched.rewards(), sync.rewards());
            assertArrayEquals(batched.terminated(), sync.terminated());
            assertArrayEquals(batched.truncated(), sync.truncated());
            assertArrayEquals(batched.done(), sync.done());
            assertEquals(batched.activeCount(), sync.activeCount());
        }
    }

    @Test
    void autoResetRestartsAFinishedCopyOnTheNextStepFromItsOwnStream() {
        // always pushing right topples every pole within a few dozen steps
        int n = 3;
        VectorEnvironment v = Environments.makeVector("CartPole-v1", n);
        v.setAutoReset(true);
        v.reset(new long[] {21, 22, 23});
        int[] right = {1, 1, 1};
        int[] episodes = new int[n];
        boolean[] wasDone = new boolean[n];
        double[][] resetObs = new double[n][];
        for (int t = 0; t < 300; t++) {
            v.step(right);
            for (int i = 0; i < n; i++) {
                if (wasDone[i]) {
                    // Gymnasium next-step mode: this step only reset the copy
                    assertFalse(v.done()[i]);
                    assertFalse(v.terminated()[i]);
                    assertFalse(v.truncated()[i]);
                    assertEquals(0.0, v.rewards()[i]);
                    resetObs[i] = Arrays.copyOfRange(v.observations(), 4 * i, 4 * i + 4);
                    for (double x : resetObs[i]) {
                        assertTrue(Math.abs(x) <= 0.05, "a fresh CartPole state");
                    }
                    assertEquals(0, ((BatchedEnvironment) v).elapsedSteps(i));
                } else {
                    assertEquals(1.0, v.rewards()[i]);
                }
                if (v.done()[i]) {
                    episodes[i]++;
                    assertTrue(v.terminated()[i]);
                }
                wasDone[i] = v.done()[i];
            }
            assertEquals(n - count(v.done()), v.activeCount());
        }
        for (int i = 0; i < n; i++) {
            assertTrue(episodes[i] >= 3, "copy " + i + " finished " + episodes[i] + " episodes");
        }
    }

    @Test
    void autoResetIsPerCopyAndDeterministic() {
        // copy 1 of a batch auto-resets exactly like a batch of one with the same seed and actions
        VectorEnvironment big = Environments.makeVector("MountainCar-v0", 3);
        VectorEnvironment one = Environments.makeVector("MountainCar-v0", 1);
        big.setAutoReset(true);
        one.setAutoReset(true);
        big.reset(new long[] {1, 77, 2});
        one.reset(new long[] {77});
        SplittableRandom rnd = new SplittableRandom(4);
        int[] a3 = new int[3];
        int[] a1 = new int[1];
        int resets = 0;
        for (int t = 0; t < 700; t++) {
            a3[0] = rnd.nextInt(3);
            a3[1] = rnd.nextInt(3);
            a3[2] = rnd.nextInt(3);
            a1[0] = a3[1];
            big.step(a3);
            one.step(a1);
            assertArrayEquals(one.observations(), Arrays.copyOfRange(big.observations(), 2, 4), "step " + t);
            assertEquals(one.rewards()[0], big.rewards()[1]);
            assertEquals(one.done()[0], big.done()[1]);
            resets += one.truncated()[0] ? 1 : 0;
        }
        assertTrue(resets >= 3, "several 200-step episodes were truncated and restarted");
    }

    @Test
    void withoutAutoResetFinishedCopiesStopAndTheTimeLimitTruncates() {
        VectorEnvironment v = Environments.makeVector("Pendulum-v1", 4);
        v.reset(0L);
        double[] zero = new double[4];
        for (int t = 1; t <= 200; t++) {
            assertEquals(4, v.activeCount());
            v.step(zero);
            boolean last = t == 200;
            for (int i = 0; i < 4; i++) {
                assertEquals(last, v.truncated()[i]);
                assertFalse(v.terminated()[i]);
            }
        }
        assertEquals(0, v.activeCount());
        double[] obs = v.observations().clone();
        v.step(zero);
        assertArrayEquals(obs, v.observations());
        assertArrayEquals(new double[4], v.rewards());
        assertArrayEquals(new boolean[] {true, true, true, true}, v.truncated());
    }

    @Test
    void singleEnvironmentKeepsSteppingAfterTheEpisodeLikeGymnasium() {
        // CartPole: after termination, steps return reward 0 (Gymnasium's steps_beyond_terminated rule)
        Environment env = Environments.make("CartPole-v1");
        env.reset(3);
        StepResult r;
        int steps = 0;
        do {
            r = env.step(1);
            steps++;
        } while (!r.terminated());
        assertEquals(1.0, r.reward(), "the terminating step still rewards 1");
        StepResult after = env.step(1);
        assertTrue(after.terminated());
        assertEquals(0.0, after.reward());
        assertFalse(after.truncated());
        assertTrue(steps < 100);
        // MountainCar: the TimeLimit keeps saying truncated after step 200, and the physics go on
        Environment car = Environments.make("MountainCar-v0");
        car.reset(0);
        for (int t = 0; t < 200; t++) {
            r = car.step(1);
        }
        assertTrue(r.truncated());
        assertTrue(car.step(2).truncated());
    }

    @Test
    void pendulumUprightAtRestWithZeroTorqueRewardsNegativeZero() {
        // cost = norm(0)^2 + 0.1*0^2 + 0.001*0^2 = +0.0, reward = -cost = -0.0 (Gymnasium returns -0.0 too)
        StatefulEnvironment env = Pendulum.single();
        env.loadState(new double[] {0.0, 0.0});
        StepResult r = env.step(new double[] {0.0});
        assertEquals(0, Double.compare(-0.0, r.reward()));
        assertArrayEquals(new double[] {0.0, 0.0}, env.state());
    }

    @Test
    void continuousActionsOutsideTheBoxAreClipped() {
        // Pendulum clips the torque to [-2, 2] for both dynamics and cost: 50 and 2 give the same step
        StatefulEnvironment a = Pendulum.single();
        StatefulEnvironment b = Pendulum.single();
        double[] s = {0.3, -0.2};
        a.loadState(s);
        b.loadState(s);
        StepResult ra = a.step(new double[] {50.0});
        StepResult rb = b.step(new double[] {2.0});
        assertArrayEquals(rb.observation(), ra.observation());
        assertEquals(rb.reward(), ra.reward());
        // MountainCarContinuous clips the force to [-1, 1] but charges the unclipped action: -0.1 * 3^2
        StatefulEnvironment c = MountainCarContinuous.single();
        StatefulEnvironment d = MountainCarContinuous.single();
        c.loadState(new double[] {-0.5, 0.0});
        d.loadState(new double[] {-0.5, 0.0});
        StepResult rc = c.step(new double[] {3.0});
        StepResult rd = d.step(new double[] {1.0});
        assertArrayEquals(rd.observation(), rc.observation());
        assertEquals(-0.1 * 9.0, rc.reward(), 1e-15);
        assertEquals(-0.1, rd.reward(), 1e-15);
    }

    @Test
    void loadStateMakesACopyActiveAndSetsItsStepCount() {
        BatchedEnvironment v = new CartPole(2);
        v.reset(1L);
        v.loadState(1, new double[] {0.0, 0.0, 0.0, 0.0}, 499);
        assertEquals(499, v.elapsedSteps(1));
        v.step(new int[] {0, 1});
        // step 500 of copy 1 hits the time limit; copy 0 is on step 1
        assertTrue(v.truncated()[1]);
        assertFalse(v.truncated()[0]);
        assertEquals(1, v.activeCount());
        double[] out = new double[4];
        v.state(1, out);
        // hand Euler step from rest with force +10: x stays 0, x_dot = 0.02 * x_acc > 0, theta stays 0
        assertEquals(0.0, out[0]);
        assertTrue(out[1] > 0);
        assertEquals(0.0, out[2]);
        assertTrue(out[3] < 0, "pushing the cart right tips the pole left");
    }

    private static int count(boolean[] b) {
        int c = 0;
        for (boolean x : b) {
            c += x ? 1 : 0;
        }
        return c;
    }
}
