package org.diffevo4j.core.benchmarks;

import org.diffevo4j.core.DiffusionConfig;
import org.diffevo4j.core.DiffusionEvolution;
import org.diffevo4j.core.Strategy;
import org.diffevo4j.core.baselines.Matrices;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The paper's two-peak density demo: the fitness is a density with two equal, well separated
 * Gaussian peaks, and Diffusion Evolution, read as a diffusion model sampling that density, ends with
 * its population split between both peaks instead of collapsing onto one (what a mean-based
 * strategy such as CMA-ES does).
 *
 * <p>Density: {@code f(x) = exp(-|x - a|^2 / (2 s^2)) + exp(-|x - b|^2 / (2 s^2))} with
 * a = (-2, -2), b = (2, 2), s = 0.5, so f is in (0, 1] and maximal on both peaks. Diffusion
 * Evolution runs with the 2-D protocol's settings (population 512, 25 cosine steps, eta 0.1,
 * scaling 4, identity mapping).
 */
public final class TwoPeakDemo {

    /** The two peaks. */
    public static final double[][] PEAKS = {{-2, -2}, {2, 2}};

    /** Peak width. */
    public static final double WIDTH = 0.5;

    /** Share of the final population within {@code radius} of each peak. */
    public record Result(double[] shareNearPeak, double radius, double meanFitness) {

        /** The smaller of the two shares: high when both peaks are kept. */
        public double balance() {
            return Math.min(shareNearPeak[0], shareNearPeak[1]);
        }
    }

    private TwoPeakDemo() {
    }

    /** The density at a point. */
    public static double density(double x, double y) {
        double s2 = 2 * WIDTH * WIDTH;
        double da = (x - PEAKS[0][0]) * (x - PEAKS[0][0]) + (y - PEAKS[0][1]) * (y - PEAKS[0][1]);
        double db = (x - PEAKS[1][0]) * (x - PEAKS[1][0]) + (y - PEAKS[1][1]) * (y - PEAKS[1][1]);
        return Math.exp(-da / s2) + Math.exp(-db / s2);
    }

    /** The demo with Diffusion Evolution as in the paper. */
    public static Result run(long seed) {
        return run(new DiffusionEvolution(new DiffusionConfig(512, 25, "cosine", 0.1, "identity", 4.0), 2, seed));
    }

    /** Runs any 2-D strategy on the density and measures how its final population splits. */
    public static Result run(Strategy s) {
        if (s.dimension() != 2) {
            throw new IllegalArgumentException("the two-peak demo needs a 2-D strategy, got D = " + s.dimension());
        }
        double[][] last = null;
        double[] f = null;
        while (!s.isDone()) {
            INDArray x = s.ask();
            last = Matrices.rows(x);
            f = new double[last.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = density(last[i][0], last[i][1]);
            }
            s.tell(f);
        }
        if (last == null) {
            throw new IllegalArgumentException("strategy " + s.name() + " was already done");
        }
        double radius = 1.0;
        double[] share = new double[2];
        double mean = 0;
        for (int i = 0; i < last.length; i++) {
            mean += f[i];
            for (int k = 0; k < 2; k++) {
                double dx = last[i][0] - PEAKS[k][0];
                double dy = last[i][1] - PEAKS[k][1];
                if (dx * dx + dy * dy <= radius * radius) {
                    share[k] += 1.0 / last.length;
                }
            }
        }
        return new Result(share, radius, mean / last.length);
    }
}
