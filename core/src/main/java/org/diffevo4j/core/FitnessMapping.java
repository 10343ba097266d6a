package org.diffevo4j.core;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns the raw scores a {@link Strategy} is told (one per individual, larger is better: an
 * objective to maximise, a return) into the non-negative <em>fitness</em> Diffusion Evolution
 * weights individuals by (docs/algorithm.md section 3).
 *
 * <p>Mappings that penalise the genome norm are given Diffusion Evolution's internal population
 * {@code x} and the evaluation scaling: the scores were measured at {@code scaling * x}. As the
 * specification has it, {@code identity(lambda)} penalises {@code ||x||^2} and the RL mapping
 * {@code ||scaling * x||^2}.
 *
 * <p>Every mapping has a textual {@link #spec()} that {@link #parse(String)} reads back:
 * {@code identity}, {@code identity(lambda=0.1)}, {@code energy(temperature=1.0)},
 * {@code power(power=2.0,temperature=1.0)}, {@code rl(temperature=1.0,weight-decay=0.0)}.
 */
public sealed interface FitnessMapping
        permits FitnessMapping.Identity, FitnessMapping.Energy, FitnessMapping.Power, FitnessMapping.Rl {

    /** Name of the mapping family: {@code identity}, {@code energy}, {@code power} or {@code rl}. */
    String name();

    /** A textual form that {@link #parse(String)} turns back into an equal mapping. */
    String spec();

    /** Whether {@link #apply(double[], INDArray, double)} reads the population (else it may be null). */
    boolean needsGenomes();

    /**
     * Maps raw scores to fitness.
     *
     * @param scores     one raw score per individual, larger is better (not modified)
     * @param population the internal population x whose genomes {@code scaling * x} were scored, N x D;
     *                   may be null when {@link #needsGenomes()} is false
     * @param scaling    the evaluation scaling (1 when the genomes are the population itself)
     * @return a fresh array of non-negative, finite fitness values
     * @throws IllegalArgumentException if a score is NaN (or, for {@code power}, negative), the
     *                                  population is missing or of the wrong shape, or a mapped value
     *                                  is negative, NaN or infinite (the message names the first such
     *                                  individual)
     */
    double[] apply(double[] scores, INDArray population, double scaling);

    /** {@link #apply(double[], INDArray, double)} for a mapping that does not read the population. */
    default double[] apply(double[] scores) {
        return apply(scores, null, 1.0);
    }

    /** {@code f = g}: the scores must already be non-negative. */
    static FitnessMapping identity() {
        return new Identity(0.0);
    }

    /** {@code f = g * exp(-lambda * ||x||^2)}. */
    static FitnessMapping identity(double lambda) {
        return new Identity(lambda);
    }

    /** The energy mapping for a score {@code s = -g}, where {@code g} is an energy to minimise. */
    static FitnessMapping energy(double temperature) {
        return new Energy(temperature);
    }

    /** {@code f = (g / temperature)^power}. */
    static FitnessMapping power(double power, double temperature) {
        return new Power(power, temperature);
    }

    /** The RL mapping with temperature 1 and no weight decay, as in the paper. */
    static FitnessMapping rl() {
        return new Rl(1.0, 0.0);
    }

    /** {@code f = exp((R - max R) / temperature - weightDecay * ||scaling * x||^2)}. */
    static FitnessMapping rl(double temperature, double weightDecay) {
        return new Rl(temperature, weightDecay);
    }

    /**
     * Reads a mapping from its {@link #spec()} form; omitted parameters take their defaults
     * (lambda 0, temperature 1, power 1, weight-decay 0).
     *
     * @throws IllegalArgumentException for an unknown name, parameter or malformed number
     */
    static FitnessMapping parse(String spec) {
        Specs.Parsed p = Specs.parse(spec, "fitness mapping");
        Map<String, Double> a = p.params();
        return switch (p.name()) {
            case "identity" -> {
                Specs.allowOnly(p, "fitness mapping", "lambda");
                yield identity(a.getOrDefault("lambda", 0.0));
            }
            case "energy" -> {
                Specs.allowOnly(p, "fitness mapping", "temperature");
                yield energy(a.getOrDefault("temperature", 1.0));
            }
            case "power" -> {
                Specs.allowOnly(p, "fitness mapping", "power", "temperature");
                yield power(a.getOrDefault("power", 1.0), a.getOrDefault("temperature", 1.0));
            }
            case "rl" -> {
                Specs.allowOnly(p, "fitness mapping", "temperature", "weight-decay");
                yield rl(a.getOrDefault("temperature", 1.0), a.getOrDefault("weight-decay", 0.0));
            }
            default -> throw new IllegalArgumentException("unknown fitness mapping '" + p.name()
                    + "' in '" + spec + "'; known: identity, energy, power, rl");
        };
    }

    /**
     * Checks that every fitness value is finite and non-negative.
     *
     * @return {@code fitness} itself
     * @throws IllegalArgumentException naming the first bad individual and its value
     */
    static double[] requireValid(double[] fitness) {
        if (fitness == null) {
            throw new IllegalArgumentException("fitness is null");
        }
        for (int i = 0; i < fitness.length; i++) {
            double f = fitness[i];
            if (Double.isNaN(f)) {
                throw new IllegalArgumentException("fitness of individual " + i + " is NaN");
            }
            if (f < 0) {
                throw new IllegalArgumentException("fitness of individual " + i + " is negative (" + f
                        + "); Diffusion Evolution needs fitness >= 0: choose a fitness mapping such as rl or energy");
            }
            if (Double.isInfinite(f)) {
                throw new IllegalArgumentException("fitness of individual " + i + " is infinite");
            }
        }
        return fitness;
    }

    private static void requireNoNaN(double[] scores) {
        if (scores == null) {
            throw new IllegalArgumentException("scores are null");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score of individual " + i + " is NaN");
            }
        }
    }

    private static void requirePositiveFinite(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
    }

    private static void requireNonNegativeFinite(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be non-negative and finite, got " + v);
        }
    }

    /**
     * Squared L2 norm of each row of {@code scaling * population}, checked against the number of
     * scores. The product is formed before squaring so that the result does not depend on whether a
     * caller scaled the rows itself.
     */
    private static double[] squaredNorms(String mapping, INDArray population, double scaling, int n) {
        if (population == null) {
            throw new IllegalArgumentException(mapping + " fitness mapping needs the genomes to penalise their norm");
        }
        if (population.rank() != 2 || population.rows() != n) {
            throw new IllegalArgumentException(mapping + " fitness mapping: genomes have shape "
                    + java.util.Arrays.toString(population.shape()) + " but there are " + n + " scores");
        }
        INDArray g = population.castTo(DataType.DOUBLE);
        if (scaling != 1.0) {
            g = g.mul(scaling);
        }
        return g.mul(g).sum(1).toDoubleVector();
    }

    /**
     * {@code f = g * exp(-lambda * ||x||^2)} on the internal population x (the evaluation scaling
     * plays no part); with {@code lambda = 0} plain identity.
     *
     * @param lambda non-negative penalty on the squared genome norm
     */
    record Identity(double lambda) implements FitnessMapping {
        /** Validates lambda. */
        public Identity {
            requireNonNegativeFinite("identity fitness mapping: lambda", lambda);
        }

        @Override
        public String name() {
            return "identity";
        }

        @Override
        public String spec() {
            return lambda == 0 ? "identity" : "identity(lambda=" + lambda + ")";
        }

        @Override
        public boolean needsGenomes() {
            return lambda != 0;
        }

        @Override
        public double[] apply(double[] scores, INDArray population, double scaling) {
            requireNoNaN(scores);
            double[] f = scores.clone();
            if (lambda != 0) {
                double[] sq = squaredNorms("identity", population, 1.0, f.length);
                for (int i = 0; i < f.length; i++) {
                    f[i] *= Math.exp(-lambda * sq[i]);
                }
            }
            return requireValid(f);
        }
    }

    /**
     * The energy mapping {@code f = exp(-g/T - max(-g/T) + 5)} of docs/algorithm.md, for objectives to
     * minimise. A strategy is told scores to <em>maximise</em>, so {@link #apply(double[], INDArray, double)}
     * reads each score {@code s} as the energy {@code g = -s}; {@link #fromEnergies(double[])} takes
     * energies directly. Subtracting the maximum keeps the best individual at {@code e^5} whatever
     * the scale of the scores, so {@code exp} neither overflows nor underflows for the best ones.
     *
     * @param temperature T &gt; 0
     */
    record Energy(double temperature) implements FitnessMapping {
        /** Validates the temperature. */
        public Energy {
            requirePositiveFinite("energy fitness mapping: temperature", temperature);
        }

        @Override
        public String name() {
            return "energy";
        }

        @Override
        public String spec() {
            return "energy(temperature=" + temperature + ")";
        }

        @Override
        public boolean needsGenomes() {
            return false;
        }

        @Override
        public double[] apply(double[] scores, INDArray population, double scaling) {
            requireNoNaN(scores);
            double[] g = new double[scores.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = -scores[i];
            }
            return fromEnergies(g);
        }

        /** The formula on energies {@code g} (smaller is better). */
        public double[] fromEnergies(double[] energies) {
            requireNoNaN(energies);
            double max = Double.NEGATIVE_INFINITY;
            for (double g : energies) {
                max = Math.max(max, -g / temperature);
            }
            double[] f = new double[energies.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = Math.exp(-energies[i] / temperature - max + 5);
            }
            return requireValid(f);
        }
    }

    /**
     * {@code f = (g / temperature)^power} for non-negative scores g. A negative score is rejected
     * whatever the power: an even power would otherwise turn the worst scores into the best fitness.
     */
    record Power(double power, double temperature) implements FitnessMapping {
        /** Validates the power and the temperature. */
        public Power {
            requirePositiveFinite("power fitness mapping: power", power);
            requirePositiveFinite("power fitness mapping: temperature", temperature);
        }

        @Override
        public String name() {
            return "power";
        }

        @Override
        public String spec() {
            return "power(power=" + power + ",temperature=" + temperature + ")";
        }

        @Override
        public boolean needsGenomes() {
            return false;
        }

        @Override
        public double[] apply(double[] scores, INDArray population, double scaling) {
            requireNoNaN(scores);
            double[] f = new double[scores.length];
            for (int i = 0; i < f.length; i++) {
                if (scores[i] < 0) {
                    throw new IllegalArgumentException("score of individual " + i + " is negative (" + scores[i]
                            + "); the power fitness mapping needs scores >= 0: choose a mapping such as rl or energy");
                }
                f[i] = Math.pow(scores[i] / temperature, power);
            }
            return requireValid(f);
        }
    }

    /**
     * The RL mapping {@code f = exp((R - max R) / temperature - weightDecay * ||scaling * x||^2)}, the
     * penalty on the evaluated genome. Returns may be negative; the individual with the best return
     * gets fitness {@code exp(-weightDecay ||scaling * x||^2)}.
     */
    record Rl(double temperature, double weightDecay) implements FitnessMapping {
        /** Validates the temperature and the weight decay. */
        public Rl {
            requirePositiveFinite("rl fitness mapping: temperature", temperature);
            requireNonNegativeFinite("rl fitness mapping: weight decay", weightDecay);
        }

        @Override
        public String name() {
            return "rl";
        }

        @Override
        public String spec() {
            return "rl(temperature=" + temperature + ",weight-decay=" + weightDecay + ")";
        }

        @Override
        public boolean needsGenomes() {
            return weightDecay != 0;
        }

        @Override
        public double[] apply(double[] scores, INDArray population, double scaling) {
            requireNoNaN(scores);
            double max = Double.NEGATIVE_INFINITY;
            for (double r : scores) {
                max = Math.max(max, r);
            }
            double[] sq = weightDecay != 0 ? squaredNorms("rl", population, scaling, scores.length) : null;
            double[] f = new double[scores.length];
            for (int i = 0; i < f.length; i++) {
                double e = (scores[i] - max) / temperature;
                if (sq != null) {
                    e -= weightDecay * sq[i];
                }
                f[i] = Math.exp(e);
            }
            return requireValid(f);
        }
    }
}
