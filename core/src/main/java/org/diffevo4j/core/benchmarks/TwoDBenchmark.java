package org.diffevo4j.core.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.diffevo4j.core.AbstractStrategy;
import org.diffevo4j.core.DiffusionConfig;
import org.diffevo4j.core.DiffusionEvolution;
import org.diffevo4j.core.Strategies;
import org.diffevo4j.core.Strategy;
import org.diffevo4j.core.baselines.CmaEs;
import org.diffevo4j.core.baselines.MapElites;
import org.diffevo4j.core.baselines.Matrices;
import org.diffevo4j.core.baselines.OpenEs;
import org.diffevo4j.core.baselines.Pepg;
import org.diffevo4j.core.baselines.RandomSearch;

/**
 * The Diffusion Evolution paper's 2-D benchmark protocol (docs/algorithm.md section 7) as a library:
 * each strategy configured as the paper ran it, and one run's metrics. The command line's
 * {@code optimize} command is the front-end that repeats runs and reports them.
 *
 * <p>Settings, as the paper ran them (docs/algorithm.md section 7): Diffusion Evolution with
 * population 512, 25 steps of the cosine schedule, eta 0.1, scaling 4 and g as the fitness (the
 * latent variant the same, projected to 2-D, when the {@code latent} module is on the class path);
 * CMA-ES, OpenES, PEPG and MAP-Elites in the paper's own variants ({@code Config.paper2d()} of each:
 * active CMA-ES told g - 1e-3 mean_k x_k^2, OpenES on raw g with momentum over 1000 generations,
 * estool's elite-mode PEPG, MAP-Elites with 6144 single offspring); random search (not in the paper)
 * 512 N(0, 4^2) samples for 25 generations. Every strategy runs in the function's own dimension.
 *
 * <p>Which individuals the metrics see: the 64 with the highest final g, where final g is that of
 * Diffusion Evolution's last x0 estimate, of MAP-Elites' elites, else of the last sampled population;
 * entropy and optima covered use final positions (Diffusion Evolution: its final population x,
 * scaled, not x0). {@link TwoDSuite} runs whole tables of these cells.
 */
public final class TwoDBenchmark {

    /** Metrics of one run. */
    public record Metrics(double fitness, double entropy, int optimaCovered) {
    }

    /**
     * Overrides of the paper's settings, for the strategies that have them.
     *
     * @param population  the population size N (individuals per generation), or null for the paper's
     * @param steps       the number of steps T (Diffusion Evolution) or generations (the others), or
     *                    null for the paper's
     * @param temperature the temperature T of the transform from objective to fitness g (section 7)
     */
    public record Settings(Integer population, Integer steps, double temperature) {

        /** The paper's settings. */
        public static final Settings PAPER = new Settings(null, null, 1.0);

        /** Validates the overrides. */
        public Settings {
            if (population != null && population < 2) {
                throw new IllegalArgumentException("population must be >= 2, got " + population);
            }
            if (steps != null && steps < 2) {
                throw new IllegalArgumentException("steps must be >= 2, got " + steps);
            }
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("temperature must be positive, got " + temperature);
            }
        }

        int population(int paper) {
            return population != null ? population : paper;
        }

