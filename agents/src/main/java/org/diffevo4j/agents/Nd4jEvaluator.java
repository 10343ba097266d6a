package org.diffevo4j.agents;

import java.nio.DoubleBuffer;
import java.util.function.IntFunction;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.VectorEnvironment;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The ND4J backend: each layer's forward pass over the whole batch of copies is one batched matrix
 * product {@code H_l[c] = W_l[c] · H_{l-1}[c]} with {@code W_l} shaped {@code [C, out, in]} and
 * activations {@code [C, width, 1]}, followed by an in-place bias add and activation, all in double
 * precision. On the CUDA backend these are the kernels that run on the GPU; environments are still
 * stepped in Java arrays, so every step copies the observations in and the outputs out.
 *
 * <p>Weights are converted from the flat genomes into per-layer tensors once per
 * {@link #evaluate} call. Finished copies stay in the batch until at most half of it is active; then
 * the batch is compacted (the active copies' weight rows are gathered into smaller tensors), so the
 * cost follows the number of running episodes within a factor of two.
 *
 * <p>Host-side reads and writes of ND4J buffers are bracketed with the affinity manager's
 * {@code ensureLocation}/{@code tagLocation}, so a device backend sees the inputs written in Java and
 * Java sees the device's outputs (no-ops on the CPU backend). Results equal the JVM backend's up to
 * floating-point summation order (BLAS sums in its own order): returns agree unless two discrete
 * outputs tie within rounding, which random weights make vanishingly rare.
 *
 * <p>ND4J chooses its own thread count (OMP_NUM_THREADS); the action heads are applied in Java with
 * the same rules as the JVM backend (lowest index wins argmax ties).
 */
public final class Nd4jEvaluator extends AbstractEvaluator {

    /** Below this many rows a batch is not compacted (the gather would cost more than it saves). */
    static final int MIN_COMPACT = 64;

    private VectorEnvironment venv;

    /**
     * @param env             the environment's spec
     * @param envFactory      makes a batched environment of n copies
     * @param policy          policy shape
     * @param maxEpisodeSteps episode cap (the environment's own limit still applies)
     */
    public Nd4jEvaluator(EnvSpec env, IntFunction<VectorEnvironment> envFactory, PolicySpec policy,
                         int maxEpisodeSteps) {
        super(env, envFactory, policy, maxEpisodeSteps);
    }

    @Override
    public Backend backend() {
        return Backend.ND4J;
    }

    @Override
    public EvaluationResult evaluate(double[] population, int episodes, long[] seeds) {
        long start = System.nanoTime();
        int p = checkArguments(population, episodes, seeds);
        final int copies = p * episodes;
        if (venv == null || venv.size() != copies) {
            venv = envFactory.apply(copies);
            if (venv.size() != copies) {
                throw new IllegalStateException("environment factory made " + venv.size() + " copies, asked for "
                        + copies);
            }
        }
        double[] returns = new double[copies];
        int[] lengths = new int[copies];
        boolean[] terminated = new boolean[copies];
        int[] badStep = new int[copies];
        double[] badValue = new double[copies];

        final int layers = layout.layerCount();
        final int obsDim = policy.observationSize();
        final int nAct = policy.actionSize();
        // weights converted once: per layer [C, out, in] and [C, out, 1], copy c uses individual c / E
        INDArray[] w = new INDArray[layers];
        INDArray[] b = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            int in = layout.inSize(l);
            int out = layout.outSize(l);
            int wn = in * out;
            // written straight into the native buffers: no second heap copy of the whole population
            w[l] = Nd4j.create(DataType.DOUBLE, copies, out, in);
            b[l] = layout.bias() ? Nd4j.create(DataType.DOUBLE, copies, out, 1) : null;
            fill(w[l], population, episodes, layout.weightOffset(l), wn);
            if (b[l] != null) {
                fill(b[l], population, episodes, layout.biasOffset(l), out);
            }
        }
        final boolean relu = policy.activation() == Activation.RELU;
        final ObservationNormalizer norm = policy.normalizer();
        final boolean discrete = policy.discrete();
        final int actStart = policy.actionStart();
        final double[] fac = policy.actionFactor();
        final double[] aLo = policy.actionLow();
        final double[] aHi = policy.actionHigh();

        int[] actions = discrete ? new int[copies] : null;
        double[] cactions = discrete ? null : new double[copies * nAct];
        int batch = copies;
        int[] batchCopy = new int[copies];          // batch position -> copy index
        int[] activePos = new int[copies];          // positions in the batch still running
        for (int c = 0; c < copies; c++) {
            batchCopy[c] = c;
            activePos[c] = c;
        }
        int nActive = copies;
        Buffers buf = new Buffers(batch, layers);

        venv.setAutoReset(false);
        venv.reset(seeds.clone());
        int t = 0;
        while (nActive > 0 && t < maxSteps) {
            if (nActive <= batch / 2 && batch >= MIN_COMPACT) {
                // gather the running copies into a smaller batch
                int[] pos = new int[nActive];
                System.arraycopy(activePos, 0, pos, 0, nActive);
                for (int l = 0; l < layers; l++) {
                    w[l] = gather(w[l], pos);
                    if (b[l] != null) {
                        b[l] = gather(b[l], pos);
                    }
                }
                int[] nb = new int[nActive];
                for (int a = 0; a < nActive; a++) {
                    nb[a] = batchCopy[pos[a]];
                    activePos[a] = a;
                }
                batchCopy = nb;
                batch = nActive;
                buf = new Buffers(batch, layers);
            }
            final double[] obs = venv.observations();
            final double[] xin = buf.xin;
            // finished copies left in the batch keep their last inputs; their outputs are ignored
            for (int a = 0; a < nActive; a++) {
                int pos = activePos[a];
                int c = batchCopy[pos];
                if (norm != null) {
                    norm.normalize(obs, c * obsDim, xin, pos * obsDim);
                } else {
                    System.arraycopy(obs, c * obsDim, xin, pos * obsDim, obsDim);
                }
            }
            buf.h[0].data().setData(xin);
            // on a device backend the host copy is now the newer one; a no-op on the CPU backend
            Nd4j.getAffinityManager().tagLocation(buf.h[0], AffinityManager.Location.HOST);
            for (int l = 0; l < layers; l++) {
                INDArray h = buf.h[l + 1];
                Nd4j.matmul(w[l], buf.h[l], h);
                if (b[l] != null) {
                    h.addi(b[l]);
                }
                if (l < layers - 1) {
                    if (relu) {
                        Transforms.relu(h, false);
                    } else {
                        Transforms.tanh(h, false);
                    }
                }
            }
            Nd4j.getAffinityManager().ensureLocation(buf.h[layers], AffinityManager.Location.HOST);
            DoubleBuffer outBuf = buf.h[layers].data().asNioDouble();
            outBuf.get(buf.out, 0, batch * nAct);
            final double[] out = buf.out;
            for (int a = 0; a < nActive; a++) {
                int pos = activePos[a];
                int c = batchCopy[pos];
                int ob = pos * nAct;
                if (discrete) {
                    int best = 0;
                    double bv = out[ob];
                    for (int j = 1; j < nAct; j++) {
                        if (out[ob + j] > bv) {
                            bv = out[ob + j];
                            best = j;
                        }
                    }
                    actions[c] = actStart + best;
                } else {
                    for (int j = 0; j < nAct; j++) {
                        cactions[c * nAct + j] = Math.min(aHi[j], Math.max(aLo[j], Math.tanh(out[ob + j]) * fac[j]));
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
                int pos = activePos[a];
                int c = batchCopy[pos];
                double r = rew[c];
                returns[c] += r;
                if (r - r != 0 && badStep[c] == 0) {
                    badStep[c] = t;
                    badValue[c] = r;
                }
                if (done[c]) {
                    lengths[c] = t;
                    terminated[c] = envTerm[c];
                } else {
                    activePos[m++] = pos;
                }
            }
            nActive = m;
        }
        for (int a = 0; a < nActive; a++) {
            int c = batchCopy[activePos[a]];
            lengths[c] = t;
            terminated[c] = false;
        }
        return finish(p, episodes, returns, lengths, terminated, badStep, badValue, start);
    }

    /** Copies {@code n} values at {@code offset} of each copy's genome into consecutive rows of {@code t}. */
    private void fill(INDArray t, double[] population, int episodes, int offset, int n) {
        long copies = t.size(0);
        Nd4j.getAffinityManager().ensureLocation(t, AffinityManager.Location.HOST);
        if (t.length() * 8L < Integer.MAX_VALUE) {
            DoubleBuffer nio = t.data().asNioDouble();
            for (int c = 0; c < copies; c++) {
                nio.put(population, (c / episodes) * dim + offset, n);
            }
        } else {
            // NIO views stop at 2 GiB; larger tensors are written element by element
            var data = t.data();
            long k = 0;
            for (int c = 0; c < copies; c++) {
                int base = (c / episodes) * dim + offset;
                for (int j = 0; j < n; j++) {
                    data.put(k++, population[base + j]);
                }
            }
        }
        Nd4j.getAffinityManager().tagLocation(t, AffinityManager.Location.HOST);
    }

    /** Rows {@code pos} of a [B, r, s] tensor as a new [pos.length, r, s] tensor. */
    private static INDArray gather(INDArray x, int[] pos) {
        long[] shape = x.shape();
        INDArray flat = x.reshape('c', shape[0], shape[1] * shape[2]);
        INDArray g = Nd4j.pullRows(flat, 1, pos, 'c');
        return g.reshape('c', pos.length, shape[1], shape[2]);
    }

    /** Per-batch-size activation tensors and Java-side staging arrays. */
    private final class Buffers {
        final INDArray[] h;
        final double[] xin;
        final double[] out;

        Buffers(int batch, int layers) {
            h = new INDArray[layers + 1];
            for (int l = 0; l <= layers; l++) {
                int width = l == 0 ? layout.inSize(0) : layout.outSize(l - 1);
                h[l] = Nd4j.create(DataType.DOUBLE, batch, width, 1);
            }
            xin = new double[batch * layout.inSize(0)];
            out = new double[batch * policy.actionSize()];
        }
    }

    @Override
    public void close() {
        venv = null;
    }
}
