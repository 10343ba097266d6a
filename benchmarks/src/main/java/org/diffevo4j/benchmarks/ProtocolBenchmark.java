package org.diffevo4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.JvmEvaluator;
import org.diffevo4j.agents.protocol.ProtocolConfig;
import org.diffevo4j.agents.protocol.ProtocolResult;
import org.diffevo4j.agents.protocol.RlProtocol;
import org.diffevo4j.agents.protocol.StepMetrics;

/**
 * Wall time of the paper's RL protocol (population 256, 10 steps, one episode per individual, cap 500)
 * in a warmed-up JVM, and where it goes. Per environment: {@code --warmup} untimed runs (more, until
 * {@code --warmup-seconds} have passed: the update's Vector API kernel takes over from its plain-Java
 * twin only once the JIT has compiled it: at most 3 s of a background thread after the 16th update), then
 * {@code --repeat} timed runs over seeds {@code first, first+1, ...}; each run is timed from
 * constructing the {@link RlProtocol} to closing it. The table reports medians over the timed runs of
 * the total and of its parts: the evaluations (sum of {@link StepMetrics#evalSeconds()}), the
 * strategy's ask + tell (sum of {@link StepMetrics#updateSeconds()}, i.e. the Diffusion Evolution
 * update) and the rest (construction, seeds, bookkeeping). Run with
 * {@code -Ddiffevo4j.agents.profile=true} to split the evaluation further into environment steps and
 * policy forward passes (from {@link JvmEvaluator#profileNanos()}: thread time, converted to the
 * evaluation's wall time in proportion); without it those columns read "-". The last column is the
 * calling thread's CPU time per run, median and minimum: with {@code --threads 1} it holds the
 * evaluations (with more threads, the first slice of each evaluation and the strategy's own share),
 * and on a shared machine, where wall times grow with the other processes' load, it is the steadier
 * figure for A/B comparisons.
 *
 * <pre>
 * BENCH_JAVA_OPTS=-Ddiffevo4j.agents.profile=true bench/run.sh ProtocolBenchmark
 *     [--envs CartPole-v1,Acrobot-v1,MountainCar-v0] [--strategy latent-diffusion] [--seeds 1000]
 *     [--warmup 5] [--warmup-seconds 4] [--repeat 11] [--threads 2] [--backend jvm] [--hidden 8] [--out protocol.md]
 * </pre>
 * {@code --hidden} sets the policy's hidden layers as in {@code ThroughputBenchmark}'s {@code --nets}
 * ({@code 8} = the paper's 4-8-2 default, {@code 128x128} = the large-latent protocol's 4-128-128-2).
 */
public final class ProtocolBenchmark {

    private ProtocolBenchmark() {
    }

