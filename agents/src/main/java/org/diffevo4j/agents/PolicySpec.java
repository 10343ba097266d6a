package org.diffevo4j.agents;

import java.util.Arrays;
import java.util.Objects;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;

/**
 * The shape of an MLP policy: observation size, hidden layer sizes, hidden activation, biases on or
 * off, optional observation normalisation, and the action head.
 *
 * <p>Heads:
 * <ul>
 *   <li>discrete: the action is {@code actionStart + argmax(outputs)}; on ties the lowest index wins
 *       (NumPy's/PyTorch's {@code argmax} rule);</li>
 *   <li>continuous: {@code action_j = clip(tanh(output_j) * factor_j, low_j, high_j)}.</li>
 * </ul>
 * The output layer has no activation other than the head's. Immutable; the {@code with...} methods
 * return modified copies. Parameters are laid out as described by {@link ParameterLayout}.
 */
public final class PolicySpec {

    private final int observationSize;
    private final int[] hiddenSizes;
    private final Activation activation;
    private final boolean bias;
    private final boolean discrete;
    private final int actionSize;
    private final int actionStart;
    private final double[] actionFactor;
    private final double[] actionLow;
    private final double[] actionHigh;
    private final ObservationNormalizer normalizer;

    private PolicySpec(int observationSize, int[] hiddenSizes, Activation activation, boolean bias,
                       boolean discrete, int actionSize, int actionStart, double[] actionFactor,
                       double[] actionLow, double[] actionHigh, ObservationNormalizer normalizer) {
        if (observationSize < 1) {
            throw new IllegalArgumentException("observation size must be >= 1, got " + observationSize);
        }
        Objects.requireNonNull(hiddenSizes, "hiddenSizes");
        for (int i = 0; i < hiddenSizes.length; i++) {
            if (hiddenSizes[i] < 1) {
                throw new IllegalArgumentException("hidden layer " + i + " size must be >= 1, got " + hiddenSizes[i]);
            }
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation is null; expected RELU or TANH");
        }
        if (actionSize < 1) {
            throw new IllegalArgumentException("action size must be >= 1, got " + actionSize);
        }
        if (!discrete) {
            if (actionFactor.length != actionSize || actionLow.length != actionSize || actionHigh.length != actionSize) {
                throw new IllegalArgumentException("continuous head: factor/low/high must have length " + actionSize);
            }
            for (int j = 0; j < actionSize; j++) {
                if (!(actionLow[j] <= actionHigh[j])) {
                    throw new IllegalArgumentException("continuous head: action low " + actionLow[j]
                            + " > high " + actionHigh[j] + " at component " + j);
                }
                if (!Double.isFinite(actionFactor[j])) {
                    throw new IllegalArgumentException("continuous head: factor " + j + " is not finite: " + actionFactor[j]);
                }
            }
        }
        if (normalizer != null && normalizer.size() != observationSize) {
            throw new IllegalArgumentException("normaliser has " + normalizer.size()
                    + " components but the observation size is " + observationSize);
        }
        this.observationSize = observationSize;
        this.hiddenSizes = hiddenSizes.clone();
        this.activation = activation;
        this.bias = bias;
        this.discrete = discrete;
        this.actionSize = actionSize;
        this.actionStart = actionStart;
        this.actionFactor = discrete ? new double[0] : actionFactor.clone();
        this.actionLow = discrete ? new double[0] : actionLow.clone();
        this.actionHigh = discrete ? new double[0] : actionHigh.clone();
        this.normalizer = normalizer;
    }

    /** A discrete-head policy without normalisation: actions {@code 0..nActions-1}. */
    public static PolicySpec discrete(int observationSize, int nActions, Activation activation, boolean bias,
                                      int... hidden) {
        return new PolicySpec(observationSize, hidden, activation, bias, true, nActions, 0,
                new double[0], new double[0], new double[0], null);
    }

    /**
     * A continuous-head policy without normalisation: {@code clip(tanh(out) * factor, low, high)}.
     */
    public static PolicySpec continuous(int observationSize, double[] factor, double[] low, double[] high,
                                        Activation activation, boolean bias, int... hidden) {
        Objects.requireNonNull(factor, "factor");
        return new PolicySpec(observationSize, hidden, activation, bias, false, factor.length, 0,
                factor, Objects.requireNonNull(low, "low"), Objects.requireNonNull(high, "high"), null);
    }

