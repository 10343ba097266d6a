/*
 * diffevo4j GPU kernels: the fused population rollout (environment physics + MLP forward + head +
 * reward bookkeeping) in two layouts: `rollout`, one thread per episode copy (policies up to 64 wide), and
 * `rollout_coop`, one warp per copy (up to 256 wide; see "cooperative" below); plus the tiled Diffusion
 * Evolution update.
 *
 * One source, two builds:
 *   - nvcc (gpu/build-kernels.sh): a fat binary for sm_80, sm_86, sm_89, sm_90 + PTX compute_90,
 *     with --fmad=false so that no multiply-add is contracted (the Java code never fuses);
 *   - gcc for the host CPU (-ffp-contract=off, -DDIFFEVO4J_HOST): the same per-copy code in a loop,
 *     exported as rollout_host() and rollout_coop_host() (the warp's lanes as loops between barriers),
 *     used to check this source against the JVM evaluator without a GPU.
 *
 * Arithmetic follows the Java code operation for operation, in double precision:
 *   - environments/.../classic/CartPole.java, MountainCar.java, Acrobot.java, MountainCarContinuous.java,
 *     Pendulum.java (step, sampleInitialState), float32 operations where the Java code uses float;
 *   - reset streams: environments/.../SeedStreams.java (SplitMix64), BatchedEnvironment.uniform;
 *   - agents/.../MlpPolicy.forward (four partial sums over i mod 4), ObservationNormalizer,
 *     the JVM evaluator's argmax / clip(tanh(out) * factor) head and its episode bookkeeping.
 * Transcendentals (cos, sin, tanh) come from the C library / CUDA's libdevice; Java's Math.cos and
 * StrictMath differ from them in the last bit at worst (see gpu/README.md).
 *
 * Config layout (built by RolloutConfig.java):
 *   icfg: [0] env id, [1] episodes E, [2] genome dim D, [3] max steps, [4] activation (0 relu, 1 tanh),
 *         [5] layers L, [6] obs size, [7] action size, [8] action start, [9] normalise (0/1),
 *         [10 .. 10+L] layer sizes (L+1), then weight offsets (L), then bias offsets (L, -1 = none)
 *   dcfg: [0] sqrt(3), then normaliser low (obs), range (obs), action factor (act), low (act), high (act)
 */

#ifdef DIFFEVO4J_HOST
#include <math.h>
#include <stdint.h>
#define D4J_DEVICE static
#define D4J_RESTRICT
typedef uint64_t d4j_u64;
#else
#define D4J_DEVICE __device__ __forceinline__
#define D4J_RESTRICT __restrict__
typedef unsigned long long d4j_u64;
#endif

#define D4J_MAX_WIDTH 64
#define D4J_MAX_LAYERS 8

#define ENV_CARTPOLE 0
#define ENV_MOUNTAINCAR 1
#define ENV_ACROBOT 2
#define ENV_MOUNTAINCAR_CONTINUOUS 3
#define ENV_PENDULUM 4
#define D4J_PI 3.141592653589793

/* ---- SplitMix64, as SeedStreams */
D4J_DEVICE d4j_u64 d4j_mix(d4j_u64 z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* uniform in [low, high): low + (high - low) * u, u = (nextLong >>> 11) * 2^-53 */
D4J_DEVICE double d4j_uniform(d4j_u64 *state, double low, double high) {
    d4j_u64 s = *state + 0x9E3779B97F4A7C15ULL;
    *state = s;
    double u = (double) (d4j_mix(s) >> 11) * 0x1.0p-53;
    return low + (high - low) * u;
}

/* Java's Math.min / Math.max for doubles (NaN wins; -0.0 < +0.0) */
D4J_DEVICE double d4j_jmin(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0 && b == 0.0) return signbit(a) ? a : b;
    return a <= b ? a : b;
}
D4J_DEVICE double d4j_jmax(double a, double b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0 && b == 0.0) return signbit(a) ? b : a;
    return a >= b ? a : b;
}
D4J_DEVICE float d4j_jminf(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0f && b == 0.0f) return signbit(a) ? a : b;
    return a <= b ? a : b;
}
D4J_DEVICE float d4j_jmaxf(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == 0.0f && b == 0.0f) return signbit(a) ? b : a;
    return a >= b ? a : b;
}

/* float32 rounding of an observation component, as Java's (float) cast */
D4J_DEVICE double d4j_f32(double x) {
    return (double) (float) x;
}

/* ---- environments: state in s[], observation into obs[], returns reward, sets *term */

#define CP_GRAVITY 9.8
#define CP_MASSCART 1.0
#define CP_MASSPOLE 0.1
#define CP_TOTAL_MASS (CP_MASSPOLE + CP_MASSCART)
#define CP_LENGTH 0.5
#define CP_POLEMASS_LENGTH (CP_MASSPOLE * CP_LENGTH)
#define CP_FORCE_MAG 10.0
#define CP_TAU 0.02
#define CP_X_THRESHOLD 2.4

D4J_DEVICE void cartpole_reset(d4j_u64 *rng, double *s, double *obs) {
    for (int i = 0; i < 4; i++) {
        s[i] = d4j_uniform(rng, -0.05, 0.05);
        obs[i] = d4j_f32(s[i]);
    }
}

D4J_DEVICE double cartpole_step(double *s, int action, double *obs, int *term, double thetaThreshold) {
    double force = action == 1 ? CP_FORCE_MAG : -CP_FORCE_MAG;
    double th = s[2];
    double thDot = s[3];
    double costheta = cos(th);
    double sintheta = sin(th);
    double temp = (force + CP_POLEMASS_LENGTH * (thDot * thDot) * sintheta) / CP_TOTAL_MASS;
    double thetaAcc = (CP_GRAVITY * sintheta - costheta * temp)
            / (CP_LENGTH * (4.0 / 3.0 - CP_MASSPOLE * (costheta * costheta) / CP_TOTAL_MASS));
    double xAcc = temp - CP_POLEMASS_LENGTH * thetaAcc * costheta / CP_TOTAL_MASS;
    double nx = s[0] + CP_TAU * s[1];
    double nxDot = s[1] + CP_TAU * xAcc;
    double nth = th + CP_TAU * thDot;
    double nthDot = thDot + CP_TAU * thetaAcc;
    s[0] = nx;
    s[1] = nxDot;
    s[2] = nth;
    s[3] = nthDot;
    *term = nx < -CP_X_THRESHOLD || nx > CP_X_THRESHOLD || nth < -thetaThreshold || nth > thetaThreshold;
    obs[0] = d4j_f32(nx);
    obs[1] = d4j_f32(nxDot);
    obs[2] = d4j_f32(nth);
    obs[3] = d4j_f32(nthDot);
    return 1.0;
}

