package org.diffevo4j.latent;

import java.util.Locale;
import org.diffevo4j.core.DiffusionConfig;
import org.diffevo4j.core.DiffusionEvolution;
import org.diffevo4j.core.FitnessMapping;
import org.diffevo4j.core.Rng;
import org.diffevo4j.core.StrategyState;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Wall time of a strategy's own per-step work in a training loop: {@code ask()} + {@code tell()} +
 * {@code state()} (the trainer checkpoints after every step), for {@link DiffusionEvolution} and
 * {@link LatentDiffusionEvolution} (d = 2) with the RL fitness mapping. Scores are drawn from a
 * separate generator, so no objective is timed. Not a unit test; run with
 *
 * <pre>
 * java -cp &lt;latent test classpath&gt; org.diffevo4j.latent.StrategyStepBenchmark [N D runs steps]...
 * </pre>
 *
 * <p>Each case makes one warm-up run and then {@code runs} timed runs of {@code steps} steps
 * (steps - 1 updates and a final evaluation). Reported per update step (mean over the timed runs):
 * ask, tell (only the tells that make an update), state, and their total; and the total of the
 * fastest run (less sensitive to other load on the machine). The default cases are
 * the RL protocol's N = 256, D = 58, and N = 256 / 4096 with D = 58 / 4610.
 */
public final class StrategyStepBenchmark {

    private StrategyStepBenchmark() {
    }

    public static void main(String[] args) {
        int[][] cases = {{256, 58, 20, 10}, {256, 4610, 3, 10}, {4096, 58, 2, 4}, {4096, 4610, 1, 2}};
        if (args.length >= 4) {
            cases = new int[args.length / 4][];
            for (int i = 0; i < cases.length; i++) {
                cases[i] = new int[] {Integer.parseInt(args[4 * i]), Integer.parseInt(args[4 * i + 1]),
                        Integer.parseInt(args[4 * i + 2]), Integer.parseInt(args[4 * i + 3])};
            }
        }
        String only = System.getProperty("bench.strategies", "diffusion,latent-diffusion");
        System.out.printf(Locale.ROOT, "# %d processors, ND4J maxThreads %d, BLAS maxThreads %d, update path property '%s'%n",
                Runtime.getRuntime().availableProcessors(), Nd4j.getEnvironment().maxThreads(),
                Nd4j.factory().blas().getMaxThreads(), System.getProperty("diffevo4j.update.path", "auto"));
        System.out.printf(Locale.ROOT, "%-17s %5s %5s %5s  %10s %10s %10s %10s %10s  (ms per update step; best: the"
                + " fastest run's total)%n", "strategy", "N", "D", "runs", "ask", "tell", "state", "total", "best");
        for (int[] c : cases) {
            for (String name : only.split(",")) {
                bench(name.trim(), c[0], c[1], c[2], c[3]);
            }
        }
    }

    private static DiffusionEvolution create(String name, int n, int d, int steps, long seed) {
        DiffusionConfig c = DiffusionConfig.defaults().withPopulationSize(n).withSteps(steps)
                .withFitnessMapping(FitnessMapping.rl());
        return switch (name) {
            case "diffusion" -> new DiffusionEvolution(c, d, seed);
            case "latent-diffusion" -> new LatentDiffusionEvolution(LatentDiffusionEvolution.Config.of(c, 2), d, seed);
            default -> throw new IllegalArgumentException("unknown strategy " + name);
        };
    }

    private static void bench(String name, int n, int d, int runs, int steps) {
        long[] sums = new long[3];
        long best = Long.MAX_VALUE;
        long checksum = 0;
        for (int r = -1; r < runs; r++) {
            long[] t = new long[3];
            DiffusionEvolution s = create(name, n, d, steps, 100 + Math.max(r, 0));
            Rng scores = new Rng(7);
            while (!s.isDone()) {
                boolean update = s.generation() < steps - 1;
                long t0 = System.nanoTime();
                INDArray a = s.ask();
                long t1 = System.nanoTime();
                double[] f = new double[n];
                for (int i = 0; i < n; i++) {
                    f[i] = 500 * scores.nextDouble();
                }
                long t2 = System.nanoTime();
                s.tell(f);
                long t3 = System.nanoTime();
                StrategyState st = s.state();
                long t4 = System.nanoTime();
                checksum += a.length() + st.arrays().size();
                if (update) {
                    t[0] += t1 - t0;
                    t[1] += t3 - t2;
                    t[2] += t4 - t3;
                }
            }
            if (r >= 0) {
                for (int k = 0; k < 3; k++) {
                    sums[k] += t[k];
                }
                best = Math.min(best, t[0] + t[1] + t[2]);
            }
        }
        double per = 1e6 * runs * (steps - 1);
        System.out.printf(Locale.ROOT, "%-17s %5d %5d %5d  %10.3f %10.3f %10.3f %10.3f %10.3f%n", name, n, d, runs,
                sums[0] / per, sums[1] / per, sums[2] / per, (sums[0] + sums[1] + sums[2]) / per, best / 1e6 / (steps - 1));
        if (checksum == 42) {
            System.out.println();
        }
    }
}
