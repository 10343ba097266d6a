package org.diffevo4j.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.diffevo4j.core.benchmarks.TwoDBenchmark;
import org.diffevo4j.core.benchmarks.TwoDFunction;
import org.diffevo4j.core.benchmarks.TwoDSuite;

/**
 * Warm wall time of one whole Diffusion Evolution run of the paper's 2-D benchmark (population 512,
 * 25 cosine steps, {@link TwoDBenchmark#run}: strategy, evaluations and final metrics), per function,
 * with the update's Vector API loops on ({@value DiffusionUpdate#SIMD_PROPERTY} auto) and off (the
 * plain-Java loops, bit-identical to the update before the tiled kernel) alternating run by run as
 * the same-run baseline. Run with {@code --add-modules jdk.incubator.vector} for the SIMD side.
 * Not a unit test: {@code java -cp <test classpath> org.diffevo4j.core.TwoDRunBenchmark [runs [max dimension]]}.
 * With {@code -Dbench.cpu=true -Ddiffevo4j.update.threads=1} times are the thread's CPU time.
 */
public final class TwoDRunBenchmark {

    private static final boolean CPU = Boolean.getBoolean("bench.cpu");
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private TwoDRunBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        // the SIMD side is measured compiled: wait for the update's Vector API kernel to take over
        // from its plain-Java twin (WarmingTileKernel), as it does in any long run
        if (TiledX0Estimate.WARMING != null) {
            long t0 = System.nanoTime();
            boolean warm = TiledX0Estimate.WARMING.awaitWarm(60_000);
            System.out.printf("Vector API kernel compiled and in use: %s (after %.1f s of warm-up)%n", warm,
                    (System.nanoTime() - t0) / 1e9);
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int maxDimension = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        System.out.printf("threads %d, SIMD available %s, clock %s%n", RowPartition.threads(),
                TiledX0Estimate.SIMD != null, CPU ? "thread CPU time" : "wall");
        for (TwoDFunction f : TwoDSuite.functions()) {
            if (f.dimension() > maxDimension) {
                continue;
            }
            long[] on = new long[runs];
            long[] off = new long[runs];
            for (int w = 0; w < 10; w++) {
                time(f, w, "auto");
                time(f, w, "off");
            }
            for (int r = 0; r < runs; r++) {
                on[r] = time(f, r, "auto");
                off[r] = time(f, r, "off");
            }
            System.out.printf("%-12s SIMD best %7.2f ms median %7.2f ms | plain Java best %7.2f ms median %7.2f ms"
                    + " | speed-up best %.2fx median %.2fx  (%d runs)%n", f.key(), best(on) / 1e6,
                    median(on) / 1e6, best(off) / 1e6, median(off) / 1e6, (double) best(off) / best(on),
                    median(off) / median(on), runs);
        }
    }

    private static long time(TwoDFunction f, long seed, String simd) {
        String old = System.getProperty(DiffusionUpdate.SIMD_PROPERTY);
        System.setProperty(DiffusionUpdate.SIMD_PROPERTY, simd);
        try {
            long t0 = clock();
            TwoDBenchmark.run(TwoDBenchmark.paperStrategy(DiffusionEvolution.NAME, seed, TwoDBenchmark.Settings.PAPER,
                    f.dimension()), f, 1.0);
            return clock() - t0;
        } finally {
            if (old == null) {
                System.clearProperty(DiffusionUpdate.SIMD_PROPERTY);
            } else {
                System.setProperty(DiffusionUpdate.SIMD_PROPERTY, old);
            }
        }
    }

    private static long clock() {
        return CPU ? MX.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static long best(long[] t) {
        return Arrays.stream(t).min().orElse(0);
    }

    private static double median(long[] t) {
        long[] s = t.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