#define MC_MIN_POSITION (-1.2)
#define MC_MAX_POSITION 0.6
#define MC_MAX_SPEED 0.07
#define MC_GOAL_POSITION 0.5
#define MC_FORCE 0.001
#define MC_GRAVITY 0.0025

D4J_DEVICE void mountaincar_reset(d4j_u64 *rng, double *s, double *obs) {
    s[0] = d4j_uniform(rng, -0.6, -0.4);
    s[1] = 0.0;
    obs[0] = d4j_f32(s[0]);
    obs[1] = d4j_f32(s[1]);
}

D4J_DEVICE double mountaincar_step(double *s, int action, double *obs, int *term) {
    double p = s[0];
    double v = s[1] + ((double) (action - 1) * MC_FORCE + cos(3 * p) * (-MC_GRAVITY));
    v = d4j_jmin(d4j_jmax(v, -MC_MAX_SPEED), MC_MAX_SPEED);
    p = d4j_jmin(d4j_jmax(p + v, MC_MIN_POSITION), MC_MAX_POSITION);
    if (p == MC_MIN_POSITION && v < 0) {
        v = 0.0;
    }
    s[0] = p;
    s[1] = v;
    *term = p >= MC_GOAL_POSITION && v >= 0;
    obs[0] = d4j_f32(p);
    obs[1] = d4j_f32(v);
    return -1.0;
}

/* ---- Acrobot-v1: RK4 over _dsdt, constants evaluated as Acrobot.java's static finals */
#define AC_DT 0.2
#define AC_M1 1.0
#define AC_M2 1.0
#define AC_L1 1.0
#define AC_LC1 0.5
#define AC_LC2 0.5
#define AC_I1 1.0
#define AC_I2 1.0
#define AC_G 9.8

D4J_DEVICE void acrobot_reset(d4j_u64 *rng, double *s, double *obs) {
    for (int i = 0; i < 4; i++) {
        s[i] = (double) (float) d4j_uniform(rng, -0.1, 0.1);
    }
    obs[0] = d4j_f32(cos(s[0]));
    obs[1] = d4j_f32(sin(s[0]));
    obs[2] = d4j_f32(cos(s[1]));
    obs[3] = d4j_f32(sin(s[1]));
    obs[4] = d4j_f32(s[2]);
    obs[5] = d4j_f32(s[3]);
}

D4J_DEVICE void acrobot_dsdt(double theta1, double theta2, double dtheta1, double dtheta2, double a, double *out) {
    const double D1_A = AC_M1 * (AC_LC1 * AC_LC1);
    const double D1_B = AC_L1 * AC_L1 + AC_LC2 * AC_LC2;
    const double D1_C = 2 * AC_L1 * AC_LC2;
    const double LC2_SQ = AC_LC2 * AC_LC2;
    const double L1_LC2 = AC_L1 * AC_LC2;
    const double PHI2_GAIN = AC_M2 * AC_LC2 * AC_G;
    const double PHI1_A = -AC_M2 * AC_L1 * AC_LC2;
    const double PHI1_B = 2 * AC_M2 * AC_L1 * AC_LC2;
    const double PHI1_C = (AC_M1 * AC_LC1 + AC_M2 * AC_L1) * AC_G;
    const double DD2_A = AC_M2 * AC_L1 * AC_LC2;
    const double DD2_DEN = AC_M2 * LC2_SQ + AC_I2;
    double cos2 = cos(theta2);
    double sin2 = sin(theta2);
    double d1 = D1_A + AC_M2 * (D1_B + D1_C * cos2) + AC_I1 + AC_I2;
    double d2 = AC_M2 * (LC2_SQ + L1_LC2 * cos2) + AC_I2;
    double phi2 = PHI2_GAIN * cos(theta1 + theta2 - D4J_PI / 2.0);
    double phi1 = PHI1_A * (dtheta2 * dtheta2) * sin2
            - PHI1_B * dtheta2 * dtheta1 * sin2
            + PHI1_C * cos(theta1 - D4J_PI / 2)
            + phi2;
    double ddtheta2 = (a + d2 / d1 * phi1 - DD2_A * (dtheta1 * dtheta1) * sin2 - phi2)
            / (DD2_DEN - (d2 * d2) / d1);
    double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
    out[0] = dtheta1;
    out[1] = dtheta2;
    out[2] = ddtheta1;
    out[3] = ddtheta2;
}

D4J_DEVICE double acrobot_wrap(double x) {
    const double TWO_PI = D4J_PI - (-D4J_PI);
    while (x > D4J_PI) {
        x = x - TWO_PI;
    }
    while (x < -D4J_PI) {
        x = x + TWO_PI;
    }
    return x;
}

D4J_DEVICE double acrobot_step(double *s, int action, double *obs, int *term) {
    const double DT2 = AC_DT / 2.0;
    const double DT6 = AC_DT / 6.0;
    const double MAX_VEL_1 = 4 * D4J_PI;
    const double MAX_VEL_2 = 9 * D4J_PI;
    double a = (double) action - 1.0;
    double y0 = s[0], y1 = s[1], y2 = s[2], y3 = s[3];
    double k1[4], k2[4], k3[4], k[4];
    acrobot_dsdt(y0, y1, y2, y3, a, k1);
    acrobot_dsdt(y0 + DT2 * k1[0], y1 + DT2 * k1[1], y2 + DT2 * k1[2], y3 + DT2 * k1[3], a, k2);
    acrobot_dsdt(y0 + DT2 * k2[0], y1 + DT2 * k2[1], y2 + DT2 * k2[2], y3 + DT2 * k2[3], a, k3);
    acrobot_dsdt(y0 + AC_DT * k3[0], y1 + AC_DT * k3[1], y2 + AC_DT * k3[2], y3 + AC_DT * k3[3], a, k);
    double n0 = y0 + DT6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k[0]);
    double n1 = y1 + DT6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k[1]);
    double n2 = y2 + DT6 * (k1[2] + 2 * k2[2] + 2 * k3[2] + k[2]);
    double n3 = y3 + DT6 * (k1[3] + 2 * k2[3] + 2 * k3[3] + k[3]);
    n0 = acrobot_wrap(n0);
    n1 = acrobot_wrap(n1);
    n2 = d4j_jmin(d4j_jmax(n2, -MAX_VEL_1), MAX_VEL_1);
    n3 = d4j_jmin(d4j_jmax(n3, -MAX_VEL_2), MAX_VEL_2);
    s[0] = n0;
    s[1] = n1;
    s[2] = n2;
    s[3] = n3;
    double c0 = cos(n0);
    int t = -c0 - cos(n1 + n0) > 1.0;
    *term = t;
    obs[0] = d4j_f32(c0);
    obs[1] = d4j_f32(sin(n0));
    obs[2] = d4j_f32(cos(n1));
    obs[3] = d4j_f32(sin(n1));
    obs[4] = d4j_f32(n2);
    obs[5] = d4j_f32(n3);
    return t ? 0.0 : -1.0;
}

