package org.diffevo4j.core.benchmarks;

import java.util.List;

/**
 * The five 2-D test functions of the Diffusion Evolution paper (Zhang et al., ICLR 2025, arXiv
 * 2410.02543; docs/algorithm.md section 7), on the box [-4, 4]^2, with the paper's map from objective to
 * a fitness g in [0, 1]; and the paper's three high-dimensional Rastrigin rows (4, 32 and 256
 * dimensions, box [-4, 4]^d), its test of Latent Space Diffusion Evolution.
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
    },
    /** Rastrigin in 4 dimensions, maximised: 129.2498 at the 16 corners (+-3.51786, ...). */
    RASTRIGIN_4D("Rastrigin-4d", 4, -129.2498, 60, 129.2498),
    /** Rastrigin in 32 dimensions, maximised: 1033.998 at the 2^32 corners. */
    RASTRIGIN_32D("Rastrigin-32d", 32, -1033.998, 500, 1033.998),
    /** Rastrigin in 256 dimensions, maximised: 8271.9844 at the 2^256 corners. */
    RASTRIGIN_256D("Rastrigin-256d", 256, -8271.9844, 4000, 8271.9844);

    /** Coordinate of the corner maxima of Rastrigin inside the box. */
    public static final double RASTRIGIN_CORNER = 3.51786;

    /** Half-width of the box. */
    public static final double BOX = 4.0;

    private final String label;
    private final boolean minimised;
    private final double limit;
    private final double tau;
    private final double scale;
    private final double maxDistance;
    private final List<double[]> optima;
    private final int dimension;
    /** Corner optima +-c in every coordinate (Ackley, Rastrigin): c, else 0. */
    private final double corner;

    TwoDFunction(String label, boolean minimised, double limit, double tau, double scale, double maxDistance,
                 List<double[]> optima) {
        this.dimension = 2;
        this.corner = minimised ? 0 : optima.get(0)[0];
        this.label = label;
        this.minimised = minimised;
        this.limit = limit;
        this.tau = tau;
        this.scale = scale;
        this.maxDistance = maxDistance;
        this.optima = optima;
    }

    /** A Rastrigin row in {@code d} dimensions. */
    TwoDFunction(String label, int d, double tau, double scale, double maxDistance) {
        this.dimension = d;
        this.corner = RASTRIGIN_CORNER;
        this.label = label;
        this.minimised = false;
        this.limit = 1e-9;
        this.tau = tau;
        this.scale = scale;
        this.maxDistance = maxDistance;
        this.optima = null;
    }

    private static List<double[]> corners(double c) {
        return List.of(new double[] {c, c}, new double[] {-c, c}, new double[] {-c, -c}, new double[] {c, -c});
    }

    /**
     * The function itself at a 2-D point, without the box rule or the sign (for the Rastrigin rows,
     * the 2-D Rastrigin form).
     */
    public double raw(double x, double y) {
        return 20 + x * x - 10 * Math.cos(2 * Math.PI * x) + y * y - 10 * Math.cos(2 * Math.PI * y);
    }

    /** The function at a point of its dimension, without the box rule or the sign. */
    public double raw(double[] p) {
        if (dimension == 2) {
            return raw(p[0], p[1]);
        }
        double f = 10.0 * p.length;
        for (double v : p) {
            f += v * v - 10 * Math.cos(2 * Math.PI * v);
        }
        return f;
    }

    /** The dimension d of the points the function takes (2, or 4, 32, 256 for the Rastrigin rows). */
    public int dimension() {
        return dimension;
    }

    /** The lower-case, hyphenated name used by the command line and result files ({@code rastrigin-32d}). */
    public String key() {
        return label.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * For Ackley and the Rastrigin rows, whose global optima are the 2^d corners (+-c, ..., +-c):
     * c; 0 for the functions with a listed set of optima.
     */
    public double cornerOptimum() {
        return corner;
    }

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

    /**
     * The global optima used by the optima-covered metric (copies): the listed ones, or all 2^d
     * corners for the corner functions up to d = 16.
     *
     * @throws IllegalStateException for the 32- and 256-dimensional rows (2^d corners; use
     *                               {@link TwoDMetrics#optimaCovered(double[][], TwoDFunction)})
     */
    public List<double[]> optima() {
        if (optima != null) {
            return optima.stream().map(double[]::clone).toList();
        }
        if (dimension > 16) {
            throw new IllegalStateException(label + " has 2^" + dimension + " corner optima; use "
                    + "TwoDMetrics.optimaCovered(points, function)");
        }
        List<double[]> out = new java.util.ArrayList<>();
        for (int mask = 0; mask < (1 << dimension); mask++) {
            double[] o = new double[dimension];
            for (int j = 0; j < dimension; j++) {
                o[j] = ((mask >> j) & 1) == 0 ? corner : -corner;
            }
            out.add(o);
        }
        return out;
    }

    /** Objective o at a point: {@link #limit()} outside the box, else f (minimised) or -f. */
    public double objective(double[] p) {
        if (p == null || p.length != dimension) {
            throw new IllegalArgumentException(label + " takes " + dimension + "-D points, got "
                    + (p == null ? "null" : p.length + " coordinates"));
        }
        for (double v : p) {
            if (Math.abs(v) > BOX) {
                return limit;
            }
        }
        double f = raw(p);
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

    /**
     * Looks a function up by name, case-insensitively ({@code himmelblau}, {@code RASTRIGIN},
     * {@code rastrigin-32d}, {@code RASTRIGIN_32D}, ...).
     */
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
