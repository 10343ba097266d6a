package org.diffevo4j.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.VectorEnvironment;

/**
 * The JVM backend: one fused loop per environment step that normalises every active copy's
 * observation, runs its MLP straight from the flat genome array (PyTorch layout is already
 * row-major {@code [out x in]}, so every dot product reads contiguous memory) and writes its action,
 * over structure-of-arrays buffers allocated once.
 *
 * <p>The P*E episode copies are split into contiguous slices, one per thread of a fixed pool; each
 * slice owns its own {@link VectorEnvironment} and buffers, reused across calls while the slice size
 * stays the same. Finished copies are removed from the slice's active index list, so they cost
 * nothing in the forward pass. Results depend only on genomes and seeds (each copy is independent),
 * not on the number of threads.
 */
public final class JvmEvaluator extends AbstractEvaluator {

    /** Fewer copies than this per slice are not worth a thread hand-off. */
    static final int MIN_SLICE = 32;

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
            slice(0, copies).play(run, 0);
        } else {
            List<Future<?>> futures = new ArrayList<>(nSlices);
            for (int s = 0; s < nSlices; s++) {
                int c0 = (int) ((long) copies * s / nSlices);
                int c1 = (int) ((long) copies * (s + 1) / nSlices);
                Slice slice = slice(s, c1 - c0);
                futures.add(pool.submit(() -> slice.play(run, c0)));
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

    private Slice slice(int index, int size) {
        Slice s = slices[index];
        if (s == null || s.n != size) {
            s = new Slice(size);
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

    /** One thread's share: its environment and all scratch buffers, sized for {@code n} copies. */
    private final class Slice {
        final int n;
        final VectorEnvironment venv;
        final long[] seeds;
        final int[] active;
        final int[] actions;
        final double[] cactions;
        final double[] x;
        final double[] y;

        Slice(int n) {
            this.n = n;
            this.venv = envFactory.apply(n);
            if (venv.size() != n) {
                throw new IllegalStateException("environment factory made " + venv.size() + " copies, asked for " + n);
            }
            this.seeds = new long[n];
            this.active = new int[n];
            this.actions = policy.discrete() ? new int[n] : null;
            this.cactions = policy.discrete() ? null : new double[n * policy.actionSize()];
            int w = layout.maxWidth();
            this.x = new double[w];
            this.y = new double[w];
        }

        void play(Run run, int c0) {
            final double[] pop = run.pop;
            final int episodes = run.episodes;
            final double[] ret = run.returns;
            final int[] len = run.lengths;
            final boolean[] term = run.terminated;
            final int[] bad = run.badStep;
            final double[] badV = run.badValue;
            System.arraycopy(run.seeds, c0, seeds, 0, n);
            venv.setAutoReset(false);
            venv.reset(seeds);

            // hoisted constants of the network, so the JIT sees locals in the hot loop
            final int obsDim = policy.observationSize();
            final int layers = layout.layerCount();
            final int[] ins = new int[layers];
            final int[] outs = new int[layers];
            final int[] wOff = new int[layers];
            final int[] bOff = new int[layers];
            for (int l = 0; l < layers; l++) {
                ins[l] = layout.inSize(l);
                outs[l] = layout.outSize(l);
                wOff[l] = layout.weightOffset(l);
                bOff[l] = layout.biasOffset(l);
            }
            final boolean relu = policy.activation() == Activation.RELU;
            final ObservationNormalizer norm = policy.normalizer();
            final double[] nLow = norm == null ? null : norm.low();
            final double[] nHigh = norm == null ? null : norm.high();
            final double[] nRange = new double[obsDim];
            if (norm != null) {
                for (int i = 0; i < obsDim; i++) {
                    nRange[i] = nHigh[i] - nLow[i];
                }
            }
            final double sqrt3 = Math.sqrt(3.0);
            final boolean discrete = policy.discrete();
            final int nAct = policy.actionSize();
            final int actStart = policy.actionStart();
            final double[] fac = policy.actionFactor();
            final double[] aLo = policy.actionLow();
            final double[] aHi = policy.actionHigh();
            final int d = dim;
            final int[] act = active;
            final double[] xa = x;
            final double[] ya = y;

            int nActive = n;
            for (int k = 0; k < n; k++) {
                act[k] = k;
                ret[c0 + k] = 0;
            }
            int t = 0;
            while (nActive > 0 && t < maxSteps) {
                final double[] obs = venv.observations();
                for (int a = 0; a < nActive; a++) {
                    final int k = act[a];
                    final int base = ((c0 + k) / episodes) * d;
                    final int ob = k * obsDim;
                    if (norm != null) {
                        for (int i = 0; i < obsDim; i++) {
                            xa[i] = (2.0 * (obs[ob + i] - nLow[i]) / nRange[i] - 1.0) * sqrt3;
                        }
                    } else {
                        System.arraycopy(obs, ob, xa, 0, obsDim);
                    }
                    double[] in = xa;
                    double[] out = ya;
                    for (int l = 0; l < layers; l++) {
                        final int nIn = ins[l];
                        final int nOut = outs[l];
                        final int bo = bOff[l];
                        final boolean hidden = l < layers - 1;
                        int row = base + wOff[l];
                        for (int o = 0; o < nOut; o++, row += nIn) {
                            // four independent partial sums hide the add latency (same order as MlpPolicy)
                            double s0 = 0;
                            double s1 = 0;
                            double s2 = 0;
                            double s3 = 0;
                            int i = 0;
                            for (; i + 3 < nIn; i += 4) {
                                s0 += pop[row + i] * in[i];
                                s1 += pop[row + i + 1] * in[i + 1];
                                s2 += pop[row + i + 2] * in[i + 2];
                                s3 += pop[row + i + 3] * in[i + 3];
                            }
                            for (; i < nIn; i++) {
                                s0 += pop[row + i] * in[i];
                            }
                            double s = (bo >= 0 ? pop[base + bo + o] : 0.0) + ((s0 + s1) + (s2 + s3));
                            if (hidden) {
                                s = relu ? (s > 0 ? s : 0.0) : Math.tanh(s);
                            }
                            out[o] = s;
                        }
                        double[] tmp = in;
                        in = out;
                        out = tmp;
                    }
                    if (discrete) {
                        int best = 0;
                        double bv = in[0];
                        for (int j = 1; j < nAct; j++) {
                            if (in[j] > bv) {
                                bv = in[j];
                                best = j;
                            }
                        }
                        actions[k] = actStart + best;
                    } else {
                        final int ab = k * nAct;
                        for (int j = 0; j < nAct; j++) {
                            cactions[ab + j] = Math.min(aHi[j], Math.max(aLo[j], Math.tanh(in[j]) * fac[j]));
                        }
                    }
                }
                if (discrete) {
                    venv.step(actions);
                } else {
                    venv.step(cactions);
                }
                t++;
                final double[] rew = venv.rewards();
                final boolean[] done = venv.done();
                final boolean[] envTerm = venv.terminated();
                int m = 0;
                for (int a = 0; a < nActive; a++) {
                    final int k = act[a];
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
                    } else {
                        act[m++] = k;
                    }
                }
                nActive = m;
            }
            for (int a = 0; a < nActive; a++) {
                // still running at the cap: truncated by the evaluator
                len[c0 + act[a]] = t;
                term[c0 + act[a]] = false;
            }
        }
    }
}
