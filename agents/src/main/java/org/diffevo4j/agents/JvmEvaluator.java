package org.diffevo4j.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.VectorEnvironment;

/**
 * The JVM backend: plain Java loops over structure-of-arrays buffers allocated once, vectorised
 * across episode copies.
 *
 * <p>The P*E episode copies are split into contiguous slices, one per thread of a fixed pool; each
 * thread runs its whole slice to completion (episodes are independent, so there is no barrier per
 * time step). A slice is played in blocks of copies (the whole slice unless the transposed weights
 * would exceed {@link #BLOCK_DOUBLES}); each block owns a {@link VectorEnvironment} and buffers, reused
 * across calls.
 *
 * <p>Within a block, copy {@code k}'s genome is transposed into "lanes": parameter {@code p} of the
 * copy in lane {@code j} is {@code wt[p][j]}, and every activation is stored the same way
 * ({@code act[unit][j]}). Each time step then runs, over the active lanes {@code j < m} only:
 * gather and normalise the observations, one loop over lanes per (layer, output unit) computing the
 * dot product, bias and activation (simple unit-stride loops the JIT turns into SIMD code), the head
 * (argmax or tanh/clip) writing the action, one batched {@code step} of the environment, then the
 * reward bookkeeping, which moves a finished copy's lane out of the active range (the last active
 * lane takes its place, weights included). Once fewer than {@link #SCALAR_LANES} copies of a block
 * are running, they are stepped one by one with {@code MlpPolicy.forward} (the one scalar forward
 * pass) over the contiguous genome (the many short lane loops have a fixed cost per step). Per copy, the arithmetic is the same sequence of
 * operations as {@link MlpPolicy}'s (four partial sums over {@code i mod 4}, combined as
 * {@code bias + ((s0 + s1) + (s2 + s3))}), so both produce bit-identical outputs. Results depend
 * only on genomes and seeds (each copy is independent), not on threads or blocks.
 *
 * <p>Setting the system property {@code diffevo4j.agents.profile=true} (read once, at class load)
 * accumulates the wall time spent in environment steps and in the policy forward pass; see
 * {@link #profileNanos()}. When it is off the timing code is removed by the JIT.
 */
public final class JvmEvaluator extends AbstractEvaluator {

    /** Fewer copies than this per slice are not worth a thread hand-off. */
    static final int MIN_SLICE = 32;
    /** Upper bound on a block's transposed weights, in doubles (2 MiB, about one core's L2; big policies are memory-bound otherwise), unless that leaves fewer than {@link #MIN_BLOCK} lanes. */
    static final long BLOCK_DOUBLES = Long.getLong("diffevo4j.agents.blockDoubles", 1L << 18);
    /** Smallest block a slice is cut into (the last lanes of a block run with few copies active). */
    static final int MIN_BLOCK = 32;
    /** Below this many running copies a block steps them one by one with {@code MlpPolicy.forward}. */
    static final int SCALAR_LANES = Integer.getInteger("diffevo4j.agents.scalarLanes", 16);

    static final boolean PROFILE = Boolean.getBoolean("diffevo4j.agents.profile");
    private static final AtomicLong ENV_NANOS = new AtomicLong();
    private static final AtomicLong FORWARD_NANOS = new AtomicLong();
    private static final AtomicLong TOTAL_NANOS = new AtomicLong();

    private static final int NONE = 0;
    private static final int RELU = 1;
    private static final int TANH = 2;

    private final int threads;
    private final ExecutorService pool;
    private final Slice[] slices;

    /**
     * @param env             the environment's spec
     * @param envFactory      makes a batched environment of n copies (e.g. {@code n -> Environments.makeVector(id, n)})
     * @param policy          policy shape
     * @param threads         worker threads (>= 1)
     * @param maxEpisodeSteps episode cap (the environment's own limit still applies)
     */
    public JvmEvaluator(EnvSpec env, IntFunction<VectorEnvironment> envFactory, PolicySpec policy, int threads,
                        int maxEpisodeSteps) {
        super(env, envFactory, policy, maxEpisodeSteps);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.slices = new Slice[threads];
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "diffevo4j-jvm-evaluator");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Backend backend() {
        return Backend.JVM;
    }

