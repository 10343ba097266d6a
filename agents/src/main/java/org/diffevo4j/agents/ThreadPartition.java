package org.diffevo4j.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Splits the copies of one evaluation into contiguous slices, one per thread, and waits for them:
 * slice 0 runs on the calling thread (which would otherwise only wait), the others on a fixed pool of
 * {@code threads - 1}. Each slice runs to completion on its thread (episodes are independent, so there
 * is no barrier per time step); slice {@code s} is always handed to the same per-thread worker state.
 * {@link #runChunked} instead lets the threads claim small chunks in turn, for work whose results do
 * not depend on how the copies are cut.
 */
final class ThreadPartition implements AutoCloseable {

    /** What one thread does with its slice {@code [c0, c1)}; {@code slice} indexes per-thread state. */
    interface SliceTask {
        void play(int slice, int c0, int c1);
    }

    private final int threads;
    private final ExecutorService pool;

    ThreadPartition(int threads) {
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "diffevo4j-jvm-evaluator");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /**
     * Plays {@code copies} copies in at most {@link #threads()} slices of at least {@code minSlice}
     * copies (one slice, on the calling thread, when there are too few).
     */
    void run(int copies, int minSlice, SliceTask task) {
        int nSlices = Math.max(1, Math.min(threads, copies / minSlice));
        if (nSlices == 1) {
            task.play(0, 0, copies);
            return;
        }
        fork(nSlices, s -> task.play(s, (int) ((long) copies * s / nSlices),
                (int) ((long) copies * (s + 1) / nSlices)));
    }

    /**
     * Plays {@code copies} copies in chunks of {@code chunk} (the last one shorter) that the threads
     * claim in order, each taking the next one as soon as it is done: a thread slowed by other load, or
     * handed the longer episodes, plays fewer chunks instead of holding up the whole evaluation (with
     * fixed halves, 2 threads on a shared 2-core machine ran at the slower thread's pace). Which thread
     * plays a copy varies from run to run, so {@code task} must give each copy the same result whoever
     * plays it. {@code slice} still indexes per-thread state: one worker per thread, worker 0 the
     * calling thread.
     */
    void runChunked(int copies, int chunk, SliceTask task) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
        }
        int nWorkers = Math.max(1, Math.min(threads, (copies + chunk - 1) / chunk));
        if (nWorkers == 1) {
            task.play(0, 0, copies);
            return;
        }
        final AtomicInteger next = new AtomicInteger();
        fork(nWorkers, s -> claimChunks(s, copies, chunk, next, task));
    }

    private static void claimChunks(int slice, int copies, int chunk, AtomicInteger next, SliceTask task) {
        for (int c0 = next.getAndAdd(chunk); c0 < copies; c0 = next.getAndAdd(chunk)) {
            task.play(slice, c0, Math.min(copies, c0 + chunk));
        }
    }

    /**
     * Runs {@code work} for workers {@code 1 .. workers - 1} on the pool and for worker 0 on the
     * calling thread, then waits for them all ({@link #runHereAndAwait}).
     */
    private void fork(int workers, IntConsumer work) {
        List<Future<?>> futures = new ArrayList<>(workers - 1);
        for (int s = 1; s < workers; s++) {
            final int worker = s;
            futures.add(pool.submit(() -> work.accept(worker)));
        }
        runHereAndAwait(() -> work.accept(0), futures);
    }

    /**
     * Runs {@code here} on the calling thread, then waits for every future. The first failure wins;
     * every slice is waited for before anything is thrown, so that no worker still uses the per-slice
     * state when the caller goes on.
     */
    private static void runHereAndAwait(Runnable here, List<Future<?>> futures) {
        Throwable failure = null;
        try {
            here.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (failure == null) {
                        failure = new IllegalStateException("evaluation interrupted", e);
                    }
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException("evaluation failed", failure);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
