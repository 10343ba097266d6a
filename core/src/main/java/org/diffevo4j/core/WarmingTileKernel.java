package org.diffevo4j.core;

import java.util.Random;

/**
 * The SIMD tile kernel as a short run should meet it: the Vector API kernel once the JIT has compiled
 * it, its bit-identical plain-Java twin ({@link ScalarTwinTileKernel}) until then. Before C2 compiles
 * it, Vector API code is slower than plain Java by orders of magnitude (every vector operation
 * allocates); a 10-step CartPole training took 1.44-1.61 s with the vector kernel from its first call
 * and 0.92-1.03 s like this
 * (bench/results/cli-simd-warmup.md). The {@value #UPDATES_BEFORE_WARMUP}th update of the JVM starts one daemon thread,
 * {@value #THREAD_NAME}, that runs the vector kernel and the twin on a fixed synthetic workload
 * covering every branch, and hands every later update the vector kernel once it has been the
 * faster of the two {@value #FASTER_ROUNDS} rounds in a row. Both give the same bits, so when the
 * switch happens never changes a result, only the time taken. The thread uses at most half a core
 * (it sleeps as long as each round took) and gives up after {@value #MAX_MILLIS} ms, leaving the twin
 * in place: switching on a timer instead once put cold vector code into a benchmark's timed runs. The warm-up waits for a few
 * updates because it costs a few hundred milliseconds of a core: a run that updates ten times (the
 * CLI's default training) is over before it would pay back, and on a 2-core machine it would slow
 * that run's rollouts.
 */
final class WarmingTileKernel {

    static final String THREAD_NAME = "diffevo4j-simd-warmup";
    /** Rounds in a row in which the vector kernel must beat the twin. */
    static final int FASTER_ROUNDS = 3;
    /** How long the warm-up thread tries before it gives up and the twin stays. */
    static final long MAX_MILLIS = 20_000;
    /** Updates through this kernel before the warm-up starts. */
    static final int UPDATES_BEFORE_WARMUP = 16;

    private final SimdTileKernel vector;
    private final SimdTileKernel twin;
    private volatile boolean warm;
    private volatile boolean started;
    private final java.util.concurrent.atomic.AtomicInteger updates = new java.util.concurrent.atomic.AtomicInteger();

    WarmingTileKernel(SimdTileKernel vector) {
        this.vector = vector;
        this.twin = new ScalarTwinTileKernel(vector.lanes());
    }

    private SimdTileKernel current() {
        return warm ? vector : twin;
    }

    /**
     * The kernel for one update (one x0 estimate), the vector kernel or its twin, counting the update;
     * the warm-up starts at the {@value #UPDATES_BEFORE_WARMUP}th.
     */
    SimdTileKernel forUpdate() {
        if (!started && updates.incrementAndGet() >= UPDATES_BEFORE_WARMUP) {
            start();
        }
        return current();
    }

    private synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Thread t = new Thread(this::warmUp, THREAD_NAME);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * Starts the warm-up if it has not started and waits up to {@code millis} for it to switch (for
     * benchmarks that measure the compiled kernel); returns whether calls now go to the vector kernel.
     */
    boolean awaitWarm(long millis) throws InterruptedException {
        if (!started) {
            start();
        }
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!warm && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return warm;
    }

    private void warmUp() {
        Workload w = new Workload(vector.lanes());
        long deadline = System.nanoTime() + MAX_MILLIS * 1_000_000L;
        int faster = 0;
        while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            w.run(vector);
            long t1 = System.nanoTime();
            w.run(twin);
            long t2 = System.nanoTime();
            faster = t1 - t0 < t2 - t1 ? faster + 1 : 0;
            if (faster >= FASTER_ROUNDS) {
                warm = true;
                return;
            }
            // at most half a core: on a small machine the run this warms up for needs the rest
            try {
                Thread.sleep(Math.max(1, (t2 - t0) / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * A small fixed problem that takes every branch of the kernels (4 rows and 1, keys and dimensions
     * that fill no vector), so that the code the JIT compiles for it is the code real updates run.
     */
    private static final class Workload {
        private final int n;
        private final int fd = 2;
        private final int dim;
        private final double[] features;
        private final double[] stT;
        private final double[] fe;
        private final double[] x;
        private final double[] xT;
        private final double[][] k;
        private final double[][] acc;
        private final double[] den;
        private final int[] live;
        private final double[] expIn;
        private final double[] expOut;
        private final double[] expBuf;

        Workload(int lanes) {
            this.n = 8 * lanes + 3;
            this.dim = 5 * lanes + 3;
            Random r = new Random(1);
            features = fill(r, n * fd);
            stT = fill(r, n * fd);
            fe = fill(r, n);
            x = fill(r, n * dim);
            xT = fill(r, 4 * n);
            k = new double[4][n];
            acc = new double[4][dim];
            den = new double[4 * lanes];
            expBuf = new double[4 * lanes];
            live = new int[n];
            for (int q = 0; q < n; q++) {
                live[q] = q;
            }
            expIn = new double[2 * lanes + 1];
            for (int q = 0; q < expIn.length; q++) {
                expIn[q] = -q * 0.7;
            }
            expOut = new double[expIn.length];
        }

        private static double[] fill(Random r, int len) {
            double[] a = new double[len];
            for (int q = 0; q < len; q++) {
                a[q] = r.nextDouble();
            }
            return a;
        }

        void run(SimdTileKernel kernel) {
            java.util.Arrays.fill(den, 0);
            for (int rep = 0; rep < 4; rep++) {
                kernel.weights(features, 0, 4, fd, stT, n, 0, n, -0.5, fe, k, den, 0, expBuf);
                kernel.weights(features, 4, 1, fd, stT, n, 0, n, -0.5, fe, k, den, 0, expBuf);
                kernel.accumulate(x, dim, 0, k, 4, live, n, acc, 0);
                kernel.accumulate(x, dim, 0, k, 1, live, n, acc, 0);
                kernel.narrowRows4(features, 0, fd, stT, n, -0.5, fe, xT, 3, acc, den);
            }
            kernel.exp(expIn, expOut);
        }
    }
}
