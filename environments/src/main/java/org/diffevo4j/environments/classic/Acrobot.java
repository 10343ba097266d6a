package org.diffevo4j.environments.classic;

import org.diffevo4j.environments.BatchOfOne;
import org.diffevo4j.environments.BatchedEnvironment;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;

/**
 * {@code Acrobot-v1}, a port of Gymnasium 1.x's {@code AcrobotEnv} (Sutton's acrobot, "book" dynamics)
 * with the TimeLimit of 500 steps.
 *
 * <ul>
 *   <li>State (float64): {@code [theta1, theta2, dtheta1, dtheta2]}. The observation is
 *       {@code (cos theta1, sin theta1, cos theta2, sin theta2, dtheta1, dtheta2)} rounded to float32.</li>
 *   <li>Actions: {@code Discrete(3)}, torque -1, 0, +1 on the joint between the links.</li>
 *   <li>Dynamics: one classic RK4 step of 0.2 s with the torque held constant, using the book equations
 *       (with the {@code dtheta1^2} term in {@code ddtheta2}) and gravity terms written as
 *       {@code cos(angle - pi/2)} as in the Python source. Only after the whole step are the angles
 *       wrapped into [-pi, pi] (by adding or subtracting 2 pi repeatedly, exactly +-pi kept) and the
 *       velocities clipped to +-4 pi and +-9 pi.</li>
 *   <li>Trigonometry reused (bit for bit): the cosine and sine of {@code theta2} that a step computes
 *       for the observation are kept for the next step's first derivative evaluation, which needs
 *       exactly those values (19 sin/cos per step instead of 21).</li>
 *   <li>Termination: {@code -cos(theta1) - cos(theta1 + theta2) > 1}; reward -1 per step, 0 on the
 *       terminating one.</li>
 *   <li>Reset: each component uniform in [-0.1, 0.1), rounded to float32 as Gymnasium does, from a Java
 *       generator (NumPy's exact numbers are not reproduced).</li>
 * </ul>
 *
 * <p>Gymnasium squares velocities with the C library's {@code pow(x, 2)}, which is off by one ulp from
 * {@code x * x} for about 0.1% of inputs; Java has no such {@code pow}, so results agree to about 1e-15 per
 * step rather than bit for bit, and chaotic episodes drift apart after a few hundred steps.
 */
public final class Acrobot extends BatchedEnvironment {

    /** The registered id. */
    public static final String ID = "Acrobot-v1";

    static final double DT = 0.2;
    static final double LINK_LENGTH_1 = 1.0;
    static final double LINK_MASS_1 = 1.0;
    static final double LINK_MASS_2 = 1.0;
    static final double LINK_COM_POS_1 = 0.5;
    static final double LINK_COM_POS_2 = 0.5;
    static final double LINK_MOI = 1.0;
    static final double G = 9.8;
    static final double MAX_VEL_1 = 4 * Math.PI;
    static final double MAX_VEL_2 = 9 * Math.PI;
    private static final double PI = Math.PI;
    private static final double TWO_PI = PI - (-PI);
    private static final double DT2 = DT / 2.0;
    private static final double DT6 = DT / 6.0;

    // the constant sub-expressions of _dsdt, each evaluated in the Python operation order
    private static final double M1 = LINK_MASS_1;
    private static final double M2 = LINK_MASS_2;
    private static final double L1 = LINK_LENGTH_1;
    private static final double LC1 = LINK_COM_POS_1;
    private static final double LC2 = LINK_COM_POS_2;
    private static final double I1 = LINK_MOI;
    private static final double I2 = LINK_MOI;
    /** {@code m1 * lc1**2}. */
    private static final double D1_A = M1 * (LC1 * LC1);
    /** {@code l1**2 + lc2**2}. */
    private static final double D1_B = L1 * L1 + LC2 * LC2;
    /** {@code 2 * l1 * lc2}. */
    private static final double D1_C = 2 * L1 * LC2;
    /** {@code lc2**2}. */
    private static final double LC2_SQ = LC2 * LC2;
    /** {@code l1 * lc2}. */
    private static final double L1_LC2 = L1 * LC2;
    /** {@code m2 * lc2 * g}. */
    private static final double PHI2_GAIN = M2 * LC2 * G;
    /** {@code -m2 * l1 * lc2}. */
    private static final double PHI1_A = -M2 * L1 * LC2;
    /** {@code 2 * m2 * l1 * lc2}. */
    private static final double PHI1_B = 2 * M2 * L1 * LC2;
    /** {@code (m1 * lc1 + m2 * l1) * g}. */
    private static final double PHI1_C = (M1 * LC1 + M2 * L1) * G;
    /** {@code m2 * l1 * lc2}. */
    private static final double DD2_A = M2 * L1 * LC2;
    /** {@code m2 * lc2**2 + I2}. */
    private static final double DD2_DEN = M2 * LC2_SQ + I2;

