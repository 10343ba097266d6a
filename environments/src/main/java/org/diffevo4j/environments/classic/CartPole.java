package org.diffevo4j.environments.classic;

import org.diffevo4j.environments.BatchOfOne;
import org.diffevo4j.environments.BatchedEnvironment;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;

/**
 * {@code CartPole-v1}, a port of Gymnasium 1.x's {@code CartPoleEnv} (Barto, Sutton and Anderson's
 * cart-pole) with the TimeLimit of 500 steps.
 *
 * <ul>
 *   <li>State (float64): {@code [x, x_dot, theta, theta_dot]}; the observation is the same four values
 *       rounded to float32.</li>
 *   <li>Actions: {@code Discrete(2)}; 0 pushes the cart left (force -10), 1 right (+10).</li>
 *   <li>Dynamics: explicit Euler with tau = 0.02 (x and theta advance with the velocities from before
 *       the step), operations in Gymnasium's order so the results agree to the last bit or so.</li>
 *   <li>Termination: |x| &gt; 2.4 or |theta| &gt; 12 degrees (strict, on the float64 state).</li>
 *   <li>Reward: +1 per step, the terminating one included. A single environment stepped again after
 *       termination without a reset returns 0, as Gymnasium does.</li>
 *   <li>Reset: each state component uniform in [-0.05, 0.05), drawn from a Java generator (NumPy's exact
 *       numbers are not reproduced).</li>
 * </ul>
 */
public final class CartPole extends BatchedEnvironment {

    /** The registered id. */
    public static final String ID = "CartPole-v1";

    static final double GRAVITY = 9.8;
    static final double MASSCART = 1.0;
    static final double MASSPOLE = 0.1;
    static final double TOTAL_MASS = MASSPOLE + MASSCART;
    static final double LENGTH = 0.5; // half the pole's length
    static final double POLEMASS_LENGTH = MASSPOLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    static final double TAU = 0.02;
    static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;
    static final double RESET_BOUND = 0.05;

    /** Spaces, limit and threshold as registered by Gymnasium. */
    public static final EnvSpec SPEC = new EnvSpec(ID,
            ClassicSpaces.symmetricFloat32Box(X_THRESHOLD * 2, Double.POSITIVE_INFINITY,
                    THETA_THRESHOLD_RADIANS * 2, Double.POSITIVE_INFINITY),
            new Discrete(2), 500, 475.0);

    private final double[] x;
    private final double[] xDot;
    private final double[] theta;
    private final double[] thetaDot;
    /** Gymnasium's {@code steps_beyond_terminated is not None}: only a single env steps past termination. */
    private final boolean[] terminatedBefore;

    /** {@code n} copies; reset them before stepping. */
    public CartPole(int n) {
        super(SPEC, n, 4);
        x = new double[n];
        xDot = new double[n];
        theta = new double[n];
        thetaDot = new double[n];
        terminatedBefore = new boolean[n];
    }

    /** A single {@code CartPole-v1} environment (a batch of one). */
    public static BatchOfOne single() {
        return new BatchOfOne(new CartPole(1));
    }

    @Override
    protected void stepDiscrete(int[] actions) {
        final double[] x = this.x, xDot = this.xDot, theta = this.theta, thetaDot = this.thetaDot;
        final double[] obs = observations, rew = rewards;
        final boolean[] term = terminated, before = terminatedBefore;
        final int[] list = stepList;
        for (int j = 0, count = stepCount; j < count; j++) {
            final int i = list[j];
            double force = actions[i] == 1 ? FORCE_MAG : -FORCE_MAG;
            double th = theta[i];
            double thDot = thetaDot[i];
            double costheta = Math.cos(th);
            double sintheta = Math.sin(th);
            double temp = (force + POLEMASS_LENGTH * (thDot * thDot) * sintheta) / TOTAL_MASS;
            double thetaAcc = (GRAVITY * sintheta - costheta * temp)
                    / (LENGTH * (4.0 / 3.0 - MASSPOLE * (costheta * costheta) / TOTAL_MASS));
            double xAcc = temp - POLEMASS_LENGTH * thetaAcc * costheta / TOTAL_MASS;
            double nx = x[i] + TAU * xDot[i];
            double nxDot = xDot[i] + TAU * xAcc;
            double nth = th + TAU * thDot;
            double nthDot = thDot + TAU * thetaAcc;
            x[i] = nx;
            xDot[i] = nxDot;
            theta[i] = nth;
            thetaDot[i] = nthDot;
            boolean t = nx < -X_THRESHOLD || nx > X_THRESHOLD
                    || nth < -THETA_THRESHOLD_RADIANS || nth > THETA_THRESHOLD_RADIANS;
            double r;
            if (!t) {
                r = 1.0;
            } else if (!before[i]) {
                before[i] = true;
                r = 1.0;
            } else {
                r = 0.0;
            }
            term[i] = t;
            rew[i] = r;
            int o = i * 4;
            obs[o] = (float) nx;
            obs[o + 1] = (float) nxDot;
            obs[o + 2] = (float) nth;
            obs[o + 3] = (float) nthDot;
        }
    }

    @Override
    protected void sampleInitialState(int copy) {
        x[copy] = uniform(copy, -RESET_BOUND, RESET_BOUND);
        xDot[copy] = uniform(copy, -RESET_BOUND, RESET_BOUND);
        theta[copy] = uniform(copy, -RESET_BOUND, RESET_BOUND);
        thetaDot[copy] = uniform(copy, -RESET_BOUND, RESET_BOUND);
        terminatedBefore[copy] = false;
    }

    @Override
    protected void observe(int copy) {
        int o = copy * 4;
        observations[o] = (float) x[copy];
        observations[o + 1] = (float) xDot[copy];
        observations[o + 2] = (float) theta[copy];
        observations[o + 3] = (float) thetaDot[copy];
    }

    @Override
    protected void writeState(int copy, double[] out, int offset) {
        out[offset] = x[copy];
        out[offset + 1] = xDot[copy];
        out[offset + 2] = theta[copy];
        out[offset + 3] = thetaDot[copy];
    }

    @Override
    protected void readState(int copy, double[] state, int offset, int elapsedSteps) {
        x[copy] = state[offset];
        xDot[copy] = state[offset + 1];
        theta[copy] = state[offset + 2];
        thetaDot[copy] = state[offset + 3];
        terminatedBefore[copy] = false;
    }
}
