package org.diffevo4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Splits the query rows {@code [0, N)} of an update into fixed chunks and runs them on the calling
 * thread plus a few pooled daemon threads. The chunks depend only on N and the chunk size, never on
 * the number of threads, and each chunk is computed by one thread from start to end, so a
 * computation whose rows do not depend on each other gives bit-identical results for any thread
 * count ({@value DiffusionUpdate#THREADS_PROPERTY}).
 */
final class RowPartition {

    /** The body of one chunk of rows, with per-thread scratch space {@code S}. */
    interface ChunkBody<S> {
        void rows(int from, int to, S scratch);
    }

    private static volatile ExecutorService pool;

    private RowPartition() {
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code chunkRows} rows, on up to
     * {@code maxThreads} threads (the calling thread included); each thread gets one scratch object.
     */
    static <S> void run(int n, int chunkRows, int maxThreads, Supplier<S> scratch, ChunkBody<S> body) {
        int chunks = (n + chunkRows - 1) / chunkRows;
        int threads = Math.max(1, Math.min(maxThreads, chunks));
        AtomicInteger nextChunk = new AtomicInteger();
        Runnable worker = () -> {
            S s = scratch.get();
            for (int ch = nextChunk.getAndIncrement(); ch < chunks; ch = nextChunk.getAndIncrement()) {
                int from = ch * chunkRows;
                body.rows(from, Math.min(from + chunkRows, n), s);
            }
        };
        if (threads == 1) {
            worker.run();
            return;
        }
        ExecutorService ex = pool();
        List<Future<?>> helpers = new ArrayList<>(threads - 1);
        // per helper: 0 not started, 1 started, -1 given up by the calling thread (it then does nothing)
        List<AtomicInteger> starts = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            AtomicInteger start = new AtomicInteger();
            starts.add(start);
            helpers.add(ex.submit(() -> {
                if (start.compareAndSet(0, 1)) {
                    worker.run();
                }
            }));
        }
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int h = 0; h < helpers.size(); h++) {
            // A helper that has not started by now would find no chunk left: give it up rather than wait
            // until a busy machine schedules it (that wait, up to a time slice, took longer than a whole
            // small update under load). One that started may be in a chunk: wait for it.
            if (starts.get(h).compareAndSet(0, -1)) {
                continue;
            }
            Future<?> f = helpers.get(h);
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the update's threads", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = new IllegalStateException("an update thread failed", e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The number of threads an update may use: the system property
     * {@value DiffusionUpdate#THREADS_PROPERTY}, else the available processors.
     */
    static int threads() {
        String t = System.getProperty(DiffusionUpdate.THREADS_PROPERTY);
        if (t != null && !t.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(t.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property " + DiffusionUpdate.THREADS_PROPERTY
                        + " must be an integer, got '" + t + "'", e);
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Daemon threads that help the calling thread. */
    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (RowPartition.class) {
                p = pool;
                if (p == null) {
                    AtomicInteger count = new AtomicInteger();
                    p = Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "diffevo4j-update-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    pool = p;
                }
            }
        }
        return p;
    }
}