    /** Spaces, limit and threshold as registered by Gymnasium. */
    public static final EnvSpec SPEC = new EnvSpec(ID,
            ClassicSpaces.symmetricFloat32Box(1.0, 1.0, 1.0, 1.0, MAX_VEL_1, MAX_VEL_2),
            new Discrete(3), 500, -100.0);

    private final double[] theta1;
    private final double[] theta2;
    private final double[] dtheta1;
    private final double[] dtheta2;
    /**
     * {@code cos(theta2)} and {@code sin(theta2)} of the current state, kept from the step (or reset)
     * that set {@code theta2}, where the observation needs them anyway: the next step's first
     * derivative evaluation takes the cosine and sine of exactly this value, so reusing them changes no
     * bit and saves two of the step's 21 trigonometric calls.
     */
    private final double[] cosTheta2;
    private final double[] sinTheta2;
    /** Scratch for one derivative evaluation: (dtheta1, dtheta2, ddtheta1, ddtheta2). */
    private final double[] k = new double[4];

    /** {@code n} copies; reset them before stepping. */
    public Acrobot(int n) {
        super(SPEC, n, 4);
        theta1 = new double[n];
        theta2 = new double[n];
        dtheta1 = new double[n];
        dtheta2 = new double[n];
        cosTheta2 = new double[n];
        sinTheta2 = new double[n];
    }

    /** A single {@code Acrobot-v1} environment (a batch of one). */
    public static BatchOfOne single() {
        return new BatchOfOne(new Acrobot(1));
    }

    @Override
    protected void stepDiscrete(int[] actions) {
        final double[] t1 = theta1, t2 = theta2, w1 = dtheta1, w2 = dtheta2, obs = observations, rew = rewards;
        final double[] cos2 = cosTheta2, sin2 = sinTheta2;
        final boolean[] term = terminated;
        final double[] k = this.k;
        final int[] list = stepList;
        for (int j = 0, count = stepCount; j < count; j++) {
            final int i = list[j];
            double a = actions[i] - 1.0; // AVAIL_TORQUE = [-1.0, 0.0, +1]
            double y0 = t1[i], y1 = t2[i], y2 = w1[i], y3 = w2[i];

            dsdt(y0, y1, y2, y3, a, cos2[i], sin2[i], k);
            double k10 = k[0], k11 = k[1], k12 = k[2], k13 = k[3];
            dsdt(y0 + DT2 * k10, y1 + DT2 * k11, y2 + DT2 * k12, y3 + DT2 * k13, a, k);
            double k20 = k[0], k21 = k[1], k22 = k[2], k23 = k[3];
            dsdt(y0 + DT2 * k20, y1 + DT2 * k21, y2 + DT2 * k22, y3 + DT2 * k23, a, k);
            double k30 = k[0], k31 = k[1], k32 = k[2], k33 = k[3];
            dsdt(y0 + DT * k30, y1 + DT * k31, y2 + DT * k32, y3 + DT * k33, a, k);
            double n0 = y0 + DT6 * (k10 + 2 * k20 + 2 * k30 + k[0]);
            double n1 = y1 + DT6 * (k11 + 2 * k21 + 2 * k31 + k[1]);
            double n2 = y2 + DT6 * (k12 + 2 * k22 + 2 * k32 + k[2]);
            double n3 = y3 + DT6 * (k13 + 2 * k23 + 2 * k33 + k[3]);

            n0 = wrap(n0);
            n1 = wrap(n1);
            n2 = Math.min(Math.max(n2, -MAX_VEL_1), MAX_VEL_1);
            n3 = Math.min(Math.max(n3, -MAX_VEL_2), MAX_VEL_2);
            t1[i] = n0;
            t2[i] = n1;
            w1[i] = n2;
            w2[i] = n3;
            double c0 = Math.cos(n0);
            double c1 = Math.cos(n1);
            double s1 = Math.sin(n1);
            cos2[i] = c1;
            sin2[i] = s1;
            boolean t = -c0 - Math.cos(n1 + n0) > 1.0;
            term[i] = t;
            rew[i] = t ? 0.0 : -1.0;
            int o = 6 * i;
            obs[o] = (float) c0;
            obs[o + 1] = (float) Math.sin(n0);
            obs[o + 2] = (float) c1;
            obs[o + 3] = (float) s1;
            obs[o + 4] = (float) n2;
            obs[o + 5] = (float) n3;
        }
    }

