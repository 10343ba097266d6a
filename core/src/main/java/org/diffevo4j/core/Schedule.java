package org.diffevo4j.core;

import java.util.Map;

/**
 * A noise schedule of Diffusion Evolution: for a run of {@code T} steps it gives
 * {@code alpha[0..T-1]}, with {@code alpha[0]} close to 1 (clean) and {@code alpha[T-1]} close to 0
 * (pure noise). A run walks {@code t = T-1 .. 1} and uses the pair {@code (alpha[t], alpha[t-1])}
 * at each denoising update (docs/algorithm.md section 1).
 *
 * <p>Values are computed in double precision; the paper's implementation computes them in float32,
 * so the two agree to about 1e-7.
 *
 * <p>Every schedule has a textual {@link #spec()} that {@link #parse(String)} reads back, so a
 * configuration can be stored in a checkpoint or a config file:
 * {@code cosine}, {@code linear-power(power=1.0,eps=1.0E-4)}, {@code ddpm-approximation(eps=1.0E-4)}.
 */
public sealed interface Schedule
        permits Schedule.Cosine, Schedule.LinearPower, Schedule.DdpmApproximation {

    /** Name of the schedule family: {@code cosine}, {@code linear-power} or {@code ddpm-approximation}. */
    String name();

    /**
     * The schedule for a run of {@code steps} steps.
     *
     * @param steps T, at least 2
     * @return a fresh array {@code alpha[0..T-1]}
     * @throws IllegalArgumentException if {@code steps < 2}
     */
    double[] alphas(int steps);

    /** A textual form that {@link #parse(String)} turns back into an equal schedule. */
    String spec();

    /** The cosine schedule, the paper's default. */
    static Schedule cosine() {
        return new Cosine();
    }

    /** {@code alpha[0..T-1]} of the cosine schedule; shorthand for {@code cosine().alphas(steps)}. */
    static double[] cosine(int steps) {
        return cosine().alphas(steps);
    }

    /** The linear-power schedule with power 1 and eps 1e-4: {@code linspace(0.9999, 1e-8, T)}. */
    static Schedule linearPower() {
        return new LinearPower(1.0, 1e-4);
    }

    /** The linear-power schedule with the given power and eps. */
    static Schedule linearPower(double power, double eps) {
        return new LinearPower(power, eps);
    }

    /** The DDPM approximation with eps 1e-4. */
    static Schedule ddpmApproximation() {
        return new DdpmApproximation(1e-4);
    }

    /** The DDPM approximation with the given eps. */
    static Schedule ddpmApproximation(double eps) {
        return new DdpmApproximation(eps);
    }

    /**
     * Reads a schedule from its {@link #spec()} form. Parameters may be omitted (defaults: power 1,
     * eps 1e-4), e.g. {@code linear-power}, {@code linear-power(power=2)}.
     *
     * @throws IllegalArgumentException for an unknown name, parameter or malformed number
     */
    static Schedule parse(String spec) {
        Specs.Parsed p = Specs.parse(spec, "schedule");
        Map<String, Double> a = p.params();
        switch (p.name()) {
            case "cosine" -> {
                Specs.allowOnly(p, "schedule");
                return cosine();
            }
            case "linear-power" -> {
                Specs.allowOnly(p, "schedule", "power", "eps");
                return linearPower(a.getOrDefault("power", 1.0), a.getOrDefault("eps", 1e-4));
            }
            case "ddpm-approximation", "ddpm" -> {
                Specs.allowOnly(p, "schedule", "eps");
                return ddpmApproximation(a.getOrDefault("eps", 1e-4));
            }
            default -> throw new IllegalArgumentException("unknown schedule '" + p.name()
                    + "' in '" + spec + "'; known: cosine, linear-power, ddpm-approximation");
        }
    }

    private static void checkSteps(int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("a schedule needs at least 2 steps, got " + steps);
        }
    }

    /** {@code linspace(start, stop, n)} with exact endpoints, like numpy's. */
    private static double[] linspace(double start, double stop, int n) {
        double[] out = new double[n];
        double step = (stop - start) / (n - 1);
        for (int i = 0; i < n; i++) {
            out[i] = start + i * step;
        }
        out[n - 1] = stop;
        return out;
    }

    /**
     * {@code c(s) = (cos(pi s / (T-1)) + 1) / 2}, {@code alpha(s) = (c(s) + 1e-3)(1 - 1e-3)/(1 + 1e-3)}:
     * the offset keeps alpha inside (0, 1) at both ends, so {@code 1 - a} and {@code a} never vanish.
     */
    record Cosine() implements Schedule {
        @Override
        public String name() {
            return "cosine";
        }

        @Override
        public double[] alphas(int steps) {
            checkSteps(steps);
            double[] a = new double[steps];
            for (int s = 0; s < steps; s++) {
                double c = (Math.cos(Math.PI * s / (steps - 1)) + 1) / 2;
                a[s] = (c + 1e-3) * (1 - 1e-3) / (1 + 1e-3);
            }
            return a;
        }

        @Override
        public String spec() {
            return "cosine";
        }
    }

    /**
     * {@code alpha = linspace(1 - eps, (eps^2)^(1/p), T)^p}, elementwise.
     *
     * @param power p &gt; 0
     * @param eps   in (0, 1)
     */
    record LinearPower(double power, double eps) implements Schedule {
        /** Validates the power and eps. */
        public LinearPower {
            if (!(power > 0) || Double.isInfinite(power)) {
                throw new IllegalArgumentException("linear-power schedule: power must be positive and finite, got " + power);
            }
            if (!(eps > 0 && eps < 1)) {
                throw new IllegalArgumentException("linear-power schedule: eps must be in (0, 1), got " + eps);
            }
        }

        @Override
        public String name() {
            return "linear-power";
        }

        @Override
        public double[] alphas(int steps) {
            checkSteps(steps);
            double[] a = linspace(1 - eps, Math.pow(eps * eps, 1 / power), steps);
            for (int i = 0; i < steps; i++) {
                a[i] = Math.pow(a[i], power);
            }
            return a;
        }

        @Override
        public String spec() {
            return "linear-power(power=" + power + ",eps=" + eps + ")";
        }
    }

    /**
     * {@code alpha(t) = exp(-beta t - gamma t^2)} over {@code t = linspace(1/T, 1, T)}, with beta and
     * gamma solving {@code alpha(1/T) = 1 - eps} and {@code alpha(1) = eps}. With
     * {@code L1 = ln(1 - eps)}, {@code L2 = ln(eps)}: {@code beta + gamma = -L2} and
     * {@code beta + gamma/T = -T L1}, so {@code gamma = (T L1 - L2) / (1 - 1/T)}, {@code beta = -L2 - gamma}.
     *
     * @param eps in (0, 1/2), so that the schedule decreases
     */
    record DdpmApproximation(double eps) implements Schedule {
        /** Validates eps. */
        public DdpmApproximation {
            if (!(eps > 0 && eps < 0.5)) {
                throw new IllegalArgumentException("ddpm-approximation schedule: eps must be in (0, 0.5), got " + eps);
            }
        }

        @Override
        public String name() {
            return "ddpm-approximation";
        }

        @Override
        public double[] alphas(int steps) {
            checkSteps(steps);
            double l1 = Math.log(1 - eps);
            double l2 = Math.log(eps);
            double gamma = (steps * l1 - l2) / (1 - 1.0 / steps);
            double beta = -l2 - gamma;
            double[] t = linspace(1.0 / steps, 1.0, steps);
            double[] a = new double[steps];
            for (int i = 0; i < steps; i++) {
                a[i] = Math.exp(-beta * t[i] - gamma * t[i] * t[i]);
            }
            return a;
        }

        @Override
        public String spec() {
            return "ddpm-approximation(eps=" + eps + ")";
        }
    }
}
