package org.diffevo4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs {@code count} independent jobs on up to {@code threads} threads, each thread taking the next
 * index when it is free, so long and short jobs balance. Jobs must not depend on which thread runs
 * them or in which order; then results are the same for any thread count. A job's exception is
 * rethrown on the calling thread.
 *
 * <pre>{@code
 * double[] out = new double[seeds.length];
 * WorkQueue.run(seeds.length, 2, "runs", i -> out[i] = runOnce(seeds[i]));
 * }</pre>
 */
public final class WorkQueue {

    private WorkQueue() {
    }

    /**
     * Runs {@code job.accept(i)} for every i in [0, count).
     *
     * @param name name of the worker threads (for thread dumps)
     */
    public static void run(int count, int threads, String name, IntConsumer job) {
        int k = Math.min(threads, count);
        if (k <= 1) {
            for (int i = 0; i < count; i++) {
                job.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(k, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < k; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        job.accept(i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }
}