        int steps(int paper) {
            return steps != null ? steps : paper;
        }
    }

    private TwoDBenchmark() {
    }

    /** The strategies the paper compared, plus random search; latent-diffusion only when registered. */
    public static List<String> paperStrategies() {
        List<String> out = new ArrayList<>(List.of(DiffusionEvolution.NAME));
        if (Strategies.names().contains(LATENT)) {
            out.add(LATENT);
        }
        out.addAll(List.of(CmaEs.NAME, Pepg.NAME, OpenEs.NAME, MapElites.NAME, RandomSearch.NAME));
        return out;
    }

    /** Registry name of Latent Space Diffusion Evolution (module {@code latent}). */
    public static final String LATENT = "latent-diffusion";

    /** Coefficient of the L2 pull CMA-ES is told: g - 1e-3 * mean_k x_k^2. */
    public static final double CMA_L2 = 1e-3;

    /** The strategy configured as in the paper's 2-D runs, for D = 2. */
    public static Strategy paperStrategy(String name, long seed) {
        return paperStrategy(name, seed, Settings.PAPER);
    }

    /** The strategy configured as in the paper's 2-D runs, for D = 2, with overrides. */
    public static Strategy paperStrategy(String name, long seed, Settings o) {
        return paperStrategy(name, seed, o, 2);
    }

    /**
     * The strategy configured as in the paper's runs (docs/algorithm.md section 7), in {@code dimension}
     * dimensions, with overrides: Diffusion Evolution 512 x 25 cosine steps, eta 0.1, scaling 4, g as
     * fitness; the latent variant the same projected to 2; CMA-ES {@link CmaEs.Config#paper2d}; OpenES
     * {@link OpenEs.Config#paper2d}; PEPG {@link Pepg.Config#paper2d}; MAP-Elites
     * {@link MapElites.Config#paper2d}; random search 512 N(0, 4^2) samples x 25.
     */
    public static Strategy paperStrategy(String name, long seed, Settings o, int dimension) {
        switch (name) {
            case DiffusionEvolution.NAME:
                return new DiffusionEvolution(new DiffusionConfig(o.population(512), o.steps(25), "cosine", 0.1,
                        "identity", 4.0), dimension, seed);
            case LATENT:
                return Strategies.create(name, dimension, seed, Map.of("populationSize", o.population(512), "steps",
                        o.steps(25), "schedule", "cosine", "eta", 0.1, "fitnessMapping", "identity", "scaling", 4.0,
                        "latentDim", 2));
            case CmaEs.NAME:
                return new CmaEs(CmaEs.Config.paper2d(o.population(512), o.steps(25)), dimension, seed);
            case Pepg.NAME:
                return new Pepg(Pepg.Config.paper2d(even(o.population(512)), o.steps(25)), dimension, seed);
            case OpenEs.NAME:
                return new OpenEs(OpenEs.Config.paper2d(o.population(512), o.steps(1000)), dimension, seed);
            case MapElites.NAME:
                return new MapElites(MapElites.Config.paper2d(), dimension, seed);
            case RandomSearch.NAME:
                return new RandomSearch(new RandomSearch.Config(o.population(512), 4.0, o.steps(25), null), dimension,
                        seed);
            default:
                throw new IllegalArgumentException("no 2-D protocol for strategy '" + name + "'; known: "
                        + paperStrategies());
        }
    }

    private static int even(int n) {
        return n % 2 == 0 ? n : n + 1;
    }

    /** One run of the protocol. */
    public static Metrics runOnce(String name, TwoDFunction function, long seed) {
        return measure(paperStrategy(name, seed, Settings.PAPER, function.dimension()), function);
    }

    /** One run of the protocol with overridden settings. */
    public static Metrics runOnce(String name, TwoDFunction function, long seed, Settings settings) {
        return measure(paperStrategy(name, seed, settings, function.dimension()), function, settings.temperature());
    }

    /** Runs any strategy of the function's dimension to its end on {@code function} and takes the paper's metrics. */
    public static Metrics measure(Strategy s, TwoDFunction function) {
        return measure(s, function, 1.0);
    }

    /** As {@link #measure(Strategy, TwoDFunction)}, with the fitness transform at temperature T. */
    public static Metrics measure(Strategy s, TwoDFunction function, double temperature) {
        Outcome o = run(s, function, temperature);
        return new Metrics(o.fitness(), o.entropy(), o.optimaCovered());
    }

    /**
     * One run's full result.
     *
     * @param fitness           mean g of the 64 chosen individuals
     * @param entropy           entropy in bits of their final positions
     * @param optimaCovered     global optima with >= 5 % of the final positions within 0.5
     * @param populationFitness mean g over all final positions
     * @param positions         the final positions, one row per individual (Diffusion Evolution: its
     *                          last population, scaled; MAP-Elites: the elites; otherwise the last
     *                          sampled population)
     */
    public record Outcome(double fitness, double entropy, int optimaCovered, double populationFitness,
                          double[][] positions) {
    }

    /**
     * Runs {@code s} (of the function's dimension) to its end, telling it g (CMA-ES: g - 1e-3 mean_k
     * x_k^2, the paper's small L2 pull), and takes the paper's metrics (docs/algorithm.md section 7):
     * the 64 individuals with the highest final g (Diffusion Evolution: g of its last x0 estimate;
     * MAP-Elites: the elites; otherwise the last population), the entropy of their final positions
     * (Diffusion Evolution: the final population x, scaled, not x0), and the optima covered by the
     * final positions.
     */
    public static Outcome run(Strategy s, TwoDFunction function, double temperature) {
        int d = function.dimension();
        if (s.dimension() != d) {
            throw new IllegalArgumentException(function.label() + " needs a strategy of dimension " + d + ", got "
                    + s.dimension());
        }
        Evaluator eval = new Evaluator(function, temperature);
        boolean l2Pull = s instanceof CmaEs;
        AbstractStrategy as = s instanceof AbstractStrategy a ? a : null;
        double[][] last = null;
        double[] lastG = null;
        while (!s.isDone()) {
            // the rows are only read here and kept after tell (a strategy never writes a told population)
            double[][] x = as != null ? as.pendingRows() : Matrices.rows(s.ask());
            double[] g = eval.all(x);
            double[] told = g;
            if (l2Pull) {
                told = new double[g.length];
                for (int i = 0; i < g.length; i++) {
                    double q = 0;
                    for (double v : x[i]) {
                        q += v * v;
                    }
                    told[i] = g[i] - CMA_L2 * q / d;
                }
            }
            s.tell(told);
            last = x;
            lastG = g;
        }
        if (last == null) {
            throw new IllegalArgumentException("strategy " + s.name() + " was already done");
        }
        double[] topScores = lastG;
        double[][] positions = last;
        double[] positionG = lastG;
        if (s instanceof DiffusionEvolution de && de.lastX0Rows() != null) {
            topScores = eval.all(de.lastX0Rows());
        } else if (s instanceof MapElites me) {
            List<MapElites.Elite> archive = me.archive();
            positions = new double[archive.size()][];
            topScores = new double[archive.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = archive.get(i).genome();
                topScores[i] = archive.get(i).fitness();
            }
            positionG = topScores;
        }
        int[] top = TwoDMetrics.top(topScores, Math.min(TwoDMetrics.TOP, topScores.length));
        double[][] topPoints = new double[top.length][];
        for (int i = 0; i < top.length; i++) {
            topPoints[i] = positions[top[i]];
        }
        double popMean = 0;
        for (double v : positionG) {
            popMean += v;
        }
        popMean /= positionG.length;
        return new Outcome(TwoDMetrics.mean(topScores, top), TwoDMetrics.entropyBits(topPoints),
                TwoDMetrics.optimaCovered(positions, function), popMean, positions);
    }

    /** g of many points with the constants of the transform computed once (bit-identical to TwoDFunction.fitness). */
    static final class Evaluator {
        private final TwoDFunction f;
        private final double ts;
        private final double pMin;

        Evaluator(TwoDFunction f, double temperature) {
            // validates the constants once
            TwoDFunction.fitnessOfObjective(f.tau(), f.tau(), f.scale(), f.maxDistance(), temperature);
            this.f = f;
            this.ts = temperature * f.scale();
            this.pMin = Math.exp(-f.maxDistance() / ts);
        }

        double at(double[] p) {
            double o = f.objective(p);
            return Math.max(0.0, (Math.exp(-Math.abs(o - f.tau()) / ts) - pMin) / (1 - pMin));
        }

        double[] all(double[][] points) {
            double[] g = new double[points.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = at(points[i]);
            }
            return g;
        }
    }
}