/* ---- MountainCarContinuous-v0: double state until the first step, float32 after (s[2] = flag) */
#define MCC_MAX_SPEED 0.07
#define MCC_GOAL_POSITION 0.45
#define MCC_POWER 0.0015

D4J_DEVICE void mcc_reset(d4j_u64 *rng, double *s, double *obs) {
    s[0] = d4j_uniform(rng, -0.6, -0.4);
    s[1] = 0.0;
    s[2] = 0.0;
    obs[0] = d4j_f32(s[0]);
    obs[1] = d4j_f32(s[1]);
}

D4J_DEVICE double mcc_step(double *s, double action, double *obs, int *term) {
    const float MIN_POSITION_F = (float) MC_MIN_POSITION;
    const float MAX_POSITION_F = (float) MC_MAX_POSITION;
    const float MAX_SPEED_F = (float) MCC_MAX_SPEED;
    const float GOAL_POSITION_F = (float) MCC_GOAL_POSITION;
    const float POWER_F = (float) MCC_POWER;
    float af = (float) action;
    double a = af;
    int inRange = af >= -1.0 && af <= 1.0;
    float p32, v32;
    int goal;
    if (s[2] == 0.0) {
        double p = s[0];
        double v = s[1];
        double c = MC_GRAVITY * cos(3 * p);
        double inc = inRange ? (double) (af * POWER_F - (float) c) : (af > 0 ? 1.0 : -1.0) * MCC_POWER - c;
        v = v + inc;
        if (v > MCC_MAX_SPEED) v = MCC_MAX_SPEED;
        if (v < -MCC_MAX_SPEED) v = -MCC_MAX_SPEED;
        p = p + v;
        if (p > MC_MAX_POSITION) p = MC_MAX_POSITION;
        if (p < MC_MIN_POSITION) p = MC_MIN_POSITION;
        if (p == MC_MIN_POSITION && v < 0) v = 0;
        goal = p >= MCC_GOAL_POSITION && v >= 0;
        p32 = (float) p;
        v32 = (float) v;
        s[2] = 1.0;
    } else {
        float p = (float) s[0];
        float v = (float) s[1];
        double c = MC_GRAVITY * cos((double) (3 * p));
        float inc = inRange ? af * POWER_F - (float) c : (float) ((af > 0 ? 1.0 : -1.0) * MCC_POWER - c);
        v = v + inc;
        if (v > MAX_SPEED_F) v = MAX_SPEED_F;
        if (v < -MAX_SPEED_F) v = -MAX_SPEED_F;
        p = p + v;
        if (p > MAX_POSITION_F) p = MAX_POSITION_F;
        if (p < MIN_POSITION_F) p = MIN_POSITION_F;
        if (p == MIN_POSITION_F && v < 0) v = 0;
        goal = p >= GOAL_POSITION_F && v >= 0;
        p32 = p;
        v32 = v;
    }
    s[0] = p32;
    s[1] = v32;
    *term = goal;
    obs[0] = p32;
    obs[1] = v32;
    double r = goal ? 100.0 : 0.0;
    return r - a * a * 0.1;
}

/* ---- Pendulum-v1 */
D4J_DEVICE void pendulum_reset(d4j_u64 *rng, double *s, double *obs) {
    s[0] = d4j_uniform(rng, -D4J_PI, D4J_PI);
    s[1] = d4j_uniform(rng, -1.0, 1.0);
    obs[0] = d4j_f32(cos(s[0]));
    obs[1] = d4j_f32(sin(s[0]));
    obs[2] = d4j_f32(s[1]);
}

D4J_DEVICE double pendulum_step(double *s, double action, double *obs, int *term) {
    const double MAX_SPEED = 8;
    const float MAX_TORQUE = 2.0f;
    const double DT = 0.05;
    const double TWO_PI = 2 * D4J_PI;
    const double GRAVITY_TERM = 3 * 10.0 / (2 * 1.0);
    const float TORQUE_GAIN = (float) (3.0 / (1.0 * 1.0 * 1.0));
    const float TORQUE_COST = 0.001f;
    float u = d4j_jminf(d4j_jmaxf((float) action, -MAX_TORQUE), MAX_TORQUE);
    double t = s[0];
    double w = s[1];
    double n = fmod(t + D4J_PI, TWO_PI);
    if (n < 0) {
        n += TWO_PI;
    }
    n = n - D4J_PI;
    float uSquared = u * u;
    double costs = n * n + 0.1 * (w * w) + (double) (TORQUE_COST * uSquared);
    double newW = w + (GRAVITY_TERM * sin(t) + (double) (TORQUE_GAIN * u)) * DT;
    newW = d4j_jmin(d4j_jmax(newW, -MAX_SPEED), MAX_SPEED);
    double newT = t + newW * DT;
    s[0] = newT;
    s[1] = newW;
    *term = 0;
    obs[0] = d4j_f32(cos(newT));
    obs[1] = d4j_f32(sin(newT));
    obs[2] = d4j_f32(newW);
    return -costs;
}

/* ---- the pieces both rollout kernels share (so that both compute every value the same way) */

/* Per-copy configuration read from icfg / dcfg (layout at the top of this file). */
typedef struct {
    int envId, episodes, dim, maxSteps, tanhAct, layers, obsSize, nAct, actStart, normalise;
    const int *sizes, *wOff, *bOff;
    double sqrt3;
    const double *nLow, *nRange, *aFac, *aLo, *aHi;
} d4j_cfg;

D4J_DEVICE d4j_cfg d4j_read_cfg(const int *icfg, const double *dcfg) {
    d4j_cfg c;
    c.envId = icfg[0];
    c.episodes = icfg[1];
    c.dim = icfg[2];
    c.maxSteps = icfg[3];
    c.tanhAct = icfg[4];
    c.layers = icfg[5];
    c.obsSize = icfg[6];
    c.nAct = icfg[7];
    c.actStart = icfg[8];
    c.normalise = icfg[9];
    c.sizes = icfg + 10;
    c.wOff = c.sizes + c.layers + 1;
    c.bOff = c.wOff + c.layers;
    c.sqrt3 = dcfg[0];
    c.nLow = dcfg + 1;
    c.nRange = c.nLow + c.obsSize;
    c.aFac = c.nRange + c.obsSize;
    c.aLo = c.aFac + c.nAct;
    c.aHi = c.aLo + c.nAct;
    return c;
}

D4J_DEVICE void d4j_reset(int envId, d4j_u64 *rng, double *state, double *obs) {
    switch (envId) {
        case ENV_CARTPOLE: cartpole_reset(rng, state, obs); break;
        case ENV_MOUNTAINCAR: mountaincar_reset(rng, state, obs); break;
        case ENV_ACROBOT: acrobot_reset(rng, state, obs); break;
        case ENV_MOUNTAINCAR_CONTINUOUS: mcc_reset(rng, state, obs); break;
        default: pendulum_reset(rng, state, obs); break;
    }
}

