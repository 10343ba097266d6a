package org.diffevo4j.environments.classic;

import org.diffevo4j.environments.BatchOfOne;
import org.diffevo4j.environments.BatchedEnvironment;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;

/**
 * {@code MountainCar-v0}, a port of Gymnasium 1.x's {@code MountainCarEnv} (Moore's mountain car) with
 * the TimeLimit of 200 steps.
 *
 * <ul>
 *   <li>State (float64): {@code [position, velocity]}; the observation is the state rounded to float32.</li>
 *   <li>Actions: {@code Discrete(3)}; 0 accelerates left, 1 not at all, 2 right.</li>
 *   <li>Dynamics (unit time step): {@code v += (a - 1) * 0.001 + cos(3p) * (-0.0025)} with the bracket summed
 *       first, v clipped to [-0.07, 0.07], then {@code p += v} clipped to [-1.2, 0.6]; at the left wall a
 *       negative velocity becomes 0.</li>
 *   <li>Termination: {@code p >= 0.5 and v >= 0}. Reward: -1 every step.</li>
 *   <li>Reset: position uniform in [-0.6, -0.4), velocity 0, from a Java generator (NumPy's exact numbers
 *       are not reproduced).</li>
 * </ul>
 */
public final class MountainCar extends BatchedEnvironment {

    /** The registered id. */
    public static final String ID = "MountainCar-v0";

    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.5;
    static final double GOAL_VELOCITY = 0;
    static final double FORCE = 0.001;
    static final double GRAVITY = 0.0025;

    /** Spaces, limit and threshold as registered by Gymnasium. */
    public static final EnvSpec SPEC = new EnvSpec(ID,
            ClassicSpaces.float32Box(new double[] {MIN_POSITION, -MAX_SPEED}, new double[] {MAX_POSITION, MAX_SPEED}),
            new Discrete(3), 200, -110.0);

    private final double[] position;
    private final double[] velocity;

    /** {@code n} copies; reset them before stepping. */
    public MountainCar(int n) {
        super(SPEC, n, 2);
        position = new double[n];
        velocity = new double[n];
    }

    /** A single {@code MountainCar-v0} environment (a batch of one). */
    public static BatchOfOne single() {
        return new BatchOfOne(new MountainCar(1));
    }

    @Override
    protected void stepDiscrete(int[] actions) {
        final double[] pos = position, vel = velocity, obs = observations, rew = rewards;
        final boolean[] term = terminated;
        final int[] list = stepList;
        for (int j = 0, count = stepCount; j < count; j++) {
            final int i = list[j];
            double p = pos[i];
            double v = vel[i] + ((actions[i] - 1) * FORCE + Math.cos(3 * p) * (-GRAVITY));
            // np.clip as two compares: for bounds lo < 0 < hi the same value as Math.min(Math.max(x, lo), hi)
            // for every x (NaN stays NaN, a zero keeps its sign), without Math.max's NaN and -0.0 code
            v = v < -MAX_SPEED ? -MAX_SPEED : v > MAX_SPEED ? MAX_SPEED : v;
            p += v;
            p = p < MIN_POSITION ? MIN_POSITION : p > MAX_POSITION ? MAX_POSITION : p;
            if (p == MIN_POSITION && v < 0) {
                v = 0.0;
            }
            pos[i] = p;
            vel[i] = v;
            term[i] = p >= GOAL_POSITION && v >= GOAL_VELOCITY;
            rew[i] = -1.0;
            obs[2 * i] = (float) p;
            obs[2 * i + 1] = (float) v;
        }
    }

    @Override
    protected void sampleInitialState(int copy) {
        position[copy] = uniform(copy, -0.6, -0.4);
        velocity[copy] = 0.0;
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
        position[copy] = state[offset];
        velocity[copy] = state[offset + 1];
    }
}