    /**
     * Entry point; options as in the class comment.
     *
     * @throws IOException if the output file cannot be written
     */
    public static void main(String[] args) throws IOException {
        List<String> envs = List.of("CartPole-v1", "Acrobot-v1", "MountainCar-v0");
        String strategy = "latent-diffusion";
        long firstSeed = 1000;
        int warmup = 5;
        double warmupSeconds = 4;
        int repeat = 11;
        int threads = Runtime.getRuntime().availableProcessors();
        Backend backend = Backend.JVM;
        int[] hidden = null;
        Path out = Path.of("protocol.md");
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--envs" -> envs = List.of(v.split(","));
                case "--strategy" -> strategy = v;
                case "--seeds" -> firstSeed = Long.parseLong(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(v);
                case "--repeat" -> repeat = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--backend" -> backend = Backend.valueOf(v.toUpperCase(Locale.ROOT));
                case "--hidden" -> hidden = Arrays.stream(v.split("x")).mapToInt(Integer::parseInt).toArray();
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean profiled = Boolean.getBoolean("diffevo4j.agents.profile");
        StringBuilder md = new StringBuilder("# ProtocolBenchmark\n\n")
                .append(BenchInfo.header(ProtocolBenchmark.class, args));
        md.append("\nPaper RL protocol (").append(strategy).append(", N=256, T=10, 1 episode, cap 500")
                .append(hidden == null ? "" : ", hidden " + Arrays.toString(hidden)).append("), backend ")
                .append(backend).append(", threads ").append(threads).append(", ").append(warmup)
                .append(" warm-up runs and at least ").append(warmupSeconds).append(" s of them, median of ").append(repeat).append(" runs (seeds ").append(firstSeed)
                .append("..").append(firstSeed + repeat - 1).append("); seconds\n\n");
        md.append("| env | total | evaluation | env steps | policy forward | other evaluation | DE ask+tell | rest"
                + " | agent-steps | agent-steps/s in evaluation | final mean return | calling thread CPU s (median, min) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String env : envs) {
            long warmStart = System.nanoTime();
            for (int w = 0; w < warmup || System.nanoTime() - warmStart < warmupSeconds * 1e9; w++) {
                runOnce(env, strategy, firstSeed + 100 + w, threads, backend, hidden);
            }
            double[][] cols = new double[10][repeat];
            for (int r = 0; r < repeat; r++) {
                JvmEvaluator.resetProfile();
                long cpu0 = callerCpuNanos();
                double[] v = runOnce(env, strategy, firstSeed + r, threads, backend, hidden);
                double cpu = (callerCpuNanos() - cpu0) / 1e9;
                long[] prof = JvmEvaluator.profileNanos();
                double eval = v[1];
                double envS = prof[2] > 0 ? eval * prof[0] / prof[2] : Double.NaN;
                double fwdS = prof[2] > 0 ? eval * prof[1] / prof[2] : Double.NaN;
                double[] row = {v[0], eval, envS, fwdS, eval - envS - fwdS, v[2], v[0] - eval - v[2], v[3], v[4], cpu};
                for (int c = 0; c < row.length; c++) {
                    cols[c][r] = row[c];
                }
                System.out.printf(Locale.ROOT, "%s seed %d: total %.4f s, evaluation %.4f s, update %.4f s, %d steps,"
                        + " final %.1f%n", env, firstSeed + r, v[0], eval, v[2], (long) v[3], v[4]);
            }
            double[] med = new double[cols.length];
            for (int c = 0; c < cols.length; c++) {
                double[] s = cols[c].clone();
                Arrays.sort(s);
                med[c] = s[repeat / 2];
            }
            String envCol = profiled ? fmt(med[2]) : "-";
            double minCpu = Arrays.stream(cols[9]).min().orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %.0f | %.3g | %.1f | %s, %s |%n",
                    env, fmt(med[0]), fmt(med[1]), envCol, profiled ? fmt(med[3]) : "-", profiled ? fmt(med[4]) : "-",
                    fmt(med[5]), fmt(med[6]), med[7], med[7] / med[1], med[8], fmt(med[9]), fmt(minCpu)));
            Files.writeString(out, md.toString());
        }
        md.append("\nFinished; ").append(BenchInfo.loadAverage()).append('\n');
        Files.writeString(out, md.toString());
        System.out.print(md);
    }

    /**
     * CPU time of the calling thread (nanosecond resolution; the process's CPU time counts in 10 ms
     * ticks on Linux, too coarse for a 30 ms run). With {@code --threads 1} the evaluator plays every
     * episode on this thread; unlike wall time it barely grows when other processes compete for the
     * cores, so A/B comparisons on a shared machine read it.
     */
    private static long callerCpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static String fmt(double s) {
        return String.format(Locale.ROOT, "%.4f", s);
    }

    /** {total, evaluation, update, agent-steps, final mean return}. */
    private static double[] runOnce(String env, String strategy, long seed, int threads, Backend backend, int[] hidden) {
        ProtocolConfig c = ProtocolConfig.paper(env, strategy, seed).withThreads(threads).withBackend(backend);
        if (hidden != null) {
            c = c.withHidden(hidden);
        }
        long t0 = System.nanoTime();
        double eval = 0;
        double update = 0;
        long steps = 0;
        double fin;
        try (RlProtocol run = new RlProtocol(c)) {
            ProtocolResult r = run.run(null);
            for (StepMetrics m : r.history()) {
                eval += m.evalSeconds();
                update += m.updateSeconds();
                steps += m.agentSteps();
            }
            fin = r.finalEvaluation().mean();
        }
        double total = (System.nanoTime() - t0) / 1e9;
        return new double[] {total, eval, update, steps, fin};
    }
}