    /** Number of worker threads. */
    public int threads() {
        return threads;
    }

    /**
     * With {@code -Ddiffevo4j.agents.profile=true}: nanoseconds summed over all threads and JVM
     * evaluators since the last {@link #resetProfile()}, as {@code {environment steps, policy forward
     * (normalise, layers, head), whole block rollouts}}; the rest of a rollout is set-up (reset, weight
     * transposition) and reward bookkeeping. All zero when the property is off.
     */
    public static long[] profileNanos() {
        return new long[] {ENV_NANOS.get(), FORWARD_NANOS.get(), TOTAL_NANOS.get()};
    }

    /** Zeroes the counters of {@link #profileNanos()}. */
    public static void resetProfile() {
        ENV_NANOS.set(0);
        FORWARD_NANOS.set(0);
        TOTAL_NANOS.set(0);
    }

    @Override
    public EvaluationResult evaluate(double[] population, int episodes, long[] seeds) {
        long start = System.nanoTime();
        int p = checkArguments(population, episodes, seeds);
        int copies = p * episodes;
        double[] returns = new double[copies];
        int[] lengths = new int[copies];
        boolean[] terminated = new boolean[copies];
        int[] badStep = new int[copies];
        double[] badValue = new double[copies];
        int nSlices = Math.max(1, Math.min(threads, copies / MIN_SLICE));
        Run run = new Run(population, episodes, seeds, returns, lengths, terminated, badStep, badValue);
        if (nSlices == 1) {
            slice(0).play(run, 0, copies);
        } else {
            List<Future<?>> futures = new ArrayList<>(nSlices);
            for (int s = 0; s < nSlices; s++) {
                int c0 = (int) ((long) copies * s / nSlices);
                int c1 = (int) ((long) copies * (s + 1) / nSlices);
                Slice slice = slice(s);
                futures.add(pool.submit(() -> slice.play(run, c0, c1)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("evaluation interrupted", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException("evaluation failed", e.getCause());
                }
            }
        }
        return finish(p, episodes, returns, lengths, terminated, badStep, badValue, start);
    }

    private Slice slice(int index) {
        Slice s = slices[index];
        if (s == null) {
            s = new Slice();
            slices[index] = s;
        }
        return s;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** The inputs and outputs of one evaluate() call, shared read-only / disjointly written by slices. */
    private record Run(double[] pop, int episodes, long[] seeds, double[] returns, int[] lengths,
                       boolean[] terminated, int[] badStep, double[] badValue) {
    }

    /** One thread's share: the blocks it plays (at most two sizes occur for one slice size). */
    private final class Slice {
        private Block a;
        private Block b;

        void play(Run run, int c0, int c1) {
            int n = c1 - c0;
            int cap = (int) Math.min(n, Math.max(MIN_BLOCK, BLOCK_DOUBLES / dim));
            int blocks = (n + cap - 1) / cap;
            for (int i = 0; i < blocks; i++) {
                int b0 = c0 + (int) ((long) n * i / blocks);
                int b1 = c0 + (int) ((long) n * (i + 1) / blocks);
                block(b1 - b0).play(run, b0);
            }
        }

        private Block block(int size) {
            if (a != null && a.n == size) {
                return a;
            }
            if (b != null && b.n == size) {
                Block t = a;
                a = b;
                b = t;
                return a;
            }
            b = a;
            a = new Block(size);
            return a;
        }
    }

    /** One block of copies: its environment and all scratch buffers, sized for {@code n} copies. */
    private final class Block {
        final int n;
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
        final double[] fac;
        final double[] aLo;
        final double[] aHi;

        Block(int n) {
            this.n = n;
            this.venv = envFactory.apply(n);
            if (venv.size() != n) {
                throw new IllegalStateException("environment factory made " + venv.size() + " copies, asked for " + n);
            }
            this.seeds = new long[n];
            this.lane = new int[n];
            this.moveDst = new int[Math.max(n, 16)];
            this.moveSrc = new int[n];
            this.wt = new double[dim][n];
            int w = layout.maxWidth();
            this.bufA = new double[w][n];
            this.bufB = new double[w][n];
            this.q = new double[4][n];
            this.zero = new double[n];
            this.actions = policy.discrete() ? new int[n] : null;
            this.cactions = policy.discrete() ? null : new double[n * policy.actionSize()];
            this.outScratch = new double[w];
            this.exactA = new double[w];
            this.exactB = new double[w];
            this.nAct = policy.actionSize();
            this.actStart = policy.actionStart();
            this.fac = policy.actionFactor();
            this.aLo = policy.actionLow();
            this.aHi = policy.actionHigh();
        }

        /** Writes lane {@code j}'s action from its output values {@code out[0 .. actionSize)}. */
        private void head(int j, double[] out) {
            final int k = lane[j];
            final int nAct = this.nAct;
            if (actions != null) {
                int best = 0;
                double bv = out[0];
                for (int a = 1; a < nAct; a++) {
                    if (out[a] > bv) {
                        bv = out[a];
                        best = a;
                    }
                }
                actions[k] = actStart + best;
            } else {
                final double[] fac = this.fac;
                final double[] lo = this.aLo;
                final double[] hi = this.aHi;
                for (int a = 0; a < nAct; a++) {
                    cactions[k * nAct + a] = Math.min(hi[a], Math.max(lo[a], Math.tanh(out[a]) * fac[a]));
                }
            }
        }

        /**
         * Copy {@code k}'s forward pass exactly as {@link MlpPolicy} computes it (the same scalar
         * method, ReLU as {@code s > 0 ? s : 0.0}), from the raw observations and its genome at
         * {@code pop[base ..]}; returns the output layer's values.
         */
        private double[] exactForward(int k, double[] obs, double[] pop, int base) {
            return MlpPolicy.forward(policy, layout, pop, base, obs, k * policy.observationSize(), exactA, exactB);
        }

        void play(Run run, int c0) {
            final long tStart = PROFILE ? System.nanoTime() : 0;
            long envNanos = 0;
            long fwdNanos = 0;
            final double[] pop = run.pop;
            final int episodes = run.episodes;
            final double[] ret = run.returns;
            final int[] len = run.lengths;
            final boolean[] term = run.terminated;
            final int[] bad = run.badStep;
            final double[] badV = run.badValue;
            final int n = this.n;
            final int d = dim;
            System.arraycopy(run.seeds, c0, seeds, 0, n);
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
            final int actMode = policy.activation() == Activation.RELU ? RELU : TANH;
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
            while (m > 0 && t < maxSteps) {
                final long f0 = PROFILE ? System.nanoTime() : 0;
                final double[] obs = venv.observations();
                if (m < SCALAR_LANES) {
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
                        final int mode = l < layers - 1 ? actMode : NONE;
                        for (int o = 0; o < nOut; o++) {
                            unit(w, wOff + o * nIn, bOff < 0 ? null : w[bOff + o], in, nIn, out[o], mode, m);
                        }
                        double[][] tmp = in;
                        in = out;
                        out = tmp;
                    }
                    // ---- head
                    // a non-finite output may come from the branch-free ReLU (see fin2): such lanes are
                    // recomputed with MlpPolicy's exact scalar code
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
                final long f1 = PROFILE ? System.nanoTime() : 0;
                if (discrete) {
                    venv.step(acts);
                } else {
                    venv.step(cacts);
                }
                if (PROFILE) {
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
                if (moves > 0 && m >= SCALAR_LANES) {
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
            if (PROFILE) {
                ENV_NANOS.addAndGet(envNanos);
                FORWARD_NANOS.addAndGet(fwdNanos);
                TOTAL_NANOS.addAndGet(System.nanoTime() - tStart);
            }
        }

        /**
         * One output unit for lanes {@code [0, m)}: {@code dst[j] = act(bias[j] + ((s0 + s1) + (s2 + s3)))}
         * where {@code s_r = 0.0 + w[row + r][j] * in[r][j] + w[row + r + 4][j] * in[r + 4][j] + ...}
         * (left to right) over {@code i = r mod 4}, the remainder {@code i >= 4 * (nIn / 4)} also going
         * to {@code s0}: MlpPolicy's order, operation for operation (a missing bias is {@code 0.0 + ...}).
         *
         * <p>The work is cut into loops with few array operands each (see {@link #init2}): C2's
         * superword pass vectorises those, while one big loop body is not unrolled and stays scalar.
         * The constant {@code 0.0} is read from the {@link #zero} array for the same reason.
         */
        private void unit(double[][] w, int row, double[] bias, double[][] in, int nIn, double[] dst, int mode, int m) {
            final double[] z = zero;
            final double[] b = bias != null ? bias : z;
            final boolean relu = mode == RELU;
            final double[] q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3];
            if (nIn == 4) {
                pair(q0, z, w[row], in[0], w[row + 1], in[1], m);
                pair(q1, z, w[row + 2], in[2], w[row + 3], in[3], m);
                fin2(dst, b, q0, q1, relu, m);
            } else if (nIn < 4) {
                chain(q0, z, w, row, in, 0, 1, nIn, m);
                finSmall(dst, b, q0, z, relu, m);
            } else {
                final int g = nIn / 4;
                // s0 also takes the remainder inputs 4g .. nIn-1, after its own i = 0, 4, .., 4(g-1)
                chainStrided(q0, z, w, row, in, 0, g, nIn, m);
                chainStrided(q1, z, w, row, in, 1, g, 0, m);
                chainStrided(q2, z, w, row, in, 2, g, 0, m);
                chainStrided(q3, z, w, row, in, 3, g, 0, m);
                fin4(dst, b, q0, q1, q2, q3, relu, m);
            }
            if (mode == TANH) {
                for (int j = 0; j < m; j++) {
                    dst[j] = Math.tanh(dst[j]);
                }
            }
        }

        /** {@code q = 0.0 + w[row+r]*in[r] + w[row+r+4]*in[r+4] + ...} (g terms), then the inputs {@code 4g .. end-1}. */
        private static void chainStrided(double[] qr, double[] z, double[][] w, int row, double[][] in, int r, int g,
                                         int end, int m) {
            int i = r;
            int left = g;
            if (left >= 2) {
                init2(qr, z, w[row + i], in[i], w[row + i + 4], in[i + 4], m);
                i += 8;
                left -= 2;
            } else {
                init1(qr, z, w[row + i], in[i], m);
                i += 4;
                left -= 1;
            }
            for (; left >= 2; left -= 2, i += 8) {
                acc2(qr, w[row + i], in[i], w[row + i + 4], in[i + 4], m);
            }
            if (left == 1) {
                acc1(qr, w[row + i], in[i], m);
            }
            int k = 4 * g;
            for (; k + 1 < end; k += 2) {
                acc2(qr, w[row + k], in[k], w[row + k + 1], in[k + 1], m);
            }
            if (k < end) {
                acc1(qr, w[row + k], in[k], m);
            }
        }

        /** {@code q = 0.0 + w[row+i0]*in[i0] + ... } over the consecutive inputs {@code i0 .. end-1} (at least one). */
        private static void chain(double[] qr, double[] z, double[][] w, int row, double[][] in, int i0, int i1, int end,
                                  int m) {
            init1(qr, z, w[row + i0], in[i0], m);
            int k = i1;
            for (; k + 1 < end; k += 2) {
                acc2(qr, w[row + k], in[k], w[row + k + 1], in[k + 1], m);
            }
            if (k < end) {
                acc1(qr, w[row + k], in[k], m);
            }
        }

        /** {@code q = (0.0 + wa*xa) + (0.0 + wb*xb)}. */
        private static void pair(double[] q, double[] z, double[] wa, double[] xa, double[] wb, double[] xb, int m) {
            for (int j = 0; j < m; j++) {
                q[j] = (z[j] + wa[j] * xa[j]) + (z[j] + wb[j] * xb[j]);
            }
        }

        private static void init1(double[] q, double[] z, double[] wa, double[] xa, int m) {
            for (int j = 0; j < m; j++) {
                q[j] = z[j] + wa[j] * xa[j];
            }
        }

        /** {@code q = (0.0 + wa*xa) + wb*xb}: a loop body small enough for C2 to unroll and vectorise. */
        private static void init2(double[] q, double[] z, double[] wa, double[] xa, double[] wb, double[] xb, int m) {
            for (int j = 0; j < m; j++) {
                q[j] = (z[j] + wa[j] * xa[j]) + wb[j] * xb[j];
            }
        }

        private static void acc1(double[] q, double[] wa, double[] xa, int m) {
            for (int j = 0; j < m; j++) {
                q[j] = q[j] + wa[j] * xa[j];
            }
        }

        private static void acc2(double[] q, double[] wa, double[] xa, double[] wb, double[] xb, int m) {
            for (int j = 0; j < m; j++) {
                q[j] = (q[j] + wa[j] * xa[j]) + wb[j] * xb[j];
            }
        }

        /**
         * {@code dst = b + (t + u)}, then ReLU if asked. The ReLU is {@code (s + |s|) * 0.5}, which equals
         * MlpPolicy's {@code s > 0 ? s : 0.0} for every finite {@code s} up to half the largest double
         * and vectorises; where they differ (NaN, overflow) the non-finite value propagates to the
         * outputs, and such lanes are recomputed exactly (see the head in {@code play}).
         */
        private static void fin2(double[] dst, double[] b, double[] t, double[] u, boolean relu, int m) {
            if (relu) {
                for (int j = 0; j < m; j++) {
                    final double s = b[j] + (t[j] + u[j]);
                    dst[j] = (s + Math.abs(s)) * 0.5;
                }
            } else {
                for (int j = 0; j < m; j++) {
                    dst[j] = b[j] + (t[j] + u[j]);
                }
            }
        }

        /** {@code dst = b + ((q0 + 0.0) + (0.0 + 0.0))} (a single partial sum), then ReLU if asked. */
        private static void finSmall(double[] dst, double[] b, double[] q0, double[] z, boolean relu, int m) {
            if (relu) {
                for (int j = 0; j < m; j++) {
                    final double s = b[j] + ((q0[j] + z[j]) + z[j]);
                    dst[j] = (s + Math.abs(s)) * 0.5;
                }
            } else {
                for (int j = 0; j < m; j++) {
                    dst[j] = b[j] + ((q0[j] + z[j]) + z[j]);
                }
            }
        }

        /** {@code dst = b + ((q0 + q1) + (q2 + q3))}, then ReLU if asked. */
        private static void fin4(double[] dst, double[] b, double[] q0, double[] q1, double[] q2, double[] q3,
                                 boolean relu, int m) {
            if (relu) {
                for (int j = 0; j < m; j++) {
                    final double s = b[j] + ((q0[j] + q1[j]) + (q2[j] + q3[j]));
                    dst[j] = (s + Math.abs(s)) * 0.5;
                }
            } else {
                for (int j = 0; j < m; j++) {
                    dst[j] = b[j] + ((q0[j] + q1[j]) + (q2[j] + q3[j]));
                }
            }
        }
    }
}
