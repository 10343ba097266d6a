package org.diffevo4j.agents;

import org.diffevo4j.environments.VectorEnvironment;

/**
 * The lane path's unit of work: a block of {@code n} copies played together, one lane per copy, with
 * its environment and all scratch buffers (reused across calls). Holds the lane bookkeeping: which
 * copy each lane holds, the transposed genomes ({@code wt[p][j]}: parameter {@code p} of the copy in
 * lane {@code j}), and the compaction that moves a finished copy's lane out of the active range (the
 * last active lane takes its place, weights included). The dense layers run in {@link LaneKernels}.
 * See {@link JvmEvaluator} for when this path is used.
 */
final class LaneBlock {
    final int n;
    private final RolloutSetup setup;
    private final PolicySpec policy;
    private final ParameterLayout layout;
    private final int dim;
    private final ActionHead headOf;
    final VectorEnvironment venv;
    final long[] seeds;
    /** lane -> copy index within the block */
    final int[] lane;
    /** the lane moves of one step's compaction (also scratch for the transposition) */
    final int[] moveDst;
    final int[] moveSrc;
    /** transposed genomes: wt[p][j] is parameter p of the copy in lane j */
    final double[][] wt;
    final double[][] bufA;
    final double[][] bufB;
    /** the four partial sums of a dot product */
    final double[][] q;
    /** all zeros: the {@code 0.0} operands of the kernels, read from memory so that the loops vectorise */
    final double[] zero;
    final int[] actions;
    final double[] cactions;
    /** scratch for one lane's outputs and for the exact scalar forward pass */
    final double[] outScratch;
    final double[] exactA;
    final double[] exactB;
    final int nAct;
    final int actStart;
    /** one loop per output unit with the Vector API, or null (then {@link LaneKernels} only) */
    private final LaneUnits units;

    LaneBlock(RolloutSetup setup, int n) {
        this.n = n;
        this.setup = setup;
        this.policy = setup.policy();
        this.layout = setup.layout();
        this.dim = setup.dim();
        this.headOf = new ActionHead(policy);
        this.venv = setup.makeEnv(n);
        this.seeds = new long[n];
        this.lane = new int[n];
        this.moveDst = new int[Math.max(n, 16)];
        this.moveSrc = new int[n];
        this.units = LaneUnits.best();
        // the vector units read and write whole vectors: lane arrays are padded to a multiple of their width
        final int nPad = units == null ? n : (n + units.lanes() - 1) / units.lanes() * units.lanes();
        this.wt = new double[dim][nPad];
        int w = layout.maxWidth();
        this.bufA = new double[w][nPad];
        this.bufB = new double[w][nPad];
        this.q = new double[4][n];
        this.zero = new double[nPad];
        this.actions = policy.discrete() ? new int[n] : null;
        this.cactions = policy.discrete() ? null : new double[n * policy.actionSize()];
        this.outScratch = new double[w];
        this.exactA = new double[w];
        this.exactB = new double[w];
        this.nAct = policy.actionSize();
        this.actStart = policy.actionStart();
    }

    /** Writes lane {@code j}'s action from its output values {@code out[0 .. actionSize)}. */
    private void head(int j, double[] out) {
        headOf.write(lane[j], out, actions, cactions);
    }

    /**
     * Copy {@code k}'s forward pass exactly as {@link MlpPolicy} computes it (the same scalar
     * method, ReLU as {@code s > 0 ? s : 0.0}), from the raw observations and its genome at
     * {@code pop[base ..]}; returns the output layer's values.
     */
    private double[] exactForward(int k, double[] obs, double[] pop, int base) {
        return MlpPolicy.forward(policy, layout, pop, base, obs, k * policy.observationSize(), exactA, exactB);
    }

