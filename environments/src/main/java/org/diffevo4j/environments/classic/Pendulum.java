package org.diffevo4j.environments.classic;

import org.diffevo4j.environments.BatchOfOne;
import org.diffevo4j.environments.BatchedEnvironment;
import org.diffevo4j.environments.EnvSpec;

/**
 * {@code Pendulum-v1}, a port of Gymnasium 1.x's {@code PendulumEnv} with the TimeLimit of 200 steps.
 *
 * <ul>
 *   <li>State (float64): {@code [theta, theta_dot]}, theta = 0 upright; theta is never wrapped. The
 *       observation is {@code (cos theta, sin theta, theta_dot)} rounded to float32.</li>
 *   <li>Actions: {@code Box([-2], [2], float32)}, the torque. The action is taken as float32 (the box's
 *       dtype) and clipped to [-2, 2] before it enters the dynamics and the cost.</li>
 *   <li>Dynamics (g = 10, dt = 0.05): {@code w += (15 sin(theta) + 3u) dt}, clipped to [-8, 8], then
 *       {@code theta += w dt}. As under NumPy 2 with a float32 action, {@code 3u} is a float32 product.</li>
 *   <li>Reward: {@code -(norm(theta)^2 + 0.1 w^2 + 0.001 u^2)} from the state <em>before</em> the step, with
 *       norm a floored modulo into [-pi, pi) and the torque term computed in float32. Never terminates.</li>
 *   <li>Reset: theta uniform in [-pi, pi), theta_dot uniform in [-1, 1), from a Java generator (NumPy's
 *       exact numbers are not reproduced).</li>
 * </ul>
 */
public final class Pendulum extends BatchedEnvironment {

    /** The registered id. */
    public static final String ID = "Pendulum-v1";

    static final double MAX_SPEED = 8;
    static final float MAX_TORQUE = 2.0f;
    static final double DT = 0.05;
    static final double G = 10.0;
    static final double M = 1.0;
    static final double L = 1.0;
    private static final double TWO_PI = 2 * Math.PI;
    /** {@code 3 * g / (2 * l)}, evaluated as Gymnasium does. */
    private static final double GRAVITY_TERM = 3 * G / (2 * L);
    /** {@code 3.0 / (m * l**2)}, rounded to float32 because it multiplies a float32 torque. */
    private static final float TORQUE_GAIN = (float) (3.0 / (M * L * L));
    /** The cost weight 0.001, rounded to float32 because it multiplies a float32 square. */
    private static final float TORQUE_COST = 0.001f;

    /** Spaces and limit as registered by Gymnasium (no reward threshold). */
    public static final EnvSpec SPEC = new EnvSpec(ID,
            ClassicSpaces.symmetricFloat32Box(1.0, 1.0, MAX_SPEED),
            ClassicSpaces.symmetricFloat32Box(MAX_TORQUE), 200, null);

    private final double[] theta;
    private final double[] thetaDot;

    /** {@code n} copies; reset them before stepping. */
    public Pendulum(int n) {
        super(SPEC, n, 2);
        theta = new double[n];
        thetaDot = new double[n];
    }

    /** A single {@code Pendulum-v1} environment (a batch of one). */
    public static BatchOfOne single() {
        return new BatchOfOne(new Pendulum(1));
    }

    @Override
    protected void stepContinuous(double[] actions) {
        final double[] th = theta, thd = thetaDot, obs = observations, rew = rewards;
        final boolean[] term = terminated;
        final int[] list = stepList;
        for (int j = 0, count = stepCount; j < count; j++) {
            final int i = list[j];
            float u = Math.min(Math.max((float) actions[i], -MAX_TORQUE), MAX_TORQUE);
            double t = th[i];
            double w = thd[i];
            double n = angleNormalize(t);
            float uSquared = u * u;
            double costs = n * n + 0.1 * (w * w) + (double) (TORQUE_COST * uSquared);
            double newW = w + (GRAVITY_TERM * Math.sin(t) + (double) (TORQUE_GAIN * u)) * DT;
            newW = Math.min(Math.max(newW, -MAX_SPEED), MAX_SPEED);
            double newT = t + newW * DT;
            th[i] = newT;
            thd[i] = newW;
            rew[i] = -costs;
            term[i] = false;
            int o = 3 * i;
            obs[o] = (float) Math.cos(newT);
            obs[o + 1] = (float) Math.sin(newT);
            obs[o + 2] = (float) newW;
        }
    }

    /** {@code ((x + pi) mod 2 pi) - pi} with NumPy's floored modulo (remainder takes the divisor's sign). */
    static double angleNormalize(double x) {
        double r = (x + Math.PI) % TWO_PI;
        if (r < 0) {
            r += TWO_PI;
        }
        return r - Math.PI;
    }

    @Override
    protected void sampleInitialState(int copy) {
        theta[copy] = uniform(copy, -Math.PI, Math.PI);
        thetaDot[copy] = uniform(copy, -1.0, 1.0);
    }

    @Override
    protected void observe(int copy) {
        int o = 3 * copy;
        observations[o] = (float) Math.cos(theta[copy]);
        observations[o + 1] = (float) Math.sin(theta[copy]);
        observations[o + 2] = (float) thetaDot[copy];
    }

    @Override
    protected void writeState(int copy, double[] out, int offset) {
        out[offset] = theta[copy];
        out[offset + 1] = thetaDot[copy];
    }

    @Override
    protected void readState(int copy, double[] state, int offset, int elapsedSteps) {
        theta[copy] = state[offset];
        thetaDot[copy] = state[offset + 1];
    }
}