/* the policy's input: (2 (x - low) / range - 1) * sqrt(3) when normalising, else the observation */
D4J_DEVICE void d4j_normalise(const d4j_cfg *c, const double *obs, double *in) {
    for (int i = 0; i < c->obsSize; i++) {
        in[i] = c->normalise ? (2.0 * (obs[i] - c->nLow[i]) / c->nRange[i] - 1.0) * c->sqrt3 : obs[i];
    }
}

/* One output neuron of a dense layer, as MlpPolicy.forward: four partial sums over i mod 4, each summed
 * in input order, then bias + ((s0 + s1) + (s2 + s3)), then the activation on hidden layers. wrow is the
 * neuron's row of weights (nIn values). */
D4J_DEVICE double d4j_neuron(const double *wrow, const double *in, int nIn, double bias, int hidden, int tanhAct) {
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int i = 0;
    for (; i + 3 < nIn; i += 4) {
        s0 = s0 + wrow[i] * in[i];
        s1 = s1 + wrow[i + 1] * in[i + 1];
        s2 = s2 + wrow[i + 2] * in[i + 2];
        s3 = s3 + wrow[i + 3] * in[i + 3];
    }
    for (; i < nIn; i++) {
        s0 = s0 + wrow[i] * in[i];
    }
    double s = bias + ((s0 + s1) + (s2 + s3));
    if (hidden) {
        s = tanhAct ? tanh(s) : (s > 0 ? s : 0.0);
    }
    return s;
}

/* The head on the policy's output and one environment step; returns the reward, sets *term. */
D4J_DEVICE double d4j_act_step(const d4j_cfg *c, const double *out, double *state, double *obs, int *term) {
    /* 12 degrees in radians, as CartPole.THETA_THRESHOLD_RADIANS (12 * 2 * Math.PI / 360) */
    const double thetaThreshold = 12 * 2 * 3.141592653589793 / 360;
    const int envId = c->envId;
    if (envId == ENV_CARTPOLE || envId == ENV_MOUNTAINCAR || envId == ENV_ACROBOT) {
        /* argmax, lowest index on ties */
        int best = 0;
        double bv = out[0];
        for (int a = 1; a < c->nAct; a++) {
            if (out[a] > bv) {
                bv = out[a];
                best = a;
            }
        }
        int action = c->actStart + best;
        if (envId == ENV_CARTPOLE) {
            return cartpole_step(state, action, obs, term, thetaThreshold);
        } else if (envId == ENV_MOUNTAINCAR) {
            return mountaincar_step(state, action, obs, term);
        }
        return acrobot_step(state, action, obs, term);
    }
    /* continuous head: clip(tanh(out) * factor, low, high); both continuous environments have one action */
    double action = d4j_jmin(c->aHi[0], d4j_jmax(c->aLo[0], tanh(out[0]) * c->aFac[0]));
    if (envId == ENV_MOUNTAINCAR_CONTINUOUS) {
        return mcc_step(state, action, obs, term);
    }
    return pendulum_step(state, action, obs, term);
}

/* ---- thread per copy: one episode copy k: reset, then policy forward -> action -> step -> reward until done */
D4J_DEVICE void d4j_rollout_copy(int k, const double *D4J_RESTRICT pop, const long long *D4J_RESTRICT seeds,
                                 const int *D4J_RESTRICT icfg, const double *D4J_RESTRICT dcfg,
                                 double *ret, int *len, int *terminated, int *badStep, double *badValue) {
    const d4j_cfg cfg = d4j_read_cfg(icfg, dcfg);
    const d4j_cfg *c = &cfg;
    const double *w = pop + (long long) (k / c->episodes) * c->dim;

    double state[8];
    double obs[8];
    double bufA[D4J_MAX_WIDTH];
    double bufB[D4J_MAX_WIDTH];
    d4j_u64 rng = d4j_mix((d4j_u64) seeds[k] ^ 0x5DEECE66DULL);
    d4j_reset(c->envId, &rng, state, obs);
    double total = 0.0;
    int bad = 0;
    double badV = 0.0;
    int t = 0;
    int term = 0;
    while (t < c->maxSteps) {
        d4j_normalise(c, obs, bufA);
        double *in = bufA;
        double *out = bufB;
        for (int l = 0; l < c->layers; l++) {
            const int nIn = c->sizes[l];
            const int nOut = c->sizes[l + 1];
            const int bo = c->bOff[l];
            const int hidden = l < c->layers - 1;
            for (int o = 0; o < nOut; o++) {
                out[o] = d4j_neuron(w + c->wOff[l] + o * nIn, in, nIn, bo >= 0 ? w[bo + o] : 0.0, hidden, c->tanhAct);
            }
            double *tmp = in;
            in = out;
            out = tmp;
        }
        double r = d4j_act_step(c, in, state, obs, &term);
        t++;
        total = total + r;
        if (r - r != 0 && bad == 0) {
            bad = t;
            badV = r;
        }
        if (term) {
            break;
        }
    }
    ret[k] = total;
    len[k] = t;
    terminated[k] = term;
    badStep[k] = bad;
    badValue[k] = badV;
}

/* ---- cooperative: one warp (D4J_LANES threads) per copy, for wide policies (up to D4J_COOP_MAX_WIDTH).
 *
 * The copy's step runs in phases separated by D4J_SYNC: lane 0 alone resets, normalises, applies the
 * head, steps the environment and keeps the episode's bookkeeping (state, obs, rng, total, t are lane 0's;
 * the other lanes' copies of them are never used); each dense layer is one phase in which lane j computes
 * output neurons j, j + 32, j + 64, ..., each with d4j_neuron, so every neuron sums in the same order as
 * the thread-per-copy kernel and MlpPolicy. Activations live in shared memory (act0, act1, maxW each);
 * *done (shared) tells every lane when the episode is over.
 *
 * The copy's weights are staged in shared memory when stage != 0 (the host launches with enough dynamic
 * shared memory, see RolloutConfig.sharedDoubles): per layer, nOut rows at an odd stride (nIn or nIn + 1)
 * so that the 32 lanes reading row j, j + 1, ... at the same column hit different banks, then the nOut
 * biases. Otherwise the weights are read from global memory in the genome's layout.
 *
 * One source, two builds: on the GPU, D4J_FOR_LANES(lane) is a single iteration with lane = this
 * thread's lane and D4J_SYNC is __syncwarp(); on the host, D4J_FOR_LANES is a loop over the 32 lanes
 * and D4J_SYNC is nothing (the loop finishes one phase for every lane before the next phase starts). */
