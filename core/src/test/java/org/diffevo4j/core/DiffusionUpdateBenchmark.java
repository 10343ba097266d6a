package org.diffevo4j.core;

import java.util.Arrays;

/**
 * Wall time of one Diffusion Evolution update (x0 estimate + DDIM step, with noise) on row-major
 * arrays, the entry {@link DiffusionEvolution} uses, with the implementation before the tiled kernel
 * ({@link LegacyDiffusionUpdate}, commit a49be0e) as the same-run baseline: the two alternate
 * repeat by repeat, so machine load hits both alike. Not a unit test; run with
 * {@code java -cp <test classpath> org.diffevo4j.core.DiffusionUpdateBenchmark [N D d repeats]...}
 * (d: kernel feature dimension, d = D for plain Diffusion Evolution, 2 for a latent run). The
 * baseline is skipped where it would build the whole N x N matrix (N^2 (D + d) above 4e9) or
 * where repeats is negative (its absolute value is then the number of repeats). With
 * {@code -Dbench.cpu=true -Ddiffevo4j.update.threads=1} times are the thread's CPU time.
 */
public final class DiffusionUpdateBenchmark {

    private DiffusionUpdateBenchmark() {
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
        int[][] cases = {{256, 58, 58, 50}, {512, 2, 2, 50}, {4096, 58, 58, 3}, {4096, 58, 2, 3}};
        if (args.length >= 4) {
            cases = new int[args.length / 4][];
            for (int i = 0; i < cases.length; i++) {
                cases[i] = new int[] {Integer.parseInt(args[4 * i]), Integer.parseInt(args[4 * i + 1]),
                    Integer.parseInt(args[4 * i + 2]), Integer.parseInt(args[4 * i + 3])};
            }
        }
        System.out.printf("threads %d (availableProcessors %d), path %s, SIMD %s, clock %s%n", RowPartition.threads(),
                Runtime.getRuntime().availableProcessors(), System.getProperty(DiffusionUpdate.PATH_PROPERTY, "auto"),
                TiledX0Estimate.simd() != null ? "Vector API" : "off (plain Java)", CPU ? "thread CPU time" : "wall");
        Rng rng = new Rng(1);
        for (int[] c : cases) {
            int n = c[0];
            int dim = c[1];
            int fd = c[2];
            int repeats = Math.abs(c[3]);
            boolean baseline = c[3] > 0 && (double) n * n * (dim + fd) <= 4e9;
            double[] x = gaussian(rng, n * dim);
            double[] z = gaussian(rng, n * dim);
            double[] features = fd == dim ? x : gaussian(rng, n * fd);
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = rng.nextDouble();
            }
            double[] x0 = new double[n * dim];
            double[] next = new double[n * dim];
            long[] tNew = new long[repeats];
            long[] tOld = new long[repeats];
            // warm-up (JIT) of both, then alternate
            for (int w = 0; w < (repeats > 5 ? 3 : 1) && n <= 4096; w++) {
                DiffusionUpdate.update(x, n, f, 0.5, 0.6, 1.0, features, fd, z, x0, next);
                if (baseline) {
                    LegacyDiffusionUpdate.update(x, n, f, 0.5, 0.6, 1.0, features, fd, z, x0, next);
                }
            }
            for (int r = 0; r < repeats; r++) {
                long t0 = clock();
                DiffusionUpdate.update(x, n, f, 0.5, 0.6, 1.0, features, fd, z, x0, next);
                tNew[r] = clock() - t0;
                if (baseline) {
                    t0 = clock();
                    LegacyDiffusionUpdate.update(x, n, f, 0.5, 0.6, 1.0, features, fd, z, x0, next);
                    tOld[r] = clock() - t0;
                }
            }
            double work = (double) n * n * (dim + fd);
            System.out.printf("N=%6d D=%5d d=%5d  tiled best %10.3f ms median %10.3f ms  (%.3f ns per N^2 (D+d))",
                    n, dim, fd, best(tNew) / 1e6, median(tNew) / 1e6, best(tNew) / work);
            if (baseline) {
                System.out.printf("  | before best %10.3f ms median %10.3f ms  | speed-up best %.2fx median %.2fx",
                        best(tOld) / 1e6, median(tOld) / 1e6, (double) best(tOld) / best(tNew),
                        (double) median(tOld) / median(tNew));
            }
            System.out.printf("  (%d repeats)%n", repeats);
        }
    }

    /**
     * With {@code -Dbench.cpu=true} (and one update thread) the clock is the calling thread's CPU time,
     * which a loaded machine distorts far less than wall time.
     */
    private static final boolean CPU = Boolean.getBoolean("bench.cpu");
    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

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

    private static double[] gaussian(Rng rng, int len) {
        double[] v = new double[len];
        rng.fillGaussian(v);
        return v;
    }
}
