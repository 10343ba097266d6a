package org.diffevo4j.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.protocol.ProtocolConfig;
import org.diffevo4j.agents.protocol.ProtocolResult;
import org.diffevo4j.agents.protocol.RlProtocol;
import org.diffevo4j.agents.protocol.StepMetrics;
import org.diffevo4j.core.Strategies;
import org.diffevo4j.core.Strategy;

/**
 * The time around the rollout in a training step (issue 13, goals 2 and 3), in a warm JVM, using only
 * the public API so that the same source compiles against an older commit for an A/B run
 * (benchmarks/scripts/step-overhead-ab.sh):
 * <ul>
 *   <li>{@code protocol}: the RL table's "large latent" cell (CartPole-v1, MLP 4-128-128-2, population
 *       256, 10 steps, latent Diffusion Evolution d = 2, one rollout thread), whole runs, wall time;
 *       prints the median total, evaluation and ask+tell seconds and the final mean return;</li>
 *   <li>{@code small}: the same for the paper's 4-8-2 protocol;</li>
 *   <li>{@code update}: one ask + tell of a strategy (N = 256, D = 58) with fixed scores, the
 *       per-generation strategy cost of the small protocols; prints the median milliseconds.</li>
 * </ul>
 *
 * <pre>
 * java -cp ... org.diffevo4j.benchmarks.StepOverheadBenchmark protocol [warmup] [repeat]
 * java -cp ... org.diffevo4j.benchmarks.StepOverheadBenchmark small [warmup] [repeat] [env]
 * java -cp ... org.diffevo4j.benchmarks.StepOverheadBenchmark update [warmup] [repeat] [strategy] [D]
 * </pre>
 */
public final class StepOverheadBenchmark {

    private StepOverheadBenchmark() {
    }

    /** Entry point; arguments as in the class comment. */
    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "protocol";
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int repeat = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        switch (what) {
            case "protocol" -> protocol("CartPole-v1", List.of(128, 128), warmup, repeat);
            case "small" -> protocol(args.length > 3 ? args[3] : "CartPole-v1", List.of(8), warmup, repeat);
            case "update" -> update(args.length > 3 ? args[3] : "latent-diffusion",
                    args.length > 4 ? Integer.parseInt(args[4]) : 58, warmup, repeat);
            default -> throw new IllegalArgumentException("unknown mode " + what);
        }
    }

    private static void protocol(String env, List<Integer> hidden, int warmup, int repeat) {
        double[][] cols = new double[3][repeat];
        double fin = Double.NaN;
        for (int r = -warmup; r < repeat; r++) {
            ProtocolConfig c = ProtocolConfig.paper(env, "latent-diffusion", 1000 + Math.max(r, 0))
                    .withBackend(Backend.JVM).withThreads(1).withStrategyOptions(Map.of("scaling", "1.0"));
            c = hidden.size() == 2 ? c.withHidden(hidden.get(0), hidden.get(1)) : c.withHidden(hidden.get(0));
            long t0 = System.nanoTime();
            double eval = 0;
            double update = 0;
            try (RlProtocol run = new RlProtocol(c)) {
                ProtocolResult res = run.run(null);
                for (StepMetrics m : res.history()) {
                    eval += m.evalSeconds();
                    update += m.updateSeconds();
                }
                fin = res.finalEvaluation().mean();
            }
            double total = (System.nanoTime() - t0) / 1e9;
            if (r >= 0) {
                cols[0][r] = total;
                cols[1][r] = eval;
                cols[2][r] = update;
            }
        }
        System.out.printf(Locale.ROOT, "%s %s: median of %d: total %.4f s, evaluation %.4f s, ask+tell %.4f s,"
                + " rest %.4f s; last final mean return %.17g%n", env, hidden, repeat, median(cols[0]), median(cols[1]),
                median(cols[2]), median(cols[0]) - median(cols[1]) - median(cols[2]), fin);
    }

    private static void update(String strategy, int dim, int warmup, int repeat) {
        int n = 256;
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = Math.sin(i * 0.37) * 100;
        }
        // each sample: a fresh 10-step run, ask + tell for all 10 generations, divided by 10
        double[] ms = new double[repeat];
        double check = 0;
        for (int r = -warmup; r < repeat; r++) {
            Strategy s = Strategies.create(strategy, dim, 7 + r, Map.of("populationSize", n, "steps", 10));
            long t0 = System.nanoTime();
            while (!s.isDone()) {
                check += s.ask().getDouble(0, 0);
                s.tell(scores);
            }
            if (r >= 0) {
                ms[r] = (System.nanoTime() - t0) / 1e6 / 10;
            }
        }
        System.out.printf(Locale.ROOT, "update %s N=%d D=%d: median of %d: %.4f ms per ask+tell (check %.17g)%n",
                strategy, n, dim, repeat, median(ms), check);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
