package org.diffevo4j.trainer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.diffevo4j.core.Rng;
import org.diffevo4j.core.benchmarks.TwoDBenchmark;
import org.diffevo4j.core.benchmarks.TwoDFunction;
import org.diffevo4j.core.benchmarks.TwoDSuite;
import org.diffevo4j.core.benchmarks.TwoPeakDemo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code diffevo4j optimize}: the paper's 2-D benchmarks (docs/algorithm.md section 7) for any function
 * and method, with the paper's settings as defaults.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the paper's 2-D benchmarks: fitness, entropy and optima covered over seeds.",
                "Functions: rosenbrock, beale, himmelblau, ackley, rastrigin, all; two-peak (the density demo).",
                "Methods: diffusion, latent-diffusion, cmaes, pepg, openes, map-elites, random, all."},
        footer = {"", "Examples:", "  diffevo4j optimize --function himmelblau --method diffusion --seeds 10",
                "  diffevo4j optimize --function all --method all --seeds 100 --out result.json"})
final class OptimizeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--function", paramLabel = "F", description = "Function or `all` (default himmelblau).")
    String function = "himmelblau";

    @Option(names = "--method", paramLabel = "M", description = "Strategy or `all` (default diffusion).")
    String method = "diffusion";

    @Option(names = "--seeds", paramLabel = "N", description = "Independent runs per function and method (default 10; the paper used 100).")
    int seeds = 10;

    @Option(names = "--seed", paramLabel = "S", description = "Seed from which the runs' seeds are drawn (default 1).")
    long seed = 1;

    @Option(names = "--population", paramLabel = "N", description = "Population size (default: the paper's, 512).")
    Integer population;

    @Option(names = "--steps", paramLabel = "T", description = "Steps / generations (default: the paper's per method).")
    Integer steps;

    @Option(names = "--temperature", paramLabel = "T", description = "Temperature of the fitness transform (default 1).")
    double temperature = 1.0;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the results (with per-seed values) as JSON.")
    Path out;

    @Option(names = "--force", description = "Overwrite the --out file if it exists.")
    boolean force;

    /** One function x method cell, with every seed's values. */
    record Cell(String function, String method, int seeds, double fitnessMean, double fitnessStd, double entropyMean,
                double entropyStd, double optimaMean, double optimaStd, double secondsMean, long[] runSeeds,
                double[] fitness, double[] entropy, double[] optimaCovered, double[] seconds) {
    }

    @Override
    public void run() {
        if (seeds < 1) {
            throw new UserError("--seeds must be >= 1, got " + seeds);
        }
        OutputFile.check(out, force);
        TwoDBenchmark.Settings settings = new TwoDBenchmark.Settings(population, steps, temperature);
        List<String> methods = method.equalsIgnoreCase("all") ? TwoDBenchmark.paperStrategies() : List.of(method);
        for (String m : methods) {
            if (!TwoDBenchmark.paperStrategies().contains(m)) {
                throw new UserError("unknown method '" + m + "'; known: "
                        + String.join(", ", TwoDBenchmark.paperStrategies()) + ", all");
            }
        }
        for (String m : methods) {
            // --population and --steps reach the strategies' own validation here, once, as the
            // user's input; later, with the same settings, an exception is a bug
            try {
                TwoDBenchmark.paperStrategy(m, seed, settings);
            } catch (IllegalArgumentException e) {
                throw new UserError("method '" + m + "' with these settings: " + e.getMessage(), e);
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        if (function.equalsIgnoreCase("two-peak")) {
            twoPeak(o, methods, settings);
            return;
        }
        List<TwoDFunction> functions = new ArrayList<>();
        if (function.equalsIgnoreCase("all")) {
            functions.addAll(List.of(TwoDFunction.values()));
        } else {
            try {
                functions.add(TwoDFunction.of(function));
            } catch (IllegalArgumentException e) {
                throw UserError.of(e);   // the user's --function
            }
        }
        String fmt = "%-11s %-17s %6s  %-15s %-15s %-15s %8s%n";
        o.printf(fmt, "function", "method", "seeds", "fitness", "entropy (bits)", "optima", "s/run");
        List<Cell> cells = new ArrayList<>();
        for (TwoDFunction f : functions) {
            for (String m : methods) {
                Cell c = cell(f, m, settings);
                cells.add(c);
                o.printf(fmt, f.label(), m, c.seeds(), pm(c.fitnessMean(), c.fitnessStd(), 3),
                        pm(c.entropyMean(), c.entropyStd(), 2), pm(c.optimaMean(), c.optimaStd(), 2),
                        String.format(Locale.ROOT, "%.3f", c.secondsMean()));
                o.flush();
            }
        }
        if (out != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("benchmark", "diffusion-evolution-2d (docs/algorithm.md section 7)");
            doc.put("seed", seed);
            doc.put("population", population);
            doc.put("steps", steps);
            doc.put("temperature", temperature);
            doc.put("results", cells);
            UserInput.write(out, ConfigFiles.toJson(doc) + "\n");
            o.printf("wrote %s%n", out);
        }
        o.flush();
    }

    private Cell cell(TwoDFunction f, String m, TwoDBenchmark.Settings settings) {
        Rng seedRng = new Rng(seed);
        long[] runSeeds = new long[seeds];
        for (int r = 0; r < seeds; r++) {
            runSeeds[r] = seedRng.nextLong();
        }
        // the same runs as `reproduce 2d` (TwoDSuite.run), only seeded from one generator
        TwoDSuite.Cell cell = TwoDSuite.cell(f, m, runSeeds, 1, settings, false);
        double[] fit = cell.fitness();
        double[] ent = cell.entropy();
        double[] opt = cell.optimaCovered();
        double[] sec = cell.seconds();
        Summary fs = Summary.of(fit);
        Summary es = Summary.of(ent);
        Summary os = Summary.of(opt);
        return new Cell(f.label(), m, seeds, fs.mean(), fs.std(), es.mean(), es.std(), os.mean(), os.std(),
                Summary.of(sec).mean(),
                runSeeds, fit, ent, opt, sec);
    }

    private void twoPeak(PrintWriter o, List<String> methods, TwoDBenchmark.Settings settings) {
        String fmt = "%-17s %6s  %-22s %-22s%n";
        o.printf(fmt, "method", "seeds", "share near peak A", "share near peak B");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String m : methods) {
            Rng seedRng = new Rng(seed);
            double[] a = new double[seeds];
            double[] b = new double[seeds];
            for (int r = 0; r < seeds; r++) {
                TwoPeakDemo.Result res = TwoPeakDemo.run(TwoDBenchmark.paperStrategy(m, seedRng.nextLong(), settings));
                a[r] = res.shareNearPeak()[0];
                b[r] = res.shareNearPeak()[1];
            }
            o.printf(fmt, m, seeds, pm(Summary.of(a), 3), pm(Summary.of(b), 3));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("method", m);
            row.put("share_peak_a", a);
            row.put("share_peak_b", b);
            rows.add(row);
        }
        if (out != null) {
            UserInput.write(out, ConfigFiles.toJson(Map.of("demo", "two-peak density", "results", rows)) + "\n");
            o.printf("wrote %s%n", out);
        }
        o.flush();
    }

    private static String pm(Summary s, int digits) {
        return pm(s.mean(), s.std(), digits);
    }

    private static String pm(double mean, double std, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f +- %." + digits + "f", mean, std);
    }
}
