package org.diffevo4j.distributed;

import java.util.List;
import java.util.SplittableRandom;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.DType;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.EnvironmentProvider;
import org.diffevo4j.environments.StepResult;

/**
 * A test environment that busy-waits about {@code diffevo4j.test.slowMicros} microseconds (default
 * 1000) of wall time per step, so that an evaluation lasts long enough to lose a worker in the
 * middle of it, or to measure where distribution pays. The wait does not change any number.
 * Dynamics: a point on a line pushed left or right with seeded noise; reward {@code -|x|}; episodes
 * always last {@link #STEPS} steps.
 */
public final class SlowEnv implements Environment {

    public static final String ID = "Slow-v0";
    public static final int STEPS = 100;
    public static final EnvSpec SPEC = new EnvSpec(ID, new Box(new double[] {-10, -10}, new double[] {10, 10},
            DType.FLOAT64), new Discrete(2), STEPS, null);
    /** Like {@link #ID} without the wait, but rewards NaN whenever action 1 is taken on step 5. */
    public static final String NAN_ID = "SlowNaN-v0";
    static final EnvSpec NAN_SPEC = new EnvSpec(NAN_ID, SPEC.observationSpace(), SPEC.actionSpace(), STEPS, null);

    /** Registers {@link SlowEnv} through META-INF/services (test class path only). */
    public static final class Provider implements EnvironmentProvider {
        @Override
        public List<EnvSpec> specs() {
            return List.of(SPEC, NAN_SPEC);
        }

        @Override
        public Environment make(String id) {
            return new SlowEnv(id.equals(NAN_ID));
        }
    }

    private final boolean nan;
    private final long spinNanos;
    private SplittableRandom rng;
    private double x;
    private double drift;
    private int elapsed = -1;

    SlowEnv(boolean nan) {
        this.nan = nan;
        this.spinNanos = nan ? 0 : Long.getLong("diffevo4j.test.slowMicros", 1000L) * 1000L;
    }

    @Override
    public EnvSpec spec() {
        return nan ? NAN_SPEC : SPEC;
    }

    @Override
    public double[] reset(long seed) {
        rng = new SplittableRandom(seed);
        x = rng.nextDouble(-1, 1);
        drift = rng.nextDouble(-0.05, 0.05);
        elapsed = 0;
        return new double[] {x, drift};
    }

    @Override
    public StepResult step(int action) {
        if (spinNanos > 0) {
            long until = System.nanoTime() + spinNanos;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        x += (action == 1 ? 0.1 : -0.1) + drift + rng.nextDouble(-0.02, 0.02);
        elapsed++;
        double reward = nan && action == 1 && elapsed == 5 ? Double.NaN : -Math.abs(x);
        return new StepResult(new double[] {x, drift}, reward, false, elapsed >= STEPS);
    }

    @Override
    public StepResult step(double[] action) {
        throw new IllegalArgumentException(ID + " has discrete actions");
    }
}
