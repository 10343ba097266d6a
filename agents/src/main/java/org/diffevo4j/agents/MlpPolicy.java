package org.diffevo4j.agents;

import java.util.Objects;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.StepResult;

/**
 * One MLP policy with its parameters, for single-environment use (evaluating or exporting the best
 * genome). The population evaluators run their own batched loops, except where the JVM evaluator
 * steps single copies: there it calls this class's scalar forward pass.
 */
public final class MlpPolicy {

    private final PolicySpec spec;
    private final ParameterLayout layout;
    private final double[] params;
    private final double[] a;
    private final double[] b;

    /**
     * @param params flat parameters in {@link ParameterLayout} order (copied)
     * @throws IllegalArgumentException if the length does not match the spec
     */
    public MlpPolicy(PolicySpec spec, double[] params) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.layout = spec.layout();
        Objects.requireNonNull(params, "params");
        if (params.length != layout.parameterCount()) {
            throw new IllegalArgumentException("policy " + spec + " needs " + layout.parameterCount()
                    + " parameters, got " + params.length);
        }
        this.params = params.clone();
        this.a = new double[layout.maxWidth()];
        this.b = new double[layout.maxWidth()];
    }

    public PolicySpec spec() {
        return spec;
    }

    /** A copy of the parameters. */
    public double[] parameters() {
        return params.clone();
    }

    /** The output layer's values (before the head) for one raw observation. */
    public double[] forward(double[] observation) {
        double[] out = forwardInternal(observation);
        double[] r = new double[spec.actionSize()];
        System.arraycopy(out, 0, r, 0, r.length);
        return r;
    }

    private double[] forwardInternal(double[] observation) {
        if (observation.length != spec.observationSize()) {
            throw new IllegalArgumentException("observation has length " + observation.length + ", policy expects "
                    + spec.observationSize());
        }
        return forward(spec, layout, params, 0, observation, 0, a, b);
    }

    /**
     * The scalar forward pass of one policy: the only copy of this arithmetic, shared by this class
     * and by the JVM evaluator's per-copy paths (its scalar tail and the exact recomputation of lanes
     * whose vectorised ReLU went non-finite), so that a genome replayed here reproduces the evaluator's
     * episodes bit for bit without two copies of the code having to be kept in step.
     *
     * <p>Per output unit: four partial sums over {@code i mod 4} (the remainder inputs to {@code s0}),
     * combined as {@code bias + ((s0 + s1) + (s2 + s3))}, a missing bias reading {@code 0.0}; hidden
     * layers then apply {@link Activation#apply}. The JVM evaluator's lane kernels perform the same
     * operations in the same order per copy.
     *
     * @param layout      {@code spec.layout()} (passed so that hot callers do not rebuild it)
     * @param params      holds the genome at {@code params[base .. base + layout.parameterCount())}, in
     *                    {@link ParameterLayout} order
     * @param obs         holds the raw observation at {@code obs[obsOff .. obsOff + observationSize)}
     * @param a           scratch of at least {@code layout.maxWidth()} values
     * @param b           scratch of at least {@code layout.maxWidth()} values
     * @return {@code a} or {@code b}, whichever holds the output layer's values in its first
     *         {@code actionSize} entries (valid until the next call with the same scratch)
     */
    static double[] forward(PolicySpec spec, ParameterLayout layout, double[] params, int base, double[] obs,
                            int obsOff, double[] a, double[] b) {
        final ObservationNormalizer norm = spec.normalizer();
        if (norm != null) {
            norm.normalize(obs, obsOff, a, 0);
        } else {
            System.arraycopy(obs, obsOff, a, 0, spec.observationSize());
        }
        final Activation act = spec.activation();
        double[] in = a;
        double[] out = b;
        final int layers = layout.layerCount();
        for (int l = 0; l < layers; l++) {
            final int nIn = layout.inSize(l);
            final int nOut = layout.outSize(l);
            final int bo = layout.biasOffset(l);
            final boolean hidden = l < layers - 1;
            int row = base + layout.weightOffset(l);
            for (int o = 0; o < nOut; o++, row += nIn) {
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int i = 0;
                for (; i + 3 < nIn; i += 4) {
                    s0 += params[row + i] * in[i];
                    s1 += params[row + i + 1] * in[i + 1];
                    s2 += params[row + i + 2] * in[i + 2];
                    s3 += params[row + i + 3] * in[i + 3];
                }
                for (; i < nIn; i++) {
                    s0 += params[row + i] * in[i];
                }
                final double s = (bo >= 0 ? params[base + bo + o] : 0.0) + ((s0 + s1) + (s2 + s3));
                out[o] = hidden ? act.apply(s) : s;
            }
            final double[] t = in;
            in = out;
            out = t;
        }
        return in;
    }

    /** The discrete action ({@code actionStart + argmax}, lowest index on ties). */
    public int act(double[] observation) {
        if (!spec.discrete()) {
            throw new IllegalArgumentException("act(int) needs a discrete head; this policy is continuous");
        }
        double[] out = forwardInternal(observation);
        int best = 0;
        for (int j = 1; j < spec.actionSize(); j++) {
            if (out[j] > out[best]) {
                best = j;
            }
        }
        return spec.actionStart() + best;
    }

    /** The continuous action {@code clip(tanh(out) * factor, low, high)}. */
    public double[] actContinuous(double[] observation) {
        if (spec.discrete()) {
            throw new IllegalArgumentException("actContinuous needs a continuous head; this policy is discrete");
        }
        double[] out = forwardInternal(observation);
        double[] f = spec.actionFactor();
        double[] lo = spec.actionLow();
        double[] hi = spec.actionHigh();
        double[] act = new double[spec.actionSize()];
        for (int j = 0; j < act.length; j++) {
            act[j] = Math.min(hi[j], Math.max(lo[j], Math.tanh(out[j]) * f[j]));
        }
        return act;
    }

    /**
     * Plays one episode on a single environment.
     *
     * @param maxSteps stop after this many steps even if the environment has not ended the episode
     */
    public Episode play(Environment env, long seed, int maxSteps) {
        double[] obs = env.reset(seed);
        double ret = 0;
        int t = 0;
        boolean terminated = false;
        while (t < maxSteps) {
            StepResult r = spec.discrete() ? env.step(act(obs)) : env.step(actContinuous(obs));
            ret += r.reward();
            t++;
            obs = r.observation();
            if (r.done()) {
                terminated = r.terminated();
                break;
            }
        }
        return new Episode(ret, t, terminated);
    }

    /**
     * One played episode.
     *
     * @param totalReturn sum of rewards
     * @param length      number of steps
     * @param terminated  the environment reached a terminal state
     */
    public record Episode(double totalReturn, int length, boolean terminated) {
    }
}
