package org.diffevo4j.core.benchmarks;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Diffusion Evolution paper's 2-D metrics (docs/algorithm.md section 7): mean fitness of the best
 * individuals, Shannon entropy of their positions on a grid, and the number of global optima a
 * population covers.
 */
public final class TwoDMetrics {

    /** Individuals the fitness and entropy metrics look at. */
    public static final int TOP = 64;
    /** Grid spacing of the entropy metric (cell = round(10 x)). */
    public static final double ENTROPY_BIN = 0.1;
    /** Distance within which an individual counts towards an optimum. */
    public static final double RADIUS = 0.5;
    /** Share of the population an optimum needs within {@link #RADIUS} to count as covered. */
    public static final double SHARE = 0.05;

    private TwoDMetrics() {
    }

    /** Indices of the {@code k} largest scores, best first (ties in index order). */
    public static int[] top(double[] scores, int k) {
        if (k < 1 || k > scores.length) {
            throw new IllegalArgumentException("k must be in [1, " + scores.length + "], got " + k);
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** Mean of the scores at {@code indices}. */
    public static double mean(double[] scores, int[] indices) {
        double s = 0;
        for (int i : indices) {
            s += scores[i];
        }
        return s / indices.length;
    }

    /**
     * Shannon entropy in bits of points binned on a grid of spacing {@code bin}: cell =
     * rint(x * (1 / bin)) per coordinate (round half to even, as NumPy's round; for the paper's 0.1
     * grid exactly round(10 x)). n points give at most log2(n) bits (6 for the paper's 64). Works in
     * any dimension (d-dimensional cells).
     */
    public static double entropyBits(double[][] points, double bin) {
        if (points.length == 0) {
            throw new IllegalArgumentException("entropy of an empty point set");
        }
        double inv = 1.0 / bin;
        Map<List<Long>, Integer> counts = new HashMap<>();
        for (double[] p : points) {
            Long[] cell = new Long[p.length];
            for (int j = 0; j < p.length; j++) {
                cell[j] = (long) Math.rint(p[j] * inv);
            }
            counts.merge(List.of(cell), 1, Integer::sum);
        }
        double h = 0;
        for (int c : counts.values()) {
            double q = (double) c / points.length;
            h -= q * Math.log(q) / Math.log(2);
        }
        return h;
    }

    /** Entropy of points on the paper's 0.1 grid. */
    public static double entropyBits(double[][] points) {
        return entropyBits(points, ENTROPY_BIN);
    }

    /**
     * Number of optima with at least {@code share} of the population within {@code radius}
     * (Euclidean) of them.
     */
    public static int optimaCovered(double[][] population, List<double[]> optima, double radius, double share) {
        int covered = 0;
        for (double[] o : optima) {
            int near = 0;
            for (double[] p : population) {
                double d2 = 0;
                for (int j = 0; j < o.length; j++) {
                    d2 += (p[j] - o[j]) * (p[j] - o[j]);
                }
                if (d2 <= radius * radius) {
                    near++;
                }
            }
            if (near >= share * population.length) {
                covered++;
            }
        }
        return covered;
    }

    /**
     * The paper's rule (5 % of the population within 0.5) for any of the suite's functions: the
     * listed optima, or for the corner functions (Ackley, the Rastrigin rows) every corner
     * (+-c, ..., +-c), counted without listing the 2^d corners: a point within 0.5 of a corner is
     * within 0.5 of the corner with its own signs, the only candidate.
     */
    public static int optimaCovered(double[][] population, TwoDFunction f) {
        double c = f.cornerOptimum();
        if (c == 0) {
            return optimaCovered(population, f.optima());
        }
        Map<String, Integer> near = new HashMap<>();
        for (double[] p : population) {
            double d2 = 0;
            StringBuilder key = new StringBuilder(p.length);
            for (double v : p) {
                double o = v >= 0 ? c : -c;
                d2 += (v - o) * (v - o);
                key.append(v >= 0 ? '+' : '-');
            }
            if (d2 <= RADIUS * RADIUS) {
                near.merge(key.toString(), 1, Integer::sum);
            }
        }
        int covered = 0;
        for (int k : near.values()) {
            if (k >= SHARE * population.length) {
                covered++;
            }
        }
        return covered;
    }

    /** The paper's rule: 5 % of the population within 0.5. */
    public static int optimaCovered(double[][] population, List<double[]> optima) {
        return optimaCovered(population, optima, RADIUS, SHARE);
    }
}
