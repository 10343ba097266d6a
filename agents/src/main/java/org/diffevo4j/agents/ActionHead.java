package org.diffevo4j.agents;

/**
 * The policy head, as {@link MlpPolicy} applies it: a discrete action {@code actionStart + argmax}
 * (lowest index on ties) or continuous actions {@code clip(tanh(out) * factor, low, high)}.
 */
final class ActionHead {

    final boolean discrete;
    final int nAct;
    final int actStart;
    private final double[] fac;
    private final double[] lo;
    private final double[] hi;

    ActionHead(PolicySpec policy) {
        this.discrete = policy.discrete();
        this.nAct = policy.actionSize();
        this.actStart = policy.actionStart();
        this.fac = policy.actionFactor();
        this.lo = policy.actionLow();
        this.hi = policy.actionHigh();
    }

    /** The discrete action for the outputs {@code out[0 .. nAct)}. */
    int discrete(double[] out) {
        int best = 0;
        double bv = out[0];
        for (int a = 1; a < nAct; a++) {
            if (out[a] > bv) {
                bv = out[a];
                best = a;
            }
        }
        return actStart + best;
    }

    /** Writes the continuous actions for {@code out[0 .. nAct)} to {@code dst[off .. off + nAct)}. */
    void continuous(double[] out, double[] dst, int off) {
        for (int a = 0; a < nAct; a++) {
            dst[off + a] = Math.min(hi[a], Math.max(lo[a], Math.tanh(out[a]) * fac[a]));
        }
    }

    /** Copy {@code k}'s action from {@code out}, into {@code actions[k]} or {@code cactions[k * nAct ..]}. */
    void write(int k, double[] out, int[] actions, double[] cactions) {
        if (discrete) {
            actions[k] = discrete(out);
        } else {
            continuous(out, cactions, k * nAct);
        }
    }
}
