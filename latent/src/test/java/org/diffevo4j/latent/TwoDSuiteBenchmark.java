package org.diffevo4j.latent;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.diffevo4j.core.benchmarks.TwoDBenchmark;
import org.diffevo4j.core.benchmarks.TwoDFunction;
import org.diffevo4j.core.benchmarks.TwoDSuite;

/**
 * Times the whole 2-D suite (docs/algorithm.md section 7) through {@link TwoDSuite}: every function
 * and method over {@code seeds} seeds with {@code threads} threads, and prints a Markdown table of
 * per-cell mean (std) of fitness, entropy, optima covered, whole-population fitness and seconds per
 * seed, then the total wall time and the process CPU time. Lives in the latent module's tests so that
 * {@code latent-diffusion} is registered. Not a unit test; run with
 *
 * <pre>
 * java -cp &lt;latent test classpath&gt; org.diffevo4j.latent.TwoDSuiteBenchmark [seeds [threads [functions [methods]]]]
 * </pre>
 *
 * <p>functions and methods are comma-separated lists or {@code all}.
 */
public final class TwoDSuiteBenchmark {

    private TwoDSuiteBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        List<TwoDFunction> functions = new ArrayList<>();
        if (args.length > 2 && !args[2].equals("all")) {
            for (String s : args[2].split(",")) {
                functions.add(TwoDFunction.of(s));
            }
        } else {
            functions.addAll(TwoDSuite.functions());
        }
        List<String> methods = args.length > 3 && !args[3].equals("all") ? List.of(args[3].split(","))
                : TwoDSuite.methods();
        long[] seedList = TwoDSuite.seeds(0, seeds);
        System.out.printf(Locale.ROOT, "2-D suite: %d seeds per cell, %d threads, %d processors%n%n", seeds, threads,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| function | method | fitness | entropy (bits) | optima covered | population fitness"
                + " | s/seed |");
        System.out.println("|---|---|---|---|---|---|---|");
        long t0 = System.nanoTime();
        double cpu0 = cpuSeconds();
        for (TwoDFunction f : functions) {
            for (String m : methods) {
                long c0 = System.nanoTime();
                TwoDSuite.Cell c = TwoDSuite.cell(f, m, seedList, threads, TwoDBenchmark.Settings.PAPER, false);
                double wall = (System.nanoTime() - c0) / 1e9;
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.3f |   (cell wall %.1f s)%n", f.key(),
                        m, ms(c.fitness(), 3), ms(c.entropy(), 2), ms(c.optimaCovered(), 2), ms(c.populationFitness(), 3),
                        TwoDSuite.mean(c.seconds()), wall);
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = cpuSeconds() - cpu0;
        System.out.printf(Locale.ROOT, "%ntotal wall %.1f s, process CPU %.1f s (%.2f cores busy on average)%n", wall, cpu,
                cpu / wall);
    }

    private static String ms(double[] v, int digits) {
        String f = "%." + digits + "f (%." + digits + "f)";
        return String.format(Locale.ROOT, f, TwoDSuite.mean(v), TwoDSuite.std(v));
    }

    private static double cpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        return t.getCurrentThreadCpuTime() / 1e9;
    }
}
