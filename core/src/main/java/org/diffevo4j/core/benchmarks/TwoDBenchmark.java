package org.diffevo4j.core.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Diffusion Evolution paper's 2-D benchmark protocol (docs/algorithm.md section 7) as a library:
 * each strategy configured as the paper ran it, and one run's metrics. The command line's
 * {@code optimize} command is the front-end that repeats runs and reports them.
 *
 * <p>Settings, as the paper ran them: Diffusion Evolution with population 512, 25 steps of the
 * cosine schedule, eta 0.1, scaling 4 and the identity mapping of g (the latent variant the same,
 * projected to 2-D, when the {@code latent} module is on the class path); CMA-ES popsize 512,
 * sigma0 4, 25 generations; PEPG popsize 512, sigma0 4, elite ratio 0.1, 25 generations; OpenES
 * popsize 512, sigma0 4, 1000 generations; MAP-Elites 256 initial N(0, 4^2) points then 24 batches
 * of 256 mutations (sigma 0.5) on a unit grid; random search (not in the paper) 512 N(0, 4^2)
 * samples for 25 generations. Every strategy is told g, maximised.
 *
 * <p>Which individuals the metrics see: the last evaluated population, except for Diffusion
 * Evolution, whose fitness and entropy use its last x0 estimate, and MAP-Elites, whose metrics all
 * use the archive elites (its product; a cell of size 1 holds one elite, so the last batch of
 * mutants would say little). Optima covered is measured on the last evaluated population (the
 * archive for MAP-Elites).
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
        if (Strategies.names().contains("latent-diffusion")) {
            out.add("latent-diffusion");
        }
        out.addAll(List.of(CmaEs.NAME, Pepg.NAME, OpenEs.NAME, MapElites.NAME, RandomSearch.NAME));
        return out;
    }

    /** The strategy configured as in the paper's 2-D runs, for D = 2. */
    public static Strategy paperStrategy(String name, long seed) {
        return paperStrategy(name, seed, Settings.PAPER);
    }

    /** The strategy configured as in the paper's 2-D runs, for D = 2, with overrides. */
    public static Strategy paperStrategy(String name, long seed, Settings o) {
        switch (name) {
            case DiffusionEvolution.NAME:
                return new DiffusionEvolution(new DiffusionConfig(o.population(512), o.steps(25), "cosine", 0.1,
                        "identity", 4.0), 2, seed);
            case "latent-diffusion":
                return Strategies.create(name, 2, seed, Map.of("populationSize", o.population(512), "steps",
                        o.steps(25), "schedule", "cosine", "eta", 0.1, "fitnessMapping", "identity", "scaling", 4.0,
                        "latentDim", 2));
            case CmaEs.NAME: {
                CmaEs.Config d = CmaEs.Config.defaults();
                return new CmaEs(new CmaEs.Config(o.population(512), 4.0, o.steps(25), null, 0, 2, d.tolFun(), d.tolX(),
                        d.conditionLimit(), false), 2, seed);
            }
            case Pepg.NAME:
                return new Pepg(Pepg.Config.of(o.population(512), 4.0, 0.1, o.steps(25)), 2, seed);
            case OpenEs.NAME:
                return new OpenEs(OpenEs.Config.of(o.population(512), 4.0, o.steps(1000)), 2, seed);
            case MapElites.NAME:
                return new MapElites(MapElites.Config.paper2d(), 2, seed);
            case RandomSearch.NAME:
                return new RandomSearch(new RandomSearch.Config(o.population(512), 4.0, o.steps(25), null), 2, seed);
            default:
                throw new IllegalArgumentException("no 2-D protocol for strategy '" + name + "'; known: "
                        + paperStrategies());
        }
    }

    /** One run of the protocol. */
    public static Metrics runOnce(String name, TwoDFunction function, long seed) {
        return measure(paperStrategy(name, seed), function);
    }

    /** One run of the protocol with overridden settings. */
    public static Metrics runOnce(String name, TwoDFunction function, long seed, Settings settings) {
        return measure(paperStrategy(name, seed, settings), function, settings.temperature());
    }

    /** Runs any 2-D strategy to its end on {@code function} (told g) and takes the paper's metrics. */
    public static Metrics measure(Strategy s, TwoDFunction function) {
        return measure(s, function, 1.0);
    }

    /** As {@link #measure(Strategy, TwoDFunction)}, with the fitness transform at temperature T. */
    public static Metrics measure(Strategy s, TwoDFunction function, double temperature) {
        if (s.dimension() != 2) {
            throw new IllegalArgumentException("2-D benchmark needs a strategy of dimension 2, got " + s.dimension());
        }
        double[][] last = null;
        double[] lastG = null;
        while (!s.isDone()) {
            INDArray x = s.ask();
            last = Matrices.rows(x);
            lastG = scores(function, last, temperature);
            s.tell(lastG);
        }
        if (last == null) {
            throw new IllegalArgumentException("strategy " + s.name() + " was already done");
        }
        double[][] topSource = last;
        double[] topScores = lastG;
        double[][] coverage = last;
        if (s instanceof DiffusionEvolution de && de.lastX0() != null) {
            topSource = Matrices.rows(de.lastX0());
            topScores = scores(function, topSource, temperature);
        } else if (s instanceof MapElites me) {
            List<MapElites.Elite> archive = me.archive();
            topSource = new double[archive.size()][];
            topScores = new double[archive.size()];
            for (int i = 0; i < topSource.length; i++) {
                topSource[i] = archive.get(i).genome();
                topScores[i] = archive.get(i).fitness();
            }
            coverage = topSource;
        }
        int[] top = TwoDMetrics.top(topScores, Math.min(TwoDMetrics.TOP, topScores.length));
        double[][] topPoints = new double[top.length][];
        for (int i = 0; i < top.length; i++) {
            topPoints[i] = topSource[top[i]];
        }
        return new Metrics(TwoDMetrics.mean(topScores, top), TwoDMetrics.entropyBits(topPoints),
                TwoDMetrics.optimaCovered(coverage, function.optima()));
    }

    private static double[] scores(TwoDFunction f, double[][] points, double temperature) {
        double[] g = new double[points.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = f.fitness(points[i], temperature);
        }
        return g;
    }
}
