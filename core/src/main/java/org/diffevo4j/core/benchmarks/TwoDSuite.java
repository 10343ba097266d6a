package org.diffevo4j.core.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.diffevo4j.core.DiffusionEvolution;
import org.diffevo4j.core.Strategies;
import org.diffevo4j.core.WorkQueue;
import org.diffevo4j.core.baselines.CmaEs;
import org.diffevo4j.core.baselines.MapElites;
import org.diffevo4j.core.baselines.OpenEs;
import org.diffevo4j.core.baselines.Pepg;

/**
 * The paper's 2-D suite (docs/algorithm.md section 7) as whole tables: every (function, method)
 * cell run over many seeds, in parallel over seeds, with each seed's metrics and final positions.
 *
 * <p>Determinism: a run depends only on (function, method, seed, settings); the threads only
 * decide which seed runs where, so the numbers (all but {@code seconds}) are the same whatever the
 * thread count. Runs come back in the order of the seeds given.
 *
 * <p>Methods: {@code diffusion}, {@code latent-diffusion} (needs the {@code latent} module on the
 * class path), {@code cmaes}, {@code openes}, {@code pepg}, {@code map-elites}; functions: the
 * enum {@link TwoDFunction}, named by {@link TwoDFunction#key()} ({@code rastrigin-32d}).
 */
public final class TwoDSuite {

    /** The paper's methods, in the order of its table. */
    public static final List<String> METHODS = List.of(DiffusionEvolution.NAME, TwoDBenchmark.LATENT, CmaEs.NAME,
            OpenEs.NAME, Pepg.NAME, MapElites.NAME);

    private TwoDSuite() {
    }

