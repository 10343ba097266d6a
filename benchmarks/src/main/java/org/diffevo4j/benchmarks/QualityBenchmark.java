package org.diffevo4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.protocol.ProtocolConfig;
import org.diffevo4j.agents.protocol.ProtocolResult;
import org.diffevo4j.agents.protocol.RlProtocol;

/**
 * Runs the paper's RL protocol over several seeds and writes a markdown file: a summary table of the
 * final population's mean return over seeds (median, mean, sample standard deviation, min, max) and
 * success rate, then every seed's value, so that any other statistic can be recomputed from the
 * file.
 *
 * <pre>
 * bench/run.sh QualityBenchmark [--envs CartPole-v1,Acrobot-v1,MountainCar-v0]
 *     [--strategies latent-diffusion,diffusion] [--seeds 1000:10] [--threads 2] [--out quality.md]
 * </pre>
 */
public final class QualityBenchmark {

    private QualityBenchmark() {
    }

    /**
     * Entry point; options as in the class comment.
     *
     * @throws IOException if the output file cannot be written
     */
    public static void main(String[] args) throws IOException {
        List<String> envs = List.of("CartPole-v1", "Acrobot-v1", "MountainCar-v0");
        List<String> strategies = List.of("latent-diffusion", "diffusion");
        long firstSeed = 1000;
        int nSeeds = 10;
        int threads = Runtime.getRuntime().availableProcessors();
        Path out = Path.of("quality.md");
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--envs" -> envs = List.of(v.split(","));
                case "--strategies" -> strategies = List.of(v.split(","));
                case "--seeds" -> {
                    String[] p = v.split(":");
                    firstSeed = Long.parseLong(p[0]);
                    nSeeds = Integer.parseInt(p[1]);
                }
                case "--threads" -> threads = Integer.parseInt(v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        StringBuilder md = new StringBuilder("# QualityBenchmark\n\n")
                .append(BenchInfo.header(QualityBenchmark.class, args));
        md.append("\nPaper RL protocol (N=256, T=10 cosine, eta=1, latent d=2, MLP obs-8-act ReLU, temperature 1, ")
                .append("1 episode, cap 500), JVM backend; seeds ").append(firstSeed).append("..")
                .append(firstSeed + nSeeds - 1).append(", threads ").append(threads)
                .append(". Per seed: the final population's mean return;")
                .append(" std is the sample standard deviation over seeds.")
                .append("\n\n");
        StringBuilder summary = new StringBuilder();
        summary.append("| env | strategy | median | mean | std | min | max | mean success rate | seconds per run |\n");
        summary.append("|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder perSeed = new StringBuilder("\nPer seed (final mean return, success rate):\n\n");
        perSeed.append("| env | strategy | seed | final mean return | success rate |\n|---|---|---|---|---|\n");
        for (String env : envs) {
            for (String strategy : strategies) {
                double[] finals = new double[nSeeds];
                double succ = 0;
                double secs = 0;
                for (int s = 0; s < nSeeds; s++) {
                    ProtocolConfig c = ProtocolConfig.paper(env, strategy, firstSeed + s).withThreads(threads)
                            .withBackend(Backend.JVM);
                    long t0 = System.nanoTime();
                    double rate;
                    try (RlProtocol run = new RlProtocol(c)) {
                        ProtocolResult r = run.run(null);
                        finals[s] = r.finalEvaluation().mean();
                        rate = r.finalEvaluation().successRate();
                    }
                    succ += rate;
                    secs += (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "%s %s seed %d: final mean %.1f%n", env, strategy, firstSeed + s,
                            finals[s]);
                    // full precision here: this is the raw value the summary is computed from
                    perSeed.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.4f |%n", env, strategy,
                            firstSeed + s, Double.toString(finals[s]), rate));
                }
                double[] sorted = finals.clone();
                Arrays.sort(sorted);
                double median = nSeeds % 2 == 1 ? sorted[nSeeds / 2]
                        : (sorted[nSeeds / 2 - 1] + sorted[nSeeds / 2]) / 2;
                double mean = Arrays.stream(finals).average().orElse(Double.NaN);
                double ss = 0;
                for (double f : finals) {
                    ss += (f - mean) * (f - mean);
                }
                double std = nSeeds > 1 ? Math.sqrt(ss / (nSeeds - 1)) : Double.NaN;
                summary.append(String.format(Locale.ROOT,
                        "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.3f | %.2f |%n", env, strategy, median, mean, std, sorted[0], sorted[nSeeds - 1], succ / nSeeds, secs / nSeeds));
                Files.writeString(out, md + summary.toString() + perSeed);
            }
        }
        String all = md + summary.toString() + perSeed + "\nFinished; " + BenchInfo.loadAverage() + "\n";
        Files.writeString(out, all);
        System.out.print(summary);
    }
}
