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
import org.diffevo4j.agents.protocol.ProtocolConfig;
import org.diffevo4j.agents.protocol.RlProtocol;
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
 *
 * <p>Genome families ({@code --families}): {@code random} as above (CartPole episodes of about 23
 * steps, where resets dominate), and {@code trained}: one policy of the row's shape trained with the
 * library's {@link RlProtocol} (the paper's protocol, latent Diffusion Evolution, seed 1, run once per
 * shape before any timing), every individual its best genome plus N(0, {@code --perturb}^2) noise, so
 * that most episodes run long. The GFLOP/s column counts 2 flops per multiply-add of the forward pass
 * (sum over layers of in * out), nothing for the environment.
 *
 * <pre>
 * bench/run.sh ThroughputBenchmark [--pops 256,4096,16384] [--nets '8;64x64;128x128']
 *     [--backends jvm1,jvm2,nd4j] [--families random,trained] [--perturb 0.02] [--repeat 5] [--warmup 2]
 *     [--sample 0.3] [--scale 0.5] [--out throughput.md]
 * </pre>
 * A backend token is {@code jvmN} (JVM evaluator, N threads, the path AUTO picks), {@code lanesN} or
 * {@code copyN} (the lane or the per-copy path forced), {@code f32copyN} (the per-copy path in the opt-in
 * float32, not bit-identical), or {@code nd4j}. Run with
 * {@code BENCH_JAVA_OPTS="-Xmx4g --add-modules jdk.incubator.vector"} for the Vector API kernel; the
 * header names the kernel in use.
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
        String[] families = {"random"};
        double perturb = 0.02;
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
                case "--families" -> families = v.split(",");
                case "--perturb" -> perturb = Double.parseDouble(v);
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
        md.append("\nDense kernel of the per-copy path in this JVM: ").append(JvmEvaluator.denseKernel())
                .append("; available processors ").append(Runtime.getRuntime().availableProcessors()).append('\n');
        md.append("\nCartPole-v1, 1 episode per individual, families: random = genomes N(0, ").append(scale)
                .append("^2), trained = a trained policy + N(0, ").append(perturb).append("^2); ")
                .append(warmup).append(" s warm-up, median of ").append(repeat).append(" samples of >= ")
                .append(sample).append(" s; ratio = agent-steps/s over the ").append(backends[0])
                .append(" row's (same policy and population, same run)\n\n");
        md.append("| policy | family | population | backend | agent-steps/s | agent-steps per CPU-second | GFLOP/s"
                + " | mean episode length | longest episode | seconds per evaluation | ratio |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String net : nets) {
            int[] hidden = Arrays.stream(net.split("x")).mapToInt(Integer::parseInt).toArray();
            PolicySpec ps = PolicySpec.forEnv(env, hidden);
            String shape = ps.observationSize() + "-" + net.replace('x', '-') + "-" + ps.actionSize();
            long macs = 0;
            for (int l = 0; l < ps.layout().layerCount(); l++) {
                macs += (long) ps.layout().inSize(l) * ps.layout().outSize(l);
            }
            double[] trained = null;
            for (String family : families) {
                if (family.equals("trained") && trained == null) {
                    trained = train(hidden);
                }
                for (int pop : pops) {
                    double[] genomes = new double[Math.multiplyExact(pop, ps.parameterCount())];
                    SplittableRandom r = new SplittableRandom(42);
                    int d = ps.parameterCount();
                    for (int k = 0; k < genomes.length; k++) {
                        genomes[k] = family.equals("trained") ? trained[k % d] + gaussian(r) * perturb : gaussian(r) * scale;
                    }
                    long[] seeds = EpisodeSeeds.derive(7, pop);
                    double baseline = Double.NaN;
                    for (String b : backends) {
                        String kind = b.replaceAll("[0-9]+$", "");
                        int threads = kind.equals("nd4j") ? 1 : Integer.parseInt(b.substring(kind.length()));
                        JvmEvaluator.Path path = switch (kind) {
                            case "jvm", "nd4j" -> JvmEvaluator.Path.AUTO;
                            case "lanes" -> JvmEvaluator.Path.LANES;
                            case "copy", "f32copy" -> JvmEvaluator.Path.PER_COPY;
                            default -> throw new IllegalArgumentException("unknown backend " + b);
                        };
                        double[] rates = new double[repeat];
                        double[] cpuRates = new double[repeat];
                        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
                        EvaluationResult last;
                        try (PopulationEvaluator ev = kind.equals("nd4j")
                                ? PopulationEvaluators.create(Backend.ND4J, "CartPole-v1", ps, threads, 500)
                                : new JvmEvaluator(env, n -> Environments.makeVector("CartPole-v1", n), ps, threads, 500,
                                        path, kind.equals("f32copy") ? JvmEvaluator.Precision.FLOAT32
                                                : JvmEvaluator.Precision.DOUBLE)) {
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
                        String cpu = threads == 1 && !kind.equals("nd4j") ? String.format(Locale.ROOT, "%.3g", cpuRates[repeat / 2]) : "-";
                        String line = String.format(Locale.ROOT, "| %s | %s | %d | %s | %.3g | %s | %.3g | %.1f | %d | %.5f | %.2f |%n",
                                shape, family, pop, b, rate, cpu, rate * 2.0 * macs / 1e9, (double) last.agentSteps() / pop,
                                longest, last.agentSteps() / rate, rate / baseline);
                        System.out.print(line);
                        md.append(line);
                        long[] prof = JvmEvaluator.profileNanos();
                        if (prof[2] > 0) {
                            // in the file too (as a table row of its own), so the split is part of the raw output
                            String p = String.format(Locale.ROOT, "| %s | %s | %d | %s profile | env steps %.0f%%,"
                                    + " policy forward %.0f%%, other %.0f%% of rollout thread time | | | | | | |%n", shape,
                                    family, pop, b,
                                    100.0 * prof[0] / prof[2], 100.0 * prof[1] / prof[2],
                                    100.0 * (prof[2] - prof[0] - prof[1]) / prof[2]);
                            System.out.print(p);
                            md.append(p);
                        }
                        Files.writeString(out, md.toString());
                    }
                }
            }
        }
        md.append("\nFinished; ").append(BenchInfo.loadAverage()).append('\n');
        Files.writeString(out, md.toString());
    }

    /**
     * The best genome of one run of the paper's protocol (latent Diffusion Evolution, population 256,
     * 10 steps, seed 1) on CartPole-v1 with the given hidden layers.
     */
    private static double[] train(int[] hidden) {
        ProtocolConfig c = ProtocolConfig.paper("CartPole-v1", "latent-diffusion", 1).withHidden(hidden);
        try (RlProtocol p = new RlProtocol(c)) {
            double[] best = p.run(null).bestParameters();
            System.out.printf(Locale.ROOT, "trained %s: best return %.1f in %.2f s%n", Arrays.toString(hidden),
                    p.result().bestReturn(), p.result().seconds());
            return best;
        }
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