    /** The paper's methods available here ({@code latent-diffusion} only when its module is registered). */
    public static List<String> methods() {
        List<String> out = new ArrayList<>();
        for (String m : METHODS) {
            if (!m.equals(TwoDBenchmark.LATENT) || Strategies.names().contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** All functions of the suite: the five 2-D ones, then Rastrigin in 4, 32 and 256 dimensions. */
    public static List<TwoDFunction> functions() {
        return List.of(TwoDFunction.values());
    }

    /** {@code count} seeds {@code first, first + 1, ...}. */
    public static long[] seeds(long first, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        long[] s = new long[count];
        for (int i = 0; i < count; i++) {
            s[i] = first + i;
        }
        return s;
    }

    /**
     * One seed's result.
     *
     * @param function          the function's key ({@code himmelblau}, {@code rastrigin-32d})
     * @param method            the method's name
     * @param seed              the run's seed
     * @param fitness           mean g of the 64 individuals with the highest final g
     * @param entropy           Shannon entropy in bits of their final positions on the 0.1 grid
     * @param optimaCovered     global optima with >= 5 % of the final positions within 0.5
     * @param populationFitness mean g of all final positions
     * @param seconds           wall time of the run
     * @param positions         the final positions (N x d; null when the cell was run without them)
     */
    public record Run(String function, String method, long seed, double fitness, double entropy, int optimaCovered,
                      double populationFitness, double seconds, double[][] positions) {
    }

    /** One (function, method) cell: its runs in the order of the seeds. */
    public record Cell(String function, String method, List<Run> runs) {

        /** Copies the run list. */
        public Cell {
            runs = List.copyOf(runs);
        }

        /** The seeds, in run order. */
        public long[] seeds() {
            return runs.stream().mapToLong(Run::seed).toArray();
        }

        /** Per-seed fitness. */
        public double[] fitness() {
            return runs.stream().mapToDouble(Run::fitness).toArray();
        }

        /** Per-seed entropy. */
        public double[] entropy() {
            return runs.stream().mapToDouble(Run::entropy).toArray();
        }

        /** Per-seed optima covered. */
        public double[] optimaCovered() {
            return runs.stream().mapToDouble(Run::optimaCovered).toArray();
        }

        /** Per-seed mean g of the whole final population. */
        public double[] populationFitness() {
            return runs.stream().mapToDouble(Run::populationFitness).toArray();
        }

        /** Per-seed seconds. */
        public double[] seconds() {
            return runs.stream().mapToDouble(Run::seconds).toArray();
        }
    }

    /** Mean of the values. */
    public static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Population standard deviation (ddof 0), as the paper reports. */
    public static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    /** One run at the paper's settings, with its final positions. */
    public static Run run(TwoDFunction f, String method, long seed) {
        return run(f, method, seed, TwoDBenchmark.Settings.PAPER, true);
    }

    /**
     * One run.
     *
     * @param withPositions keep the final positions (N x d doubles: about 1 MB per run at d = 256)
     */
    public static Run run(TwoDFunction f, String method, long seed, TwoDBenchmark.Settings settings,
                          boolean withPositions) {
        long t0 = System.nanoTime();
        TwoDBenchmark.Outcome o = TwoDBenchmark.run(TwoDBenchmark.paperStrategy(method, seed, settings,
                f.dimension()), f, settings.temperature());
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Run(f.key(), method, seed, o.fitness(), o.entropy(), o.optimaCovered(), o.populationFitness(), secs,
                withPositions ? o.positions() : null);
    }

    /** A cell at the paper's settings over {@code seeds} with {@code threads} threads, positions kept. */
    public static Cell cell(TwoDFunction f, String method, long[] seeds, int threads) {
        return cell(f, method, seeds, threads, TwoDBenchmark.Settings.PAPER, true);
    }

    /**
     * A cell: one run per seed, {@code threads} of them at a time (1 = in this thread). The runs come
     * back in seed order and do not depend on {@code threads}.
     */
    public static Cell cell(TwoDFunction f, String method, long[] seeds, int threads, TwoDBenchmark.Settings settings,
                            boolean withPositions) {
        return cell(f, method, seeds, threads, settings, withPositions, r -> { });
    }

    /**
     * As {@link #cell(TwoDFunction, String, long[], int, TwoDBenchmark.Settings, boolean)}, calling
     * {@code onRun} with each run as soon as it is done (from the thread that ran it, in completion
     * order: for progress reports; it must be thread-safe).
     */
    public static Cell cell(TwoDFunction f, String method, long[] seeds, int threads, TwoDBenchmark.Settings settings,
                            boolean withPositions, java.util.function.Consumer<Run> onRun) {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("no seeds");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (!METHODS.contains(method) && !TwoDBenchmark.paperStrategies().contains(method)) {
            throw new IllegalArgumentException("unknown method '" + method + "'; known: " + methods());
        }
        Run[] out = new Run[seeds.length];
        WorkQueue.run(seeds.length, threads, "two-d-suite", i -> {
            out[i] = run(f, method, seeds[i], settings, withPositions);
            onRun.accept(out[i]);
        });
        return new Cell(f.key(), method, List.of(out));
    }

    /**
     * g at temperature 1 on a {@code resolution x resolution} grid over the box [-4, 4]^2, for heat
     * maps: {@code out[row][col]} at x = -4 + 8 col / (resolution - 1), y = -4 + 8 row / (resolution - 1)
     * (row 0 at y = -4). For the Rastrigin rows of dimension d > 2 the grid is the plane of the first
     * two coordinates with every other coordinate at the corner value 3.51786.
     */
    public static double[][] grid(TwoDFunction f, int resolution) {
        if (resolution < 2) {
            throw new IllegalArgumentException("resolution must be >= 2, got " + resolution);
        }
        TwoDBenchmark.Evaluator e = new TwoDBenchmark.Evaluator(f, 1.0);
        double[][] out = new double[resolution][resolution];
        double[] p = new double[f.dimension()];
        Arrays.fill(p, TwoDFunction.RASTRIGIN_CORNER);
        for (int r = 0; r < resolution; r++) {
            for (int c = 0; c < resolution; c++) {
                p[0] = -TwoDFunction.BOX + 2 * TwoDFunction.BOX * c / (resolution - 1);
                p[1] = -TwoDFunction.BOX + 2 * TwoDFunction.BOX * r / (resolution - 1);
                out[r][c] = e.at(p);
            }
        }
        return out;
    }
}