#define D4J_LANES 32
#define D4J_COOP_MAX_WIDTH 256
#ifdef DIFFEVO4J_HOST
#define D4J_FOR_LANES(lane) for (int lane = 0; lane < D4J_LANES; lane++)
#define D4J_SYNC() ((void) 0)
#else
#define D4J_FOR_LANES(lane) for (int lane = (int) (threadIdx.x % D4J_LANES), d4j_once_ = 1; d4j_once_; d4j_once_ = 0)
#define D4J_SYNC() __syncwarp()
#endif

/* staged stride of a row of nIn weights: odd, so that consecutive rows start in different banks */
D4J_DEVICE int d4j_staged_stride(int nIn) {
    return nIn % 2 == 0 ? nIn + 1 : nIn;
}

/* widest layer (input and output included): the length of each activation buffer */
D4J_DEVICE int d4j_max_width(const d4j_cfg *c) {
    int m = 0;
    for (int l = 0; l <= c->layers; l++) {
        m = c->sizes[l] > m ? c->sizes[l] : m;
    }
    return m;
}

/* smem: 2 maxW activations, then (stage != 0) the staged weights; done: one shared int */
D4J_DEVICE void d4j_coop_copy(int k, const double *D4J_RESTRICT pop, const long long *D4J_RESTRICT seeds,
                              const d4j_cfg *c, double *ret, int *len, int *terminated, int *badStep,
                              double *badValue, int stage, double *smem, volatile int *done) {
    const double *w = pop + (long long) (k / c->episodes) * c->dim;
    const int maxW = d4j_max_width(c);
    double *act0 = smem;
    double *act1 = smem + maxW;
    double *sw = smem + 2 * maxW;
    /* where layer l's rows and biases are staged in sw */
    int sOff[D4J_MAX_LAYERS];
    {
        int o = 0;
        for (int l = 0; l < c->layers; l++) {
            sOff[l] = o;
            o += c->sizes[l + 1] * (d4j_staged_stride(c->sizes[l]) + 1);
        }
    }
    if (stage) {
        for (int l = 0; l < c->layers; l++) {
            const int nIn = c->sizes[l];
            const int nOut = c->sizes[l + 1];
            const int sIn = d4j_staged_stride(nIn);
            const int bo = c->bOff[l];
            /* consecutive lanes copy consecutive weights (coalesced reads); row q lands at sOff + q sIn */
            D4J_FOR_LANES(lane) {
                for (int j = lane; j < nIn * nOut; j += D4J_LANES) {
                    sw[sOff[l] + (j / nIn) * sIn + j % nIn] = w[c->wOff[l] + j];
                }
                for (int o = lane; o < nOut; o += D4J_LANES) {
                    sw[sOff[l] + nOut * sIn + o] = bo >= 0 ? w[bo + o] : 0.0;
                }
            }
        }
    }

    /* lane 0's episode */
    double state[8];
    double obs[8];
    d4j_u64 rng = d4j_mix((d4j_u64) seeds[k] ^ 0x5DEECE66DULL);
    double total = 0.0;
    int bad = 0;
    double badV = 0.0;
    int t = 0;
    int term = 0;
    D4J_FOR_LANES(lane) {
        if (lane == 0) {
            d4j_reset(c->envId, &rng, state, obs);
            d4j_normalise(c, obs, act0);
            *done = c->maxSteps < 1;
        }
    }
    D4J_SYNC();
    while (!*done) {
        double *in = act0;
        double *out = act1;
        for (int l = 0; l < c->layers; l++) {
            const int nIn = c->sizes[l];
            const int nOut = c->sizes[l + 1];
            const int bo = c->bOff[l];
            const int hidden = l < c->layers - 1;
            const int sIn = d4j_staged_stride(nIn);
            D4J_FOR_LANES(lane) {
                for (int o = lane; o < nOut; o += D4J_LANES) {
                    double s;
                    if (stage) {
                        s = d4j_neuron(sw + sOff[l] + o * sIn, in, nIn, bo >= 0 ? sw[sOff[l] + nOut * sIn + o] : 0.0,
                                       hidden, c->tanhAct);
                    } else {
                        s = d4j_neuron(w + c->wOff[l] + o * nIn, in, nIn, bo >= 0 ? w[bo + o] : 0.0, hidden,
                                       c->tanhAct);
                    }
                    out[o] = s;
                }
            }
            D4J_SYNC();
            double *tmp = in;
            in = out;
            out = tmp;
        }
        D4J_FOR_LANES(lane) {
            if (lane == 0) {
                double r = d4j_act_step(c, in, state, obs, &term);
                t++;
                total = total + r;
                if (r - r != 0 && bad == 0) {
                    bad = t;
                    badV = r;
                }
                if (term || t >= c->maxSteps) {
                    *done = 1;
                } else {
                    d4j_normalise(c, obs, act0);
                }
            }
        }
        D4J_SYNC();
    }
    D4J_FOR_LANES(lane) {
        if (lane == 0) {
            ret[k] = total;
            len[k] = t;
            terminated[k] = term;
            badStep[k] = bad;
            badValue[k] = badV;
        }
    }
}

/* doubles of shared memory the cooperative kernel uses (RolloutConfig.sharedDoubles computes the same) */
D4J_DEVICE int d4j_coop_shared(const d4j_cfg *c, int stage) {
    int n = 2 * d4j_max_width(c);
    if (stage) {
        for (int l = 0; l < c->layers; l++) {
            n += c->sizes[l + 1] * (d4j_staged_stride(c->sizes[l]) + 1);
        }
    }
    return n;
}

#ifdef DIFFEVO4J_HOST
#include <stdlib.h>
/* The host build: every copy in turn on the calling thread. Returns 0. */
__attribute__((visibility("default")))
int rollout_host(const double *pop, const long long *seeds, const int *icfg, const double *dcfg,
                 double *ret, int *len, int *terminated, int *badStep, double *badValue, int copies) {
    for (int k = 0; k < copies; k++) {
        d4j_rollout_copy(k, pop, seeds, icfg, dcfg, ret, len, terminated, badStep, badValue);
    }
    return 0;
}

/* The cooperative kernel on the host: every copy in turn, its 32 lanes as loops between the phases;
 * "shared memory" is one malloc'd buffer. Returns 0, 1 when the policy is too wide, 2 without memory. */
