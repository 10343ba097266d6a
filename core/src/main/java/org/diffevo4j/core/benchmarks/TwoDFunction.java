package org.diffevo4j.core.benchmarks;

import java.util.List;

/**
 * The five 2-D test functions of the Diffusion Evolution paper (Zhang et al., ICLR 2025, arXiv
 * 2410.02543; docs/algorithm.md section 7), on the box [-4, 4]^2, with the paper's map from objective to
 * a fitness g in [0, 1].
 *
 * <p>Rosenbrock, Beale and Himmelblau are minimised (objective o = f); Ackley and Rastrigin are
 * maximised (o = -f), their maxima inside the box lying near its four corners. A point with any
 * |x_k| > 4 gets o = {@link #limit()}. Fitness: p = exp(-|o - tau| / (T s)),
 * p_min = exp(-m / (T s)), g = (p - p_min) / (1 - p_min) with the table's tau, s and m, clamped
 * below at 0 (a few points of the box, e.g. Rosenbrock at (-4, -4), lie slightly farther than m
 * from tau and would otherwise get a tiny negative g, which fitness mappings reject).
 */
public enum TwoDFunction {

    /** (1 - x)^2 + 100 (y - x^2)^2, minimum 0 at (1, 1). */
    ROSENBROCK("Rosenbrock", true, 100, 0, 287.51, 40009, List.of(new double[] {1, 1})) {
        @Override
        public double raw(double x, double y) {
            return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }
    },
    /** (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2, minimum 0 at (3, 0.5). */
    BEALE("Beale", true, 100, 0, 20, 72769.2, List.of(new double[] {3, 0.5})) {
        @Override
        public double raw(double x, double y) {
            double a = 1.5 - x + x * y;
            double b = 2.25 - x + x * y * y;
            double c = 2.625 - x + x * y * y * y;
            return a * a + b * b + c * c;
        }
    },
    /** (x^2 + y - 11)^2 + (x + y^2 - 7)^2, four minima of value 0. */
    HIMMELBLAU("Himmelblau", true, 100, 0, 17.01, 308.803, List.of(new double[] {3, 2},
            new double[] {-2.805118, 3.131312}, new double[] {-3.779310, -3.283186},
            new double[] {3.584428, -1.848126})) {
        @Override
        public double raw(double x, double y) {
            double a = x * x + y - 11;
            double b = x + y * y - 7;
            return a * a + b * b;
        }
    },
    /** The standard 2-D Ackley function, maximised: 12.5401 near (+-3.61405, +-3.61405). */
    ACKLEY("Ackley", false, 1e-9, -12.5401, 2, 12.5401, corners(3.61405)) {
        @Override
        public double raw(double x, double y) {
            return -20 * Math.exp(-0.2 * Math.sqrt(0.5 * (x * x + y * y)))
                    - Math.exp(0.5 * (Math.cos(2 * Math.PI * x) + Math.cos(2 * Math.PI * y))) + Math.E + 20;
        }
    },
    /** 20 + sum (x_i^2 - 10 cos 2 pi x_i), maximised: 64.6249 at (+-3.51786, +-3.51786). */
    RASTRIGIN("Rastrigin", false, 1e-9, -64.6249, 30, 64.6249, corners(3.51786)) {
        @Override
        public double raw(double x, double y) {
            return 20 + x * x - 10 * Math.cos(2 * Math.PI * x) + y * y - 10 * Math.cos(2 * Math.PI * y);
        }
    };

    /** Half-width of the box. */
    public static final double BOX = 4.0;

    private final String label;
    private final boolean minimised;
    private final double limit;
    private final double tau;
    private final double scale;
    private final double maxDistance;
    private final List<double[]> optima;

    TwoDFunction(String label, boolean minimised, double limit, double tau, double scale, double maxDistance,
                 List<double[]> optima) {
        this.label = label;
        this.minimised = minimised;
        this.limit = limit;
        this.tau = tau;
        this.scale = scale;
        this.maxDistance = maxDistance;
        this.optima = optima;
    }

    private static List<double[]> corners(double c) {
        return List.of(new double[] {c, c}, new double[] {-c, c}, new double[] {-c, -c}, new double[] {c, -c});
    }

    /** The function itself, without the box rule or the sign. */
    public abstract double raw(double x, double y);

    /** Display name (e.g. {@code Himmelblau}). */
    public String label() {
        return label;
    }

    /** True for Rosenbrock, Beale, Himmelblau (o = f); false for Ackley, Rastrigin (o = -f). */
    public boolean minimised() {
        return minimised;
    }

    /** Objective value given to points outside the box. */
    public double limit() {
        return limit;
    }

    /** Target objective tau. */
    public double tau() {
        return tau;
    }

    /** Scale s. */
    public double scale() {
        return scale;
    }

    /** Maximum distance m of an objective from tau. */
    public double maxDistance() {
        return maxDistance;
    }

    /** The global optima used by the optima-covered metric (copies). */
    public List<double[]> optima() {
        return optima.stream().map(double[]::clone).toList();
    }

    /** Objective o at a point: {@link #limit()} outside the box, else f (minimised) or -f. */
    public double objective(double[] p) {
        if (p == null || p.length != 2) {
            throw new IllegalArgumentException(label + " takes 2-D points, got "
                    + (p == null ? "null" : p.length + " coordinates"));
        }
        if (Math.abs(p[0]) > BOX || Math.abs(p[1]) > BOX) {
            return limit;
        }
        double f = raw(p[0], p[1]);
        return minimised ? f : -f;
    }

    /** Fitness g in [0, 1] at temperature 1. */
    public double fitness(double[] p) {
        return fitness(p, 1.0);
    }

    /** Fitness g in [0, 1]; 1 exactly where the objective equals tau. */
    public double fitness(double[] p, double temperature) {
        return fitnessOfObjective(objective(p), tau, scale, maxDistance, temperature);
    }

    /** g = (p - p_min) / (1 - p_min), p = exp(-|o - tau| / (T s)), p_min = exp(-m / (T s)), clamped to >= 0. */
    public static double fitnessOfObjective(double o, double tau, double s, double m, double temperature) {
        if (!(temperature > 0) || !(s > 0) || !(m > 0)) {
            throw new IllegalArgumentException("temperature, s and m must be positive, got " + temperature + ", " + s
                    + ", " + m);
        }
        double p = Math.exp(-Math.abs(o - tau) / (temperature * s));
        double pMin = Math.exp(-m / (temperature * s));
        return Math.max(0.0, (p - pMin) / (1 - pMin));
    }

    /** Looks a function up by name, case-insensitively ({@code himmelblau}, {@code RASTRIGIN}, ...). */
    public static TwoDFunction of(String name) {
        for (TwoDFunction f : values()) {
            if (f.name().equalsIgnoreCase(name) || f.label.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown 2-D function '" + name + "'; known: "
                + java.util.Arrays.stream(values()).map(TwoDFunction::label).toList());
    }
}
