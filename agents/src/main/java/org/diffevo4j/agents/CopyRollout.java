package org.diffevo4j.agents;

import org.diffevo4j.environments.VectorEnvironment;

/**
 * The per-copy path for wide policies: one thread's slice is played in small groups of copies whose
 * packed weights ({@link ResidentLayout}) fit in {@link JvmEvaluator#RESIDENT_BYTES} (about one
 * core's L1 data cache), so each copy's weights stay in cache for its whole episode instead of streaming through
 * memory at every step. A group's copies share one batched environment and run to their ends; each
 * step runs every running copy's forward pass with {@link DenseKernel} (SIMD across output units),
 * then one environment step. Per copy the arithmetic is {@link MlpPolicy#forward}'s, so results are
 * bit-identical to the lane path's and to {@link MlpPolicy#play}'s.
 *
 * <p>With a {@link FloatDenseKernel} (the opt-in {@link JvmEvaluator.Precision#FLOAT32}) the weights
 * are packed as float32 (a narrow output layer row-major, {@link ResidentLayout#rowHead()}), the
 * normalised observation is rounded to float32, the layers run in float32 (with FMA on the Vector API)
 * and the outputs are widened to double for the head: faster (half the bytes, twice the lanes), not
 * bit-identical.
 */
final class CopyRollout {

    private final RolloutSetup setup;
    private final PolicySpec policy;
    private final ParameterLayout layout;
    private final ResidentLayout packed;
    private final DenseKernel kernel;
    /** non-null for the float32 forward pass */
    private final FloatDenseKernel fkernel;
    private final ActionHead head;
    private final int group;
    private final double[] a;
    private final double[] b;
    private final float[] fa;
    private final float[] fb;
    /** the group of {@code group} copies, and the slice's last, smaller one */
    private Group full;
    private Group tail;

    /**
     * @param kernel  the double kernel, or null when {@code fkernel} is given
     * @param fkernel the float32 kernel, or null for the exact double pass
     * @param group   copies per group ({@link #groupSize})
     */
    CopyRollout(RolloutSetup setup, DenseKernel kernel, FloatDenseKernel fkernel, int group) {
        this.setup = setup;
        this.policy = setup.policy();
        this.layout = setup.layout();
        this.kernel = kernel;
        this.fkernel = fkernel;
        this.packed = fkernel != null ? new ResidentLayout(layout, fkernel.lanes(), fkernel.panel(), true)
                : new ResidentLayout(layout, kernel.lanes(), kernel.panel(), false);
        this.head = new ActionHead(policy);
        this.group = group;
        this.a = new double[packed.maxWidth()];
        this.b = new double[packed.maxWidth()];
        this.fa = fkernel != null ? new float[packed.maxWidth()] : null;
        this.fb = fkernel != null ? new float[packed.maxWidth()] : null;
    }

    /** Copies per group for a policy whose packed weights take {@code packedBytes} bytes. */
    static int groupSize(long packedBytes, long residentBytes) {
        return (int) Math.max(1, Math.min(64, residentBytes / packedBytes));
    }

    void play(RolloutJob run, int c0, int c1) {
        for (int g0 = c0; g0 < c1; g0 += group) {
            int n = Math.min(group, c1 - g0);
            groupOf(n).play(run, g0);
        }
    }

    private Group groupOf(int n) {
        if (n == group) {
            if (full == null) {
                full = new Group(n);
            }
            return full;
        }
        if (tail == null || tail.n != n) {
            tail = new Group(n);
        }
        return tail;
    }

    /**
     * One copy's forward pass from its raw observation at {@code obs[obsOff ..]} and its packed weights
     * at {@code w[off ..]}; returns the buffer holding the output layer's values.
     */
    private double[] forward(double[] w, int off, double[] obs, int obsOff) {
        final ObservationNormalizer norm = policy.normalizer();
        if (norm != null) {
            norm.normalize(obs, obsOff, a, 0);
        } else {
            System.arraycopy(obs, obsOff, a, 0, policy.observationSize());
        }
        final boolean tanh = policy.activation() == Activation.TANH;
        final int layers = layout.layerCount();
        double[] in = a;
        double[] out = b;
        for (int l = 0; l < layers; l++) {
            final boolean hidden = l < layers - 1;
            kernel.layer(w, off + packed.weightOffset(l), off + packed.biasOffset(l), layout.inSize(l),
                    packed.outPad(l), in, out, hidden && !tanh);
            if (hidden && tanh) {
                for (int o = 0, nOut = layout.outSize(l); o < nOut; o++) {
                    out[o] = Math.tanh(out[o]);
                }
            }
            final double[] t = in;
            in = out;
            out = t;
        }
        return in;
    }