__attribute__((visibility("default")))
int rollout_coop_host(const double *pop, const long long *seeds, const int *icfg, const double *dcfg,
                      double *ret, int *len, int *terminated, int *badStep, double *badValue, int copies, int stage) {
    const d4j_cfg cfg = d4j_read_cfg(icfg, dcfg);
    if (d4j_max_width(&cfg) > D4J_COOP_MAX_WIDTH || cfg.layers > D4J_MAX_LAYERS) return 1;
    double *smem = (double *) malloc(sizeof(double) * (size_t) d4j_coop_shared(&cfg, stage));
    if (smem == NULL) return 2;
    int done = 0;
    for (int k = 0; k < copies; k++) {
        d4j_coop_copy(k, pop, seeds, &cfg, ret, len, terminated, badStep, badValue, stage, smem, &done);
    }
    free(smem);
    return 0;
}
#else
extern "C" __global__ void rollout(const double *__restrict__ pop, const long long *__restrict__ seeds,
                                   const int *__restrict__ icfg, const double *__restrict__ dcfg,
                                   double *ret, int *len, int *terminated, int *badStep, double *badValue,
                                   int copies) {
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k < copies) {
        d4j_rollout_copy(k, pop, seeds, icfg, dcfg, ret, len, terminated, badStep, badValue);
    }
}

/* one block of D4J_LANES threads (one warp) per copy, blockIdx.x = copy; dynamic shared memory of
 * d4j_coop_shared(cfg, stage) doubles */
extern "C" __global__ void __launch_bounds__(D4J_LANES)
rollout_coop(const double *__restrict__ pop, const long long *__restrict__ seeds, const int *__restrict__ icfg,
             const double *__restrict__ dcfg, double *ret, int *len, int *terminated, int *badStep,
             double *badValue, int copies, int stage) {
    extern __shared__ double d4j_smem[];
    __shared__ int d4j_done;
    const int k = blockIdx.x;
    if (k < copies) {
        const d4j_cfg cfg = d4j_read_cfg(icfg, dcfg);
        d4j_coop_copy(k, pop, seeds, &cfg, ret, len, terminated, badStep, badValue, stage, d4j_smem, &d4j_done);
    }
}
#endif

/* ==== The tiled Diffusion Evolution update (core/.../DiffusionUpdate.java, plain-Java path):
 *   x0_i = (sum_j k_ij fe_j x_j + common) / (sum_j k_ij fe_j + denCommon),
 *   k_ij = exp(c ||f_i - sqrt(a) f_j||^2), c = -1 / (2 (1 - a)),
 *   next_i = x0_i sqrt(a_prev) + ((x_i - x0_i sqrt(a)) / sqrt(1 - a)) cdd + z_i sigma.
 * fe_j = (fitness_j + 1e-9) / (1/N + 1e-9), common = 1e-9 sum_j fe_j x_j and denCommon come from the
 * host (O(N D)). One thread per row i streams over j in tiles of UPD_TILE individuals staged in shared
 * memory (sqrt(a) f_j, x_j, fe_j), summing in j order as the Java code does; no N x N matrix exists.
 * ucfg (double): [0] sqrt(a), [1] c, [2] sqrt(1 - a), [3] sqrt(a_prev), [4] cdd, [5] sigma, [6] denCommon
 * uicfg (int): [0] N, [1] D, [2] d (feature dimension)
 */
#define UPD_TILE 32
#define UPD_MAX_DIM 128
#define UPD_MAX_FEAT 16

D4J_DEVICE void d4j_update_tile(const double *fi, const double *tf, const double *tx, const double *tfe, int len,
                                int d, int D, double c, double *acc, double *den) {
    for (int t = 0; t < len; t++) {
        double dist = 0.0;
        for (int k = 0; k < d; k++) {
            double u = fi[k] - tf[t * d + k];
            dist = dist + u * u;
        }
        double kr = exp(c * dist) * tfe[t];
        *den = *den + kr;
        for (int k = 0; k < D; k++) {
            acc[k] = acc[k] + kr * tx[t * D + k];
        }
    }
}

D4J_DEVICE void d4j_update_finish(int i, const double *x, const double *noise, const double *common,
                                  const double *ucfg, int D, const double *acc, double den, double *x0, double *next) {
    const double sa = ucfg[0], s1 = ucfg[2], sp = ucfg[3], cdd = ucfg[4], sigma = ucfg[5];
    den = den + ucfg[6];
    for (int k = 0; k < D; k++) {
        long long q = (long long) i * D + k;
        double v = (acc[k] + common[k]) / den;
        x0[q] = v;
        double eps = (x[q] - v * sa) / s1;
        next[q] = sigma != 0 ? v * sp + eps * cdd + noise[q] * sigma : v * sp + eps * cdd;
    }
}

#ifdef DIFFEVO4J_HOST
__attribute__((visibility("default")))
int update_host(const double *x, const double *features, const double *fe, const double *common, const double *noise,
                const int *uicfg, const double *ucfg, double *x0, double *next) {
    const int n = uicfg[0], D = uicfg[1], d = uicfg[2];
    if (D > UPD_MAX_DIM || d > UPD_MAX_FEAT) return 1;
    double tf[UPD_TILE * UPD_MAX_FEAT];
    double acc[UPD_MAX_DIM];
    for (int i = 0; i < n; i++) {
        double den = 0.0;
        for (int k = 0; k < D; k++) acc[k] = 0.0;
        for (int j0 = 0; j0 < n; j0 += UPD_TILE) {
            int len = n - j0 < UPD_TILE ? n - j0 : UPD_TILE;
            for (int q = 0; q < len * d; q++) tf[q] = ucfg[0] * features[(long long) j0 * d + q];
            d4j_update_tile(features + (long long) i * d, tf, x + (long long) j0 * D, fe + j0, len, d, D, ucfg[1],
                            acc, &den);
        }
        d4j_update_finish(i, x, noise, common, ucfg, D, acc, den, x0, next);
    }
    return 0;
}
#else
extern "C" __global__ void update(const double *__restrict__ x, const double *__restrict__ features,
                                  const double *__restrict__ fe, const double *__restrict__ common,
                                  const double *__restrict__ noise, const int *__restrict__ uicfg,
                                  const double *__restrict__ ucfg, double *x0, double *next) {
    __shared__ double tf[UPD_TILE * UPD_MAX_FEAT];
    __shared__ double tx[UPD_TILE * UPD_MAX_DIM];
    __shared__ double tfe[UPD_TILE];
    const int n = uicfg[0], D = uicfg[1], d = uicfg[2];
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    double acc[UPD_MAX_DIM];
    double fi[UPD_MAX_FEAT];
    double den = 0.0;
    for (int k = 0; k < D; k++) acc[k] = 0.0;
    if (i < n) {
        for (int k = 0; k < d; k++) fi[k] = features[(long long) i * d + k];
    }
    for (int j0 = 0; j0 < n; j0 += UPD_TILE) {
        int len = n - j0 < UPD_TILE ? n - j0 : UPD_TILE;
        __syncthreads();
        for (int q = threadIdx.x; q < len * d; q += blockDim.x) tf[q] = ucfg[0] * features[(long long) j0 * d + q];
        for (int q = threadIdx.x; q < len * D; q += blockDim.x) tx[q] = x[(long long) j0 * D + q];
        for (int q = threadIdx.x; q < len; q += blockDim.x) tfe[q] = fe[j0 + q];
        __syncthreads();
        if (i < n) {
            d4j_update_tile(fi, tf, tx, tfe, len, d, D, ucfg[1], acc, &den);
        }
    }
    if (i < n) {
        d4j_update_finish(i, x, noise, common, ucfg, D, acc, den, x0, next);
    }
}
#endif