    /** Gymnasium's {@code _dsdt} (book variant); writes (dtheta1, dtheta2, ddtheta1, ddtheta2) to {@code out}. */
    private static void dsdt(double theta1, double theta2, double dtheta1, double dtheta2, double a, double[] out) {
        dsdt(theta1, theta2, dtheta1, dtheta2, a, Math.cos(theta2), Math.sin(theta2), out);
    }

    /** {@link #dsdt(double, double, double, double, double, double[])} given {@code cos(theta2)} and {@code sin(theta2)}. */
    private static void dsdt(double theta1, double theta2, double dtheta1, double dtheta2, double a, double cos2,
                             double sin2, double[] out) {
        double d1 = D1_A + M2 * (D1_B + D1_C * cos2) + I1 + I2;
        double d2 = M2 * (LC2_SQ + L1_LC2 * cos2) + I2;
        double phi2 = PHI2_GAIN * Math.cos(theta1 + theta2 - PI / 2.0);
        double phi1 = PHI1_A * (dtheta2 * dtheta2) * sin2
                - PHI1_B * dtheta2 * dtheta1 * sin2
                + PHI1_C * Math.cos(theta1 - PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - DD2_A * (dtheta1 * dtheta1) * sin2 - phi2)
                / (DD2_DEN - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        out[0] = dtheta1;
        out[1] = dtheta2;
        out[2] = ddtheta1;
        out[3] = ddtheta2;
    }

    /** Gymnasium's {@code wrap(x, -pi, pi)}: repeated +-2 pi, so the bits match (atan2 would not). */
    private static double wrap(double x) {
        while (x > PI) {
            x = x - TWO_PI;
        }
        while (x < -PI) {
            x = x + TWO_PI;
        }
        return x;
    }

    @Override
    protected void sampleInitialState(int copy) {
        theta1[copy] = (float) uniform(copy, -0.1, 0.1);
        setTheta2(copy, (float) uniform(copy, -0.1, 0.1));
        dtheta1[copy] = (float) uniform(copy, -0.1, 0.1);
        dtheta2[copy] = (float) uniform(copy, -0.1, 0.1);
    }

    @Override
    protected void observe(int copy) {
        int o = 6 * copy;
        observations[o] = (float) Math.cos(theta1[copy]);
        observations[o + 1] = (float) Math.sin(theta1[copy]);
        observations[o + 2] = (float) cosTheta2[copy];
        observations[o + 3] = (float) sinTheta2[copy];
        observations[o + 4] = (float) dtheta1[copy];
        observations[o + 5] = (float) dtheta2[copy];
    }

    private void setTheta2(int copy, double v) {
        theta2[copy] = v;
        cosTheta2[copy] = Math.cos(v);
        sinTheta2[copy] = Math.sin(v);
    }

    @Override
    protected void writeState(int copy, double[] out, int offset) {
        out[offset] = theta1[copy];
        out[offset + 1] = theta2[copy];
        out[offset + 2] = dtheta1[copy];
        out[offset + 3] = dtheta2[copy];
    }

    @Override
    protected void readState(int copy, double[] state, int offset, int elapsedSteps) {
        theta1[copy] = state[offset];
        setTheta2(copy, state[offset + 1]);
        dtheta1[copy] = state[offset + 2];
        dtheta2[copy] = state[offset + 3];
    }
}
