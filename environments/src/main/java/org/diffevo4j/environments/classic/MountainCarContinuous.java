package org.diffevo4j.environments.classic;

import org.diffevo4j.environments.BatchOfOne;
import org.diffevo4j.environments.BatchedEnvironment;
import org.diffevo4j.environments.EnvSpec;

/**
 * {@code MountainCarContinuous-v0}, a port of Gymnasium 1.x's {@code Continuous_MountainCarEnv} with the
 * TimeLimit of 999 steps.
 *
 * <ul>
 *   <li>State: {@code [position, velocity]}. It is float64 right after a reset and float32 after every
 *       step; the observation is the state as float32.</li>
 *   <li>Actions: {@code Box([-1], [1], float32)}. The action is taken as float32 (the box's dtype); it is
 *       clipped to [-1, 1] for the force only.</li>
 *   <li>Dynamics: {@code v += force * 0.0015 - 0.0025 cos(3p)}, v clipped to [-0.07, 0.07], then
 *       {@code p += v} clipped to [-1.2, 0.6]; at the left wall a negative velocity becomes 0.</li>
 *   <li>Termination: {@code p >= 0.45 and v >= 0}. Reward: {@code -0.1 a^2} with the unclipped action,
 *       plus 100 on the terminating step.</li>
 *   <li>Reset: position uniform in [-0.6, -0.4), velocity 0, from a Java generator (NumPy's exact numbers
 *       are not reproduced).</li>
 * </ul>
 *
 * <p>Numerics. Gymnasium runs this environment under NumPy 2's promotion rules with a float32 action,
 * which makes parts of the arithmetic float32, and differently on the first step (float64 state) than on
 * later steps (float32 state). This port follows that recipe exactly (see the conformance README), so
 * it reproduces Gymnasium bit for bit; an all-double port drifts by up to 5e-5 and misses goal crossings
 * decided in the last float32 bit. Because of that, a loaded state must say which kind it is:
 * {@code loadState(copy, state, 0)} is a float64 initial state, {@code elapsedSteps > 0} a float32 state
 * reached by stepping (its values are rounded to float32).
 */
public final class MountainCarContinuous extends BatchedEnvironment {

    /** The registered id. */
    public static final String ID = "MountainCarContinuous-v0";

    static final double MIN_ACTION = -1.0;
    static final double MAX_ACTION = 1.0;
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.45;
    static final double GOAL_VELOCITY = 0;
    static final double POWER = 0.0015;
    static final double GRAVITY = 0.0025;
    // NumPy 2 rounds a Python float constant to float32 when it meets a float32 operand
    private static final float MIN_POSITION_F = (float) MIN_POSITION;
    private static final float MAX_POSITION_F = (float) MAX_POSITION;
    private static final float MAX_SPEED_F = (float) MAX_SPEED;
    private static final float GOAL_POSITION_F = (float) GOAL_POSITION;
    private static final float POWER_F = (float) POWER;

    /** Spaces, limit and threshold as registered by Gymnasium. */
    public static final EnvSpec SPEC = new EnvSpec(ID,
            ClassicSpaces.float32Box(new double[] {MIN_POSITION, -MAX_SPEED}, new double[] {MAX_POSITION, MAX_SPEED}),
            ClassicSpaces.float32Box(new double[] {MIN_ACTION}, new double[] {MAX_ACTION}), 999, 90.0);

    private final double[] position;
    private final double[] velocity;
    /** True once the copy's state is float32 (after its first step); false for a float64 initial state. */
    private final boolean[] float32State;

    /** {@code n} copies; reset them before stepping. */
    public MountainCarContinuous(int n) {
        super(SPEC, n, 2);
        position = new double[n];
        velocity = new double[n];
        float32State = new boolean[n];
    }

    /** A single {@code MountainCarContinuous-v0} environment (a batch of one). */
    public static BatchOfOne single() {
        return new BatchOfOne(new MountainCarContinuous(1));
    }

    @Override
    protected void stepContinuous(double[] actions) {
        final double[] pos = position, vel = velocity, obs = observations, rew = rewards;
        final boolean[] term = terminated, f32 = float32State;
        final int[] list = stepList;
        for (int j = 0, count = stepCount; j < count; j++) {
            final int i = list[j];
            float af = (float) actions[i];
            double a = af;
            // Python's min(max(a, -1.0), 1.0) keeps the float32 action when it is in range (bounds
            // included) and yields a plain double +-1.0 otherwise; the two take different arithmetic
            boolean inRange = af >= MIN_ACTION && af <= MAX_ACTION;
            float p32;
            float v32;
            boolean goal;
            if (!f32[i]) {
                double p = pos[i];
                double v = vel[i];
                double c = GRAVITY * Math.cos(3 * p);
                double inc = inRange ? (double) (af * POWER_F - (float) c) : (af > 0 ? MAX_ACTION : MIN_ACTION) * POWER - c;
                v = v + inc;
                if (v > MAX_SPEED) {
                    v = MAX_SPEED;
                }
                if (v < -MAX_SPEED) {
                    v = -MAX_SPEED;
                }
                p = p + v;
                if (p > MAX_POSITION) {
                    p = MAX_POSITION;
                }
                if (p < MIN_POSITION) {
                    p = MIN_POSITION;
                }
                if (p == MIN_POSITION && v < 0) {
                    v = 0;
                }
                goal = p >= GOAL_POSITION && v >= GOAL_VELOCITY;
                p32 = (float) p;
                v32 = (float) v;
                f32[i] = true;
            } else {
                float p = (float) pos[i];
                float v = (float) vel[i];
                double c = GRAVITY * Math.cos(3 * p);
                float inc = inRange ? af * POWER_F - (float) c
                        : (float) ((af > 0 ? MAX_ACTION : MIN_ACTION) * POWER - c);
                v = v + inc;
                if (v > MAX_SPEED_F) {
                    v = MAX_SPEED_F;
                }
                if (v < -MAX_SPEED_F) {
                    v = -MAX_SPEED_F;
                }
                p = p + v;
                if (p > MAX_POSITION_F) {
                    p = MAX_POSITION_F;
                }
                if (p < MIN_POSITION_F) {
                    p = MIN_POSITION_F;
                }
                if (p == MIN_POSITION_F && v < 0) {
                    v = 0;
                }
                goal = p >= GOAL_POSITION_F && v >= GOAL_VELOCITY;
                p32 = p;
                v32 = v;
            }
            pos[i] = p32;
            vel[i] = v32;
            term[i] = goal;
            double r = goal ? 100.0 : 0.0;
            rew[i] = r - a * a * 0.1;
            obs[2 * i] = p32;
            obs[2 * i + 1] = v32;
        }
    }

    @Override
    protected void sampleInitialState(int copy) {
        position[copy] = uniform(copy, -0.6, -0.4);
        velocity[copy] = 0.0;
        float32State[copy] = false;
    }

    @Override
    protected void observe(int copy) {
        observations[2 * copy] = (float) position[copy];
        observations[2 * copy + 1] = (float) velocity[copy];
    }

    @Override
    protected void writeState(int copy, double[] out, int offset) {
        out[offset] = position[copy];
        out[offset + 1] = velocity[copy];
    }

    @Override
    protected void readState(int copy, double[] state, int offset, int elapsedSteps) {
        boolean stepped = elapsedSteps > 0;
        position[copy] = stepped ? (float) state[offset] : state[offset];
        velocity[copy] = stepped ? (float) state[offset + 1] : state[offset + 1];
        float32State[copy] = stepped;
    }
}