/* ==== The resident Diffusion Evolution loop (ResidentDiffusion.java): kernels on buffers that stay on the
 * GPU from step to step. Per step the host receives the N returns and sends back N fitness weights fe; the
 * reset seeds, the initial population, the kernel features, the common numerator, the x0 estimate, the
 * DDIM step and its Gaussian noise are all made here.
 *
 * Noise: Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11;
 * the Random123 library's round and key schedule), a pure function of (counter, key), so element q of
 * stream s needs no state: counter = (q low, q high, s, tag), key = (seed low, seed high). The four output
 * words make two 53-bit uniforms u1 in (0, 1], u2 in [0, 1) and one normal by Box-Muller,
 * sqrt(-2 ln u1) cos(2 pi u2). PhiloxNormal.java is its Java twin (same words, same arithmetic; only the C
 * library's / libdevice's log and cos may differ from Java's in the last bit). */
#ifdef DIFFEVO4J_HOST
typedef uint32_t d4j_u32;
#else
typedef unsigned int d4j_u32;
#endif
#define D4J_PHILOX_M0 0xD2511F53u
#define D4J_PHILOX_M1 0xCD9E8D57u
#define D4J_PHILOX_W0 0x9E3779B9u
#define D4J_PHILOX_W1 0xBB67AE85u
#define D4J_TAG_STEP_NOISE 0u
#define D4J_TAG_INITIAL 1u

D4J_DEVICE void d4j_philox(const d4j_u32 *ctr, const d4j_u32 *key, d4j_u32 *out) {
    d4j_u32 c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
    d4j_u32 k0 = key[0], k1 = key[1];
    for (int r = 0; r < 10; r++) {
        if (r > 0) {
            k0 += D4J_PHILOX_W0;
            k1 += D4J_PHILOX_W1;
        }
        d4j_u64 p0 = (d4j_u64) D4J_PHILOX_M0 * c0;
        d4j_u64 p1 = (d4j_u64) D4J_PHILOX_M1 * c2;
        d4j_u32 n0 = (d4j_u32) (p1 >> 32) ^ c1 ^ k0;
        d4j_u32 n2 = (d4j_u32) (p0 >> 32) ^ c3 ^ k1;
        c1 = (d4j_u32) p1;
        c3 = (d4j_u32) p0;
        c0 = n0;
        c2 = n2;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

/* the standard normal of element q in stream `stream` under `tag` and `seed`; not inlined on the GPU, where
 * de_update's unrolled column loop would otherwise hold 64 copies of it (fat binary size) */
#ifdef DIFFEVO4J_HOST
D4J_DEVICE
#else
__device__ __noinline__
#endif
double d4j_normal(long long seed, int stream, d4j_u32 tag, long long q) {
    d4j_u32 ctr[4] = {(d4j_u32) q, (d4j_u32) ((d4j_u64) q >> 32), (d4j_u32) stream, tag};
    d4j_u32 key[2] = {(d4j_u32) seed, (d4j_u32) ((d4j_u64) seed >> 32)};
    d4j_u32 w[4];
    d4j_philox(ctr, key, w);
    d4j_u64 a = (((d4j_u64) w[0] << 32) | w[1]) >> 11;
    d4j_u64 b = (((d4j_u64) w[2] << 32) | w[3]) >> 11;
    double u1 = (double) (a + 1) * 0x1.0p-53;
    double u2 = (double) b * 0x1.0p-53;
    return sqrt(-2.0 * log(u1)) * cos(2.0 * D4J_PI * u2);
}

/* EpisodeSeeds.derive(base, n)[k]: SplitMix64's k-th output */
D4J_DEVICE long long d4j_episode_seed(long long base, long long k) {
    return (long long) d4j_mix((d4j_u64) base + (d4j_u64) (k + 1) * 0x9E3779B97F4A7C15ULL);
}

/* features of row i: z_ic = sum_k x_ik P_ck, in k order (P is d x D, row-major) */
D4J_DEVICE void d4j_project_row(const double *x, const double *p, int D, int d, long long i, double *features) {
    for (int c = 0; c < d; c++) {
        double s = 0.0;
        for (int k = 0; k < D; k++) {
            s = s + x[i * D + k] * p[(long long) c * D + k];
        }
        features[i * d + c] = s;
    }
}

/* common_k = 1e-9 sum_j fe_j x_jk, in j order */
D4J_DEVICE void d4j_weighted_column(const double *x, const double *fe, int n, int D, int k, double *common) {
    double s = 0.0;
    for (int j = 0; j < n; j++) {
        s = s + fe[j] * x[(long long) j * D + k];
    }
    common[k] = s * 1e-9;
}

/* The update over a chunk of DE_CHUNK columns [c0, c0 + DE_CHUNK) of the population (any D: the grid's y
 * dimension runs over the chunks; the kernel weights are recomputed per chunk, d <= UPD_MAX_FEAT, so every
 * chunk sees the same weights, summed in the same j order). The tile of x holds DE_CHUNK columns, zero
 * beyond D, so the accumulator loop has a compile-time bound (registers, not local memory) and the
 * padding adds exact zeros to columns that are never written. */
#define DE_CHUNK 64

D4J_DEVICE void d4j_de_tile(const double *fi, const double *tf, const double *tx, const double *tfe, int len, int d,
                            double c, double *acc, double *den) {
    for (int t = 0; t < len; t++) {
        double dist = 0.0;
#ifndef DIFFEVO4J_HOST
#pragma unroll
#endif
        for (int k = 0; k < UPD_MAX_FEAT; k++) {
            if (k < d) {
                double u = fi[k] - tf[t * d + k];
                dist = dist + u * u;
            }
        }
        double kr = exp(c * dist) * tfe[t];
        *den = *den + kr;
#ifndef DIFFEVO4J_HOST
#pragma unroll
#endif
        for (int k = 0; k < DE_CHUNK; k++) {
            acc[k] = acc[k] + kr * tx[t * DE_CHUNK + k];
        }
    }
}

/* x0 and the DDIM step for row i, columns c0 .. c0 + DE_CHUNK (those < D), noise from Philox */
D4J_DEVICE void d4j_de_finish(long long i, int c0, int D, const double *x, const double *common, const double *acc,
                              double den, double denCommon, double sa, double s1, double sp, double cdd, double sigma,
                              long long seed, int stream, double *x0, double *next) {
    den = den + denCommon;
#ifndef DIFFEVO4J_HOST
#pragma unroll
#endif
    for (int k = 0; k < DE_CHUNK; k++) {
        if (c0 + k >= D) {
            continue;
        }
        long long q = i * D + c0 + k;
        double v = (acc[k] + common[c0 + k]) / den;
        x0[q] = v;
        double eps = (x[q] - v * sa) / s1;
        next[q] = sigma != 0 ? v * sp + eps * cdd + d4j_normal(seed, stream, D4J_TAG_STEP_NOISE, q) * sigma
                             : v * sp + eps * cdd;
    }
}

#ifdef DIFFEVO4J_HOST
/* the host build of the resident kernels: same functions, loops instead of a grid; all return 0 */
__attribute__((visibility("default")))
int de_normal_fill_host(double *out, long long count, long long seed, int stream, int tag) {
    for (long long q = 0; q < count; q++) out[q] = d4j_normal(seed, stream, (d4j_u32) tag, q);
    return 0;
}

__attribute__((visibility("default")))
int de_philox_host(const d4j_u32 *ctr, const d4j_u32 *key, d4j_u32 *out) {
    d4j_philox(ctr, key, out);
    return 0;
}

__attribute__((visibility("default")))
int de_seeds_host(long long *seeds, long long count, long long base) {
    for (long long k = 0; k < count; k++) seeds[k] = d4j_episode_seed(base, k);
    return 0;
}

__attribute__((visibility("default")))
int de_scale_host(const double *x, double *out, long long count, double s) {
    for (long long q = 0; q < count; q++) out[q] = x[q] * s;
    return 0;
}

__attribute__((visibility("default")))
int de_project_host(const double *x, const double *p, int n, int D, int d, double *features) {
    for (long long i = 0; i < n; i++) d4j_project_row(x, p, D, d, i, features);
    return 0;
}

__attribute__((visibility("default")))
int de_weighted_sum_host(const double *x, const double *fe, int n, int D, double *common) {
    for (int k = 0; k < D; k++) d4j_weighted_column(x, fe, n, D, k, common);
    return 0;
}

__attribute__((visibility("default")))
int de_update_host(const double *x, const double *features, const double *fe, const double *common, int n, int D,
                   int d, double sa, double c, double s1, double sp, double cdd, double sigma, double denCommon,
                   long long seed, int stream, double *x0, double *next) {
    if (d > UPD_MAX_FEAT) return 1;
    double *tf = (double *) malloc(sizeof(double) * UPD_TILE * UPD_MAX_FEAT);
    double *tx = (double *) malloc(sizeof(double) * UPD_TILE * DE_CHUNK);
    if (tf == NULL || tx == NULL) {
        free(tf);
        free(tx);
        return 2;
    }
    double acc[DE_CHUNK];
    for (int c0 = 0; c0 < D; c0 += DE_CHUNK) {
        for (long long i = 0; i < n; i++) {
            double den = 0.0;
            for (int k = 0; k < DE_CHUNK; k++) acc[k] = 0.0;
            for (int j0 = 0; j0 < n; j0 += UPD_TILE) {
                int len = n - j0 < UPD_TILE ? n - j0 : UPD_TILE;
                for (int q = 0; q < len * d; q++) tf[q] = sa * features[(long long) j0 * d + q];
                for (int q = 0; q < len * DE_CHUNK; q++) {
                    int col = c0 + q % DE_CHUNK;
                    tx[q] = col < D ? x[(long long) (j0 + q / DE_CHUNK) * D + col] : 0.0;
                }
                d4j_de_tile(features + i * d, tf, tx, fe + j0, len, d, c, acc, &den);
            }
            d4j_de_finish(i, c0, D, x, common, acc, den, denCommon, sa, s1, sp, cdd, sigma, seed, stream, x0, next);
        }
    }
    free(tf);
    free(tx);
    return 0;
}
#else
extern "C" __global__ void de_normal_fill(double *out, long long count, long long seed, int stream, int tag) {
    long long q = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (q < count) out[q] = d4j_normal(seed, stream, (d4j_u32) tag, q);
}

extern "C" __global__ void de_seeds(long long *seeds, long long count, long long base) {
    long long k = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (k < count) seeds[k] = d4j_episode_seed(base, k);
}

extern "C" __global__ void de_scale(const double *__restrict__ x, double *out, long long count, double s) {
    long long q = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (q < count) out[q] = x[q] * s;
}

extern "C" __global__ void de_project(const double *__restrict__ x, const double *__restrict__ p, int n, int D, int d,
                                      double *features) {
    long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) d4j_project_row(x, p, D, d, i, features);
}

/* one thread per column; consecutive threads read consecutive columns of a row (coalesced) */
extern "C" __global__ void de_weighted_sum(const double *__restrict__ x, const double *__restrict__ fe, int n, int D,
                                           double *common) {
    int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k < D) d4j_weighted_column(x, fe, n, D, k, common);
}