    /** As {@link #forward}, in float32 over float weights {@code w[off ..]}; the outputs come back as doubles. */
    private double[] forward32(float[] w, int off, double[] obs, int obsOff) {
        final ObservationNormalizer norm = policy.normalizer();
        final int obsDim = policy.observationSize();
        if (norm != null) {
            norm.normalize(obs, obsOff, a, 0);
        } else {
            System.arraycopy(obs, obsOff, a, 0, obsDim);
        }
        for (int i = 0; i < obsDim; i++) {
            fa[i] = (float) a[i];
        }
        final boolean tanh = policy.activation() == Activation.TANH;
        final int layers = layout.layerCount();
        float[] in = fa;
        float[] out = fb;
        for (int l = 0; l < layers; l++) {
            final boolean hidden = l < layers - 1;
            if (!hidden && packed.rowHead()) {
                fkernel.dot(w, off + packed.weightOffset(l), off + packed.biasOffset(l), layout.inSize(l),
                        layout.outSize(l), in, out);
            } else {
                fkernel.layer(w, off + packed.weightOffset(l), off + packed.biasOffset(l), layout.inSize(l),
                        packed.outPad(l), in, out, hidden && !tanh);
            }
            if (hidden && tanh) {
                for (int o = 0, nOut = layout.outSize(l); o < nOut; o++) {
                    out[o] = (float) Math.tanh(out[o]);
                }
            }
            final float[] t = in;
            in = out;
            out = t;
        }
        for (int o = 0, nAct = policy.actionSize(); o < nAct; o++) {
            a[o] = in[o];
        }
        return a;
    }

    /** A group of {@code n} copies: their environment, packed weights and the running-copy list. */
    private final class Group {
        final int n;
        final VectorEnvironment venv;
        final long[] seeds;
        final double[] weights;
        final float[] fweights;
        /** the running copies, {@code [0, m)} */
        final int[] running;
        final int[] actions;
        final double[] cactions;

        Group(int n) {
            this.n = n;
            this.venv = setup.makeEnv(n);
            this.seeds = new long[n];
            this.weights = fkernel == null ? new double[n * packed.size()] : null;
            this.fweights = fkernel != null ? new float[n * packed.size()] : null;
            this.running = new int[n];
            this.actions = policy.discrete() ? new int[n] : null;
            this.cactions = policy.discrete() ? null : new double[n * policy.actionSize()];
        }

        void play(RolloutJob run, int c0) {
            final long tStart = RolloutProfile.ON ? System.nanoTime() : 0;
            long envNanos = 0;
            long fwdNanos = 0;
            final int size = packed.size();
            final int obsDim = policy.observationSize();
            final boolean discrete = policy.discrete();
            final int maxSteps = setup.maxSteps();
            System.arraycopy(run.seeds(), c0, seeds, 0, n);
            venv.setAutoReset(false);
            venv.reset(seeds);
            for (int k = 0; k < n; k++) {
                if (fweights != null) {
                    packed.packFloat(run.pop(), run.genomeBase(c0 + k), fweights, k * size);
                } else {
                    packed.pack(run.pop(), run.genomeBase(c0 + k), weights, k * size);
                }
                running[k] = k;
                run.returns()[c0 + k] = 0;
            }
            int m = n;
            int t = 0;
            while (m > 0 && t < maxSteps) {
                final long f0 = RolloutProfile.ON ? System.nanoTime() : 0;
                final double[] obs = venv.observations();
                if (fweights != null) {
                    for (int j = 0; j < m; j++) {
                        final int k = running[j];
                        head.write(k, forward32(fweights, k * size, obs, k * obsDim), actions, cactions);
                    }
                } else {
                    for (int j = 0; j < m; j++) {
                        final int k = running[j];
                        head.write(k, forward(weights, k * size, obs, k * obsDim), actions, cactions);
                    }
                }
                final long f1 = RolloutProfile.ON ? System.nanoTime() : 0;
                if (discrete) {
                    venv.step(actions);
                } else {
                    venv.step(cactions);
                }
                if (RolloutProfile.ON) {
                    final long f2 = System.nanoTime();
                    fwdNanos += f1 - f0;
                    envNanos += f2 - f1;
                }
                t++;
                final double[] rew = venv.rewards();
                final boolean[] done = venv.done();
                final boolean[] envTerm = venv.terminated();
                int j = 0;
                while (j < m) {
                    final int k = running[j];
                    run.addReward(c0 + k, rew[k], t);
                    if (done[k]) {
                        run.finish(c0 + k, t, envTerm[k]);
                        running[j] = running[--m];
                    } else {
                        j++;
                    }
                }
            }
            for (int j = 0; j < m; j++) {
                // still running at the cap: truncated by the evaluator
                run.finish(c0 + running[j], t, false);
            }
            if (RolloutProfile.ON) {
                RolloutProfile.add(envNanos, fwdNanos, System.nanoTime() - tStart);
            }
        }
    }
}