    void play(RolloutJob run, int c0) {
        final long tStart = RolloutProfile.ON ? System.nanoTime() : 0;
        long envNanos = 0;
        long fwdNanos = 0;
        final double[] pop = run.pop();
        final int episodes = run.episodes();
        final double[] ret = run.returns();
        final int[] len = run.lengths();
        final boolean[] term = run.terminated();
        final int[] bad = run.badStep();
        final double[] badV = run.badValue();
        final int n = this.n;
        final int d = dim;
        System.arraycopy(run.seeds(), c0, seeds, 0, n);
        venv.setAutoReset(false);
        venv.reset(seeds);

        final double[][] w = wt;
        final int[] ln = lane;
        // lanes start in copy order; transpose the genomes in tiles of 16 lanes (16 genome rows
        // stay in L1 while each wt row gets 16 contiguous writes)
        for (int j = 0; j < n; j++) {
            ln[j] = j;
            ret[c0 + j] = 0;
        }
        final int[] bases = moveDst;
        for (int j0 = 0; j0 < n; j0 += 16) {
            final int j1 = Math.min(n, j0 + 16);
            for (int j = j0; j < j1; j++) {
                bases[j - j0] = ((c0 + j) / episodes) * d;
            }
            for (int p = 0; p < d; p++) {
                final double[] wp = w[p];
                for (int j = j0; j < j1; j++) {
                    wp[j] = pop[bases[j - j0] + p];
                }
            }
        }

        final int obsDim = policy.observationSize();
        final int layers = layout.layerCount();
        final int actMode = policy.activation() == Activation.RELU ? LaneKernels.RELU : LaneKernels.TANH;
        final ObservationNormalizer norm = policy.normalizer();
        final double[] nLow = norm == null ? null : norm.low();
        final double[] nRange = new double[obsDim];
        if (norm != null) {
            double[] nHigh = norm.high();
            for (int i = 0; i < obsDim; i++) {
                nRange[i] = nHigh[i] - nLow[i];
            }
        }
        final double sqrt3 = Math.sqrt(3.0);
        final boolean discrete = policy.discrete();
        final int nAct = this.nAct;
        final int actStart = this.actStart;
        final int[] acts = actions;
        final double[] cacts = cactions;

        int m = n;
        int t = 0;
        while (m > 0 && t < setup.maxSteps()) {
            final long f0 = RolloutProfile.ON ? System.nanoTime() : 0;
            final double[] obs = venv.observations();
            if (m < JvmEvaluator.SCALAR_LANES) {
                // few copies left: per-copy scalar passes over the contiguous genomes cost less
                // than the fixed overhead of the many short lane loops
                for (int j = 0; j < m; j++) {
                    final int k = ln[j];
                    head(j, exactForward(k, obs, pop, ((c0 + k) / episodes) * d));
                }
            } else {
                // ---- observations: gather (lane order) then normalise with unit-stride loops
                final double[][] x = bufA;
                if (obsDim == 4) {
                    final double[] x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
                    for (int j = 0; j < m; j++) {
                        final int o = ln[j] * 4;
                        x0[j] = obs[o];
                        x1[j] = obs[o + 1];
                        x2[j] = obs[o + 2];
                        x3[j] = obs[o + 3];
                    }
                } else {
                    for (int i = 0; i < obsDim; i++) {
                        final double[] xi = x[i];
                        for (int j = 0; j < m; j++) {
                            xi[j] = obs[ln[j] * obsDim + i];
                        }
                    }
                }
                for (int i = 0; i < obsDim; i++) {
                    final double[] xi = x[i];
                    if (norm != null) {
                        final double lo = nLow[i];
                        final double rg = nRange[i];
                        for (int j = 0; j < m; j++) {
                            xi[j] = (2.0 * (xi[j] - lo) / rg - 1.0) * sqrt3;
                        }
                    }
                }
                // ---- layers
                double[][] in = bufA;
                double[][] out = bufB;
                for (int l = 0; l < layers; l++) {
                    final int nIn = layout.inSize(l);
                    final int nOut = layout.outSize(l);
                    final int wOff = layout.weightOffset(l);
                    final int bOff = layout.biasOffset(l);
                    final int mode = l < layers - 1 ? actMode : LaneKernels.NONE;
                    for (int o = 0; o < nOut; o++) {
                        if (mode == LaneKernels.TANH || units == null
                                || !units.unit(w, wOff + o * nIn, bOff < 0 ? zero : w[bOff + o], in, nIn, out[o],
                                        mode == LaneKernels.RELU, m)) {
                            LaneKernels.unit(w, wOff + o * nIn, bOff < 0 ? null : w[bOff + o], in, nIn, out[o], mode,
                                    m, q, zero);
                        }
                    }
                    double[][] tmp = in;
                    in = out;
                    out = tmp;
                }
                // ---- head
                // a non-finite output may come from the branch-free ReLU (see LaneKernels.fin2 and
                // VectorLaneUnits): such lanes are recomputed with MlpPolicy's exact scalar code
                if (discrete && nAct == 2) {
                    final double[] o0 = in[0];
                    final double[] o1 = in[1];
                    for (int j = 0; j < m; j++) {
                        final double v0 = o0[j];
                        final double v1 = o1[j];
                        if (v0 - v0 == 0 && v1 - v1 == 0) {
                            acts[ln[j]] = actStart + (v1 > v0 ? 1 : 0);
                        } else {
                            head(j, exactForward(ln[j], obs, pop, ((c0 + ln[j]) / episodes) * d));
                        }
                    }
                } else if (discrete && nAct == 3) {
                    // ActionHead.discrete's argmax (lowest index on ties) without branches on the outputs,
                    // which are random and would be mispredicted half the time: for finite values,
                    // "v2 beats the better of v0 and v1" is "v2 > v0 and v2 > v1"
                    final double[] o0 = in[0];
                    final double[] o1 = in[1];
                    final double[] o2 = in[2];
                    for (int j = 0; j < m; j++) {
                        final double v0 = o0[j];
                        final double v1 = o1[j];
                        final double v2 = o2[j];
                        if (v0 - v0 == 0 && v1 - v1 == 0 && v2 - v2 == 0) {
                            final int c10 = v1 > v0 ? 1 : 0;
                            final int c2 = (v2 > v0 ? 1 : 0) & (v2 > v1 ? 1 : 0);
                            acts[ln[j]] = actStart + c10 + c2 * (2 - c10);
                        } else {
                            head(j, exactForward(ln[j], obs, pop, ((c0 + ln[j]) / episodes) * d));
                        }
                    }
                } else if (discrete) {
                    // ActionHead.discrete's argmax (lowest index on ties), inline
                    for (int j = 0; j < m; j++) {
                        double bv = in[0][j];
                        boolean finite = bv - bv == 0;
                        int best = 0;
                        for (int a = 1; a < nAct; a++) {
                            final double v = in[a][j];
                            finite &= v - v == 0;
                            if (v > bv) {
                                bv = v;
                                best = a;
                            }
                        }
                        if (finite) {
                            acts[ln[j]] = actStart + best;
                        } else {
                            head(j, exactForward(ln[j], obs, pop, ((c0 + ln[j]) / episodes) * d));
                        }
                    }
                } else {
                    for (int j = 0; j < m; j++) {
                        boolean finite = true;
                        for (int a = 0; a < nAct; a++) {
                            final double v = in[a][j];
                            finite &= v - v == 0;
                            outScratch[a] = v;
                        }
                        head(j, finite ? outScratch : exactForward(ln[j], obs, pop, ((c0 + ln[j]) / episodes) * d));
                    }
                }
            }
            final long f1 = RolloutProfile.ON ? System.nanoTime() : 0;
            if (discrete) {
                venv.step(acts);
            } else {
                venv.step(cacts);
            }
            if (RolloutProfile.ON) {
                long f2 = System.nanoTime();
                fwdNanos += f1 - f0;
                envNanos += f2 - f1;
            }
            t++;
            // ---- rewards, done; a finished copy's lane is replaced by the last active lane
            final double[] rew = venv.rewards();
            final boolean[] done = venv.done();
            final boolean[] envTerm = venv.terminated();
            int moves = 0;
            final int[] mDst = moveDst;
            final int[] mSrc = moveSrc;
            int j = 0;
            while (j < m) {
                final int k = ln[j];
                final double r = rew[k];
                final int c = c0 + k;
                ret[c] += r;
                if (r - r != 0 && bad[c] == 0) {
                    // NaN or +-infinity (r - r is NaN for both); keep the first occurrence
                    bad[c] = t;
                    badV[c] = r;
                }
                if (done[k]) {
                    len[c] = t;
                    term[c] = envTerm[k];
                    final int last = --m;
                    if (j != last) {
                        ln[j] = ln[last];
                        mDst[moves] = j;
                        mSrc[moves++] = last;
                    }
                } else {
                    j++;
                }
            }
            if (moves > 0 && m >= JvmEvaluator.SCALAR_LANES) {
                // the weights follow their lanes; applied in order, row by row (a later move never
                // reads a lane an earlier one wrote, except to overwrite it again)
                for (int p = 0; p < d; p++) {
                    final double[] wp = w[p];
                    for (int u = 0; u < moves; u++) {
                        wp[mDst[u]] = wp[mSrc[u]];
                    }
                }
            }
        }
        for (int j = 0; j < m; j++) {
            // still running at the cap: truncated by the evaluator
            len[c0 + ln[j]] = t;
            term[c0 + ln[j]] = false;
        }
        if (RolloutProfile.ON) {
            RolloutProfile.add(envNanos, fwdNanos, System.nanoTime() - tStart);
        }
    }
}