/* grid: (ceil(N / blockDim.x), ceil(D / DE_CHUNK)); one thread per row of one column chunk */
extern "C" __global__ void de_update(const double *__restrict__ x, const double *__restrict__ features,
                                     const double *__restrict__ fe, const double *__restrict__ common, int n, int D,
                                     int d, double sa, double c, double s1, double sp, double cdd, double sigma,
                                     double denCommon, long long seed, int stream, double *x0, double *next) {
    __shared__ double tf[UPD_TILE * UPD_MAX_FEAT];
    __shared__ double tx[UPD_TILE * DE_CHUNK];
    __shared__ double tfe[UPD_TILE];
    const long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    const int c0 = blockIdx.y * DE_CHUNK;
    double acc[DE_CHUNK];
    double fi[UPD_MAX_FEAT];
    double den = 0.0;
#pragma unroll
    for (int k = 0; k < DE_CHUNK; k++) acc[k] = 0.0;
#pragma unroll
    for (int k = 0; k < UPD_MAX_FEAT; k++) fi[k] = i < n && k < d ? features[i * d + k] : 0.0;
    for (int j0 = 0; j0 < n; j0 += UPD_TILE) {
        int len = n - j0 < UPD_TILE ? n - j0 : UPD_TILE;
        __syncthreads();
        for (int q = threadIdx.x; q < len * d; q += blockDim.x) tf[q] = sa * features[(long long) j0 * d + q];
        for (int q = threadIdx.x; q < len * DE_CHUNK; q += blockDim.x) {
            int col = c0 + q % DE_CHUNK;
            tx[q] = col < D ? x[(long long) (j0 + q / DE_CHUNK) * D + col] : 0.0;
        }
        for (int q = threadIdx.x; q < len; q += blockDim.x) tfe[q] = fe[j0 + q];
        __syncthreads();
        if (i < n) {
            d4j_de_tile(fi, tf, tx, tfe, len, d, c, acc, &den);
        }
    }
    if (i < n) {
        d4j_de_finish(i, c0, D, x, common, acc, den, denCommon, sa, s1, sp, cdd, sigma, seed, stream, x0, next);
    }
}
#endif