    /**
     * The default policy for an environment: the given hidden sizes, ReLU, biases, observation
     * normalisation on (needs a Box observation space), and the head from the action space:
     * discrete for {@link Discrete}; for {@link Box}, tanh times {@code max(|low|, |high|)} per
     * component (1 where that is not finite or above 1e3), clipped to the box.
     */
    public static PolicySpec forEnv(EnvSpec env, int... hidden) {
        Objects.requireNonNull(env, "env");
        ObservationNormalizer norm = ObservationNormalizer.forSpace(env.observationSpace());
        int obs = env.observationSize();
        if (env.actionSpace() instanceof Discrete d) {
            return new PolicySpec(obs, hidden == null ? new int[0] : hidden, Activation.RELU, true, true, d.n(),
                    d.start(), new double[0], new double[0], new double[0], norm);
        }
        Box box = (Box) env.actionSpace();
        int a = box.flatSize();
        double[] factor = new double[a];
        for (int j = 0; j < a; j++) {
            double m = Math.max(Math.abs(box.low(j)), Math.abs(box.high(j)));
            factor[j] = Double.isFinite(m) && m <= ObservationNormalizer.UNBOUNDED ? m : 1.0;
        }
        return new PolicySpec(obs, hidden == null ? new int[0] : hidden, Activation.RELU, true, false, a, 0,
                factor, box.low(), box.high(), norm);
    }

    /** Copy with another hidden activation. */
    public PolicySpec withActivation(Activation a) {
        return new PolicySpec(observationSize, hiddenSizes, a, bias, discrete, actionSize, actionStart,
                actionFactor, actionLow, actionHigh, normalizer);
    }

    /** Copy with biases on or off. */
    public PolicySpec withBias(boolean b) {
        return new PolicySpec(observationSize, hiddenSizes, activation, b, discrete, actionSize, actionStart,
                actionFactor, actionLow, actionHigh, normalizer);
    }

    /** Copy with other hidden sizes. */
    public PolicySpec withHidden(int... hidden) {
        return new PolicySpec(observationSize, hidden == null ? new int[0] : hidden, activation, bias, discrete,
                actionSize, actionStart, actionFactor, actionLow, actionHigh, normalizer);
    }

    /** Copy with another normaliser, or none ({@code null}). */
    public PolicySpec withNormalizer(ObservationNormalizer n) {
        return new PolicySpec(observationSize, hiddenSizes, activation, bias, discrete, actionSize, actionStart,
                actionFactor, actionLow, actionHigh, n);
    }

    public int observationSize() {
        return observationSize;
    }

    public int[] hiddenSizes() {
        return hiddenSizes.clone();
    }

    public Activation activation() {
        return activation;
    }

    public boolean bias() {
        return bias;
    }

    /** True for an argmax head. */
    public boolean discrete() {
        return discrete;
    }

    /** Number of discrete actions, or the continuous action length (the output layer width). */
    public int actionSize() {
        return actionSize;
    }

    /** Value of the first discrete action (Gymnasium's {@code Discrete.start}). */
    public int actionStart() {
        return actionStart;
    }

    public double[] actionFactor() {
        return actionFactor.clone();
    }

    public double[] actionLow() {
        return actionLow.clone();
    }

    public double[] actionHigh() {
        return actionHigh.clone();
    }

    /** The observation normaliser, or {@code null} when observations are fed raw. */
    public ObservationNormalizer normalizer() {
        return normalizer;
    }

    /** The flat parameter layout of this policy. */
    public ParameterLayout layout() {
        return new ParameterLayout(this);
    }

    /** Number of parameters (the genome dimension). */
    public int parameterCount() {
        return layout().parameterCount();
    }

    /** Layer widths from input to output: {@code [obs, hidden..., actionSize]}. */
    public int[] layerSizes() {
        int[] s = new int[hiddenSizes.length + 2];
        s[0] = observationSize;
        System.arraycopy(hiddenSizes, 0, s, 1, hiddenSizes.length);
        s[s.length - 1] = actionSize;
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicySpec p && observationSize == p.observationSize
                && Arrays.equals(hiddenSizes, p.hiddenSizes) && activation == p.activation && bias == p.bias
                && discrete == p.discrete && actionSize == p.actionSize && actionStart == p.actionStart
                && Arrays.equals(actionFactor, p.actionFactor) && Arrays.equals(actionLow, p.actionLow)
                && Arrays.equals(actionHigh, p.actionHigh) && Objects.equals(normalizer, p.normalizer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observationSize, Arrays.hashCode(hiddenSizes), activation, bias, discrete, actionSize,
                actionStart, Arrays.hashCode(actionFactor), normalizer);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MLP ");
        for (int s : layerSizes()) {
            sb.append(s).append('-');
        }
        sb.setLength(sb.length() - 1);
        sb.append(' ').append(activation.name().toLowerCase(java.util.Locale.ROOT));
        sb.append(bias ? " bias" : " no-bias");
        sb.append(discrete ? " argmax" : " tanh*" + Arrays.toString(actionFactor));
        sb.append(normalizer == null ? " raw-obs" : " normalised-obs");
        return sb.toString();
    }
}
