package org.diffevo4j.agents;

import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.VectorEnvironment;

/**
 * A deterministic test environment: copy k's episode lasts {@code 1 + floorMod(seed, maxLen)} steps,
 * its observation at step t is a hash of (seed, t, component) in [-2, 2], and its reward is a
 * function of the action (discrete: {@code action + 0.25}; continuous: sum of the components).
 * Records every action it receives and fails loudly if a finished copy would be stepped.
 */
final class FakeVectorEnv implements VectorEnvironment {

    final EnvSpec spec;
    final int n;
    final int maxLen;
    final int obsDim;
    final int actDim;
    final long[] seeds;
    final int[] t;
    final double[] obs;
    final double[] rewards;
    final boolean[] terminated;
    final boolean[] truncated;
    final boolean[] done;
    /** actions received: [copy][step * actDim + j] */
    final double[][] log;
    /** the action logs of copies played before the last reset, by seed (an evaluator may reuse an environment) */
    final java.util.Map<Long, double[]> earlier = new java.util.HashMap<>();
    private boolean everReset;
    int stepCalls;
    /** seed whose episode returns NaN at step {@link #nanStep} (or none). */
    long nanSeed = Long.MIN_VALUE;
    int nanStep = -1;

    FakeVectorEnv(EnvSpec spec, int n, int maxLen) {
        this.spec = spec;
        this.n = n;
        this.maxLen = maxLen;
        this.obsDim = spec.observationSize();
        this.actDim = spec.discreteActions() ? 1 : spec.actionSize();
        seeds = new long[n];
        t = new int[n];
        obs = new double[n * obsDim];
        rewards = new double[n];
        terminated = new boolean[n];
        truncated = new boolean[n];
        done = new boolean[n];
        log = new double[n][(Math.min(maxLen, spec.maxEpisodeSteps()) + 1) * actDim];
    }

    /** The actions the copy with this seed received, or null if this environment never played it. */
    double[] logOf(long seed) {
        for (int j = 0; j < n; j++) {
            if (seeds[j] == seed) {
                return log[j];
            }
        }
        return earlier.get(seed);
    }

    static double observation(long seed, int step, int component) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + component * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 31)) * 0xD6E8FEB86659FD93L;
        z ^= z >>> 29;
        return ((z >>> 11) * 0x1.0p-53) * 4 - 2;
    }

    static int episodeLength(long seed, int maxLen) {
        return 1 + (int) Math.floorMod(seed, (long) maxLen);
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void reset(long[] s) {
        if (s.length != n) {
            throw new IllegalArgumentException("seeds");
        }
        if (everReset) {
            for (int k = 0; k < n; k++) {
                earlier.put(seeds[k], log[k].clone());
                java.util.Arrays.fill(log[k], 0.0);
            }
        }
        everReset = true;
        System.arraycopy(s, 0, seeds, 0, n);
        for (int k = 0; k < n; k++) {
            t[k] = 0;
            done[k] = false;
            terminated[k] = false;
            truncated[k] = false;
            rewards[k] = 0;
            fillObs(k);
        }
    }

    private void fillObs(int k) {
        for (int i = 0; i < obsDim; i++) {
            obs[k * obsDim + i] = observation(seeds[k], t[k], i);
        }
    }

    private void advance(int k, double reward) {
        t[k]++;
        rewards[k] = (seeds[k] == nanSeed && t[k] == nanStep) ? Double.NaN : reward;
        terminated[k] = t[k] >= episodeLength(seeds[k], maxLen);
        truncated[k] = t[k] >= spec.maxEpisodeSteps();
        done[k] = terminated[k] || truncated[k];
        fillObs(k);
    }

    @Override
    public void step(int[] actions) {
        if (activeCount() == 0) {
            throw new AssertionError("stepped with every copy finished");
        }
        stepCalls++;
        for (int k = 0; k < n; k++) {
            if (done[k]) {
                rewards[k] = 0;
                continue;
            }
            log[k][t[k]] = actions[k];
            advance(k, actions[k] + 0.25);
        }
    }

    @Override
    public void step(double[] actions) {
        if (activeCount() == 0) {
            throw new AssertionError("stepped with every copy finished");
        }
        stepCalls++;
        for (int k = 0; k < n; k++) {
            if (done[k]) {
                rewards[k] = 0;
                continue;
            }
            double s = 0;
            for (int j = 0; j < actDim; j++) {
                log[k][t[k] * actDim + j] = actions[k * actDim + j];
                s += actions[k * actDim + j];
            }
            advance(k, s);
        }
    }

    @Override
    public double[] observations() {
        return obs;
    }

    @Override
    public double[] rewards() {
        return rewards;
    }

    @Override
    public boolean[] terminated() {
        return terminated;
    }

    @Override
    public boolean[] truncated() {
        return truncated;
    }

    @Override
    public boolean[] done() {
        return done;
    }

    @Override
    public int activeCount() {
        int c = 0;
        for (boolean d : done) {
            if (!d) {
                c++;
            }
        }
        return c;
    }

    @Override
    public void setAutoReset(boolean autoReset) {
        if (autoReset) {
            throw new UnsupportedOperationException("fake env has no auto-reset");
        }
    }
}
