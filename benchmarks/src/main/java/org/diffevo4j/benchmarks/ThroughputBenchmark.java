package org.diffevo4j.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.JvmEvaluator;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;

/**
 * Agent-steps per second of the evaluator backends on CartPole-v1: for each policy shape and
 * population size, evaluations are repeated for {@code --warmup} seconds (JIT warm-up), then
 * {@code --repeat} samples are taken, each as many back-to-back evaluations as fit in
 * {@code --sample} seconds (at least one); the median sample's rate is reported. One episode per
 * individual, genomes N(0, s^2) with a fixed seed, the same seeds every evaluation, episodes capped
 * at 500. Agent-steps are the steps actually taken (the sum of episode lengths). The ratio column is
 * each backend's rate over the first backend's, for the same policy and population in the same run
 * (so on a shared machine load changes between rows move both sides less than absolute rates).
 *
 * <pre>
 * bench/run.sh ThroughputBenchmark [--pops 256,4096,16384] [--nets '8;64x64;128x128']
 *     [--backends jvm1,jvm2,nd4j] [--repeat 5] [--warmup 2] [--sample 0.3] [--scale 0.5] [--out throughput.md]
 * </pre>
 * A backend token is {@code jvmN} (JVM evaluator, N threads) or {@code nd4j}.
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {
    }

    /**
     * Entry point; options as in the class comment.
     *
     * @throws IOException if the output file cannot be written
     */
    public static void main(String[] args) throws IOException {
        int[] pops = {256, 4096, 16384};
        String[] nets = {"8", "64x64"};
        String[] backends = {"jvm1", "jvm2", "nd4j"};
        int repeat = 5;
        double warmup = 2.0;
        double sample = 0.3;
        double scale = 0.5;
        Path out = Path.of("throughput.md");
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--pops" -> pops = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--nets" -> nets = v.split(";");
                case "--backends" -> backends = v.split(",");
                case "--repeat" -> repeat = Integer.parseInt(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--sample" -> sample = Double.parseDouble(v);
                case "--scale" -> scale = Double.parseDouble(v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        EnvSpec env = Environments.spec("CartPole-v1");
        StringBuilder md = new StringBuilder("# ThroughputBenchmark\n\n")
                .append(BenchInfo.header(ThroughputBenchmark.class, args));
        md.append("\nCartPole-v1, 1 episode per individual, genomes N(0, ").append(scale).append("^2), ")
                .append(warmup).append(" s warm-up, median of ").append(repeat).append(" samples of >= ")
                .append(sample).append(" s; ratio = agent-steps/s over the ").append(backends[0])
                .append(" row's (same policy and population, same run)\n\n");
        md.append("| policy | population | backend | agent-steps/s | agent-steps per CPU-second | mean episode length"
                + " | longest episode | seconds per evaluation | ratio |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String net : nets) {
            int[] hidden = Arrays.stream(net.split("x")).mapToInt(Integer::parseInt).toArray();
            PolicySpec ps = PolicySpec.forEnv(env, hidden);
            String shape = ps.observationSize() + "-" + net.replace('x', '-') + "-" + ps.actionSize();
            for (int pop : pops) {
                double[] genomes = new double[Math.multiplyExact(pop, ps.parameterCount())];
                SplittableRandom r = new SplittableRandom(42);
                for (int k = 0; k < genomes.length; k++) {
                    genomes[k] = gaussian(r) * scale;
                }
                long[] seeds = EpisodeSeeds.derive(7, pop);
                double baseline = Double.NaN;
                for (String b : backends) {
                    Backend backend = b.startsWith("jvm") ? Backend.JVM : Backend.ND4J;
                    int threads = b.startsWith("jvm") ? Integer.parseInt(b.substring(3)) : 1;
                    double[] rates = new double[repeat];
                    double[] cpuRates = new double[repeat];
                    ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
                    EvaluationResult last;
                    try (PopulationEvaluator ev = PopulationEvaluators.create(backend, "CartPole-v1", ps, threads, 500)) {
                        last = ev.evaluate(genomes, 1, seeds);
                        long w0 = System.nanoTime();
                        while (System.nanoTime() - w0 < warmup * 1e9) {
                            ev.evaluate(genomes, 1, seeds);
                        }
                        JvmEvaluator.resetProfile();
                        for (int k = 0; k < repeat; k++) {
                            long steps = 0;
                            long cpu0 = tmx.getCurrentThreadCpuTime();
                            long t0 = System.nanoTime();
                            long el;
                            do {
                                steps += ev.evaluate(genomes, 1, seeds).agentSteps();
                                el = System.nanoTime() - t0;
                            } while (el < sample * 1e9);
                            rates[k] = steps / (el / 1e9);
                            cpuRates[k] = steps / ((tmx.getCurrentThreadCpuTime() - cpu0) / 1e9);
                        }
                    }
                    Arrays.sort(rates);
                    Arrays.sort(cpuRates);
                    double rate = rates[repeat / 2];
                    if (Double.isNaN(baseline)) {
                        baseline = rate;
                    }
                    int longest = Arrays.stream(last.lengths()).max().orElse(0);
                    // single-threaded JVM rows also per CPU-second of the calling thread (robust to other load)
                    String cpu = b.equals("jvm1") ? String.format(Locale.ROOT, "%.3g", cpuRates[repeat / 2]) : "-";
                    String line = String.format(Locale.ROOT, "| %s | %d | %s | %.3g | %s | %.1f | %d | %.5f | %.2f |%n", shape,
                            pop, b, rate, cpu, (double) last.agentSteps() / pop, longest, last.agentSteps() / rate,
                            rate / baseline);
                    System.out.print(line);
                    md.append(line);
                    long[] prof = JvmEvaluator.profileNanos();
                    if (prof[2] > 0) {
                        // in the file too (as a table row of its own), so the split is part of the raw output
                        String p = String.format(Locale.ROOT, "| %s | %d | %s profile | env steps %.0f%%,"
                                + " policy forward %.0f%%, other %.0f%% of rollout thread time | | | | | |%n", shape, pop, b,
                                100.0 * prof[0] / prof[2], 100.0 * prof[1] / prof[2],
                                100.0 * (prof[2] - prof[0] - prof[1]) / prof[2]);
                        System.out.print(p);
                        md.append(p);
                    }
                    Files.writeString(out, md.toString());
                }
            }
        }
        md.append("\nFinished; ").append(BenchInfo.loadAverage()).append('\n');
        Files.writeString(out, md.toString());
    }

    private static double gaussian(SplittableRandom r) {
        double u;
        double v;
        double s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
