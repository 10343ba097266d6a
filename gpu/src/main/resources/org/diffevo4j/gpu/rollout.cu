/*
 * diffevo4j GPU kernels: the fused population rollout (environment physics + MLP forward + head +
 * reward bookkeeping), one thread per episode copy.
 *
 * One source, two builds:
 *   - nvcc (gpu/build-kernels.sh): a fat binary for sm_80, sm_86, sm_89, sm_90 + PTX compute_90,
 *     with --fmad=false so that no multiply-add is contracted (the Java code never fuses);
 *   - gcc for the host CPU (-ffp-contract=off, -DDIFFEVO4J_HOST): the same per-copy code in a loop,
 *     exported as rollout_host(), used to check this source against the JVM evaluator without a GPU.
 *
 * Arithmetic follows the Java code operation for operation, in double precision:
 *   - environments/.../classic/CartPole.java, MountainCar.java (stepDiscrete, sampleInitialState);
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

/* ---- one episode copy k: reset, then policy forward -> action -> step -> reward until done */
D4J_DEVICE void d4j_rollout_copy(int k, const double *D4J_RESTRICT pop, const long long *D4J_RESTRICT seeds,
                                 const int *D4J_RESTRICT icfg, const double *D4J_RESTRICT dcfg,
                                 double *ret, int *len, int *terminated, int *badStep, double *badValue) {
    const int envId = icfg[0];
    const int episodes = icfg[1];
    const int dim = icfg[2];
    const int maxSteps = icfg[3];
    const int tanhAct = icfg[4];
    const int layers = icfg[5];
    const int obsSize = icfg[6];
    const int nAct = icfg[7];
    const int actStart = icfg[8];
    const int normalise = icfg[9];
    const int *sizes = icfg + 10;
    const int *wOff = sizes + layers + 1;
    const int *bOff = wOff + layers;
    const double sqrt3 = dcfg[0];
    const double *nLow = dcfg + 1;
    const double *nRange = nLow + obsSize;
    const double *w = pop + (long long) (k / episodes) * dim;
    /* 12 degrees in radians, as CartPole.THETA_THRESHOLD_RADIANS (12 * 2 * Math.PI / 360) */
    const double thetaThreshold = 12 * 2 * 3.141592653589793 / 360;

    double state[8];
    double obs[8];
    double bufA[D4J_MAX_WIDTH];
    double bufB[D4J_MAX_WIDTH];
    d4j_u64 rng = d4j_mix((d4j_u64) seeds[k] ^ 0x5DEECE66DULL);
    if (envId == ENV_CARTPOLE) {
        cartpole_reset(&rng, state, obs);
    } else {
        mountaincar_reset(&rng, state, obs);
    }
    double total = 0.0;
    int bad = 0;
    double badV = 0.0;
    int t = 0;
    int term = 0;
    while (t < maxSteps) {
        /* normalise the observation: (2 (x - low) / range - 1) * sqrt(3) */
        for (int i = 0; i < obsSize; i++) {
            bufA[i] = normalise ? (2.0 * (obs[i] - nLow[i]) / nRange[i] - 1.0) * sqrt3 : obs[i];
        }
        double *in = bufA;
        double *out = bufB;
        for (int l = 0; l < layers; l++) {
            const int nIn = sizes[l];
            const int nOut = sizes[l + 1];
            const int bo = bOff[l];
            const int hidden = l < layers - 1;
            int row = wOff[l];
            for (int o = 0; o < nOut; o++, row += nIn) {
                double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
                int i = 0;
                for (; i + 3 < nIn; i += 4) {
                    s0 = s0 + w[row + i] * in[i];
                    s1 = s1 + w[row + i + 1] * in[i + 1];
                    s2 = s2 + w[row + i + 2] * in[i + 2];
                    s3 = s3 + w[row + i + 3] * in[i + 3];
                }
                for (; i < nIn; i++) {
                    s0 = s0 + w[row + i] * in[i];
                }
                double s = (bo >= 0 ? w[bo + o] : 0.0) + ((s0 + s1) + (s2 + s3));
                if (hidden) {
                    s = tanhAct ? tanh(s) : (s > 0 ? s : 0.0);
                }
                out[o] = s;
            }
            double *tmp = in;
            in = out;
            out = tmp;
        }
        double r;
        if (envId == ENV_CARTPOLE || envId == ENV_MOUNTAINCAR) {
            /* argmax, lowest index on ties */
            int best = 0;
            double bv = in[0];
            for (int a = 1; a < nAct; a++) {
                if (in[a] > bv) {
                    bv = in[a];
                    best = a;
                }
            }
            int action = actStart + best;
            if (envId == ENV_CARTPOLE) {
                r = cartpole_step(state, action, obs, &term, thetaThreshold);
            } else {
                r = mountaincar_step(state, action, obs, &term);
            }
        } else {
            /* the continuous environments are not in this kernel yet (the Java side refuses them) */
            r = 0.0;
            term = 1;
        }
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

#ifdef DIFFEVO4J_HOST
/* The host build: every copy in turn on the calling thread. Returns 0. */
__attribute__((visibility("default")))
int rollout_host(const double *pop, const long long *seeds, const int *icfg, const double *dcfg,
                 double *ret, int *len, int *terminated, int *badStep, double *badValue, int copies) {
    for (int k = 0; k < copies; k++) {
        d4j_rollout_copy(k, pop, seeds, icfg, dcfg, ret, len, terminated, badStep, badValue);
    }
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
#endif
