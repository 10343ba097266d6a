package org.diffevo4j.trainer;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes checkpoints on a background thread, so the next training step runs while the previous
 * checkpoint is hashed and written: the training thread pays only for the state snapshot (a copy
 * of the arrays) and, if a write is still running when the next one is due, for the wait.
 *
 * <p>At most one write is in flight and writes happen in step order. A checkpoint is replaced
 * atomically, so a process killed during a write resumes from the previous one, exactly as with
 * synchronous writes; {@link #await()} (and {@link #close()}) make sure the latest one is on disk and
 * rethrow a failed write's exception on the training thread.
 *
 * <pre>{@code
 * try (CheckpointWriter w = new CheckpointWriter()) {
 *     w.submit(dir, checkpoint);   // returns at once
 * }                                // the checkpoint is on disk here
 * }</pre>
 */
public final class CheckpointWriter implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "diffevo4j-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private Future<?> inFlight;

    /** Starts writing {@code checkpoint} into {@code dir} once the previous write is done. */
    public void submit(RunDirectory dir, Checkpoint checkpoint) {
        await();
        inFlight = thread.submit(() -> dir.writeCheckpoint(checkpoint));
    }

    /**
     * Waits until the last submitted checkpoint is on disk.
     *
     * @throws RuntimeException the write's own exception (e.g. the disk is full)
     */
    public void await() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a checkpoint", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("checkpoint write failed", e.getCause());
        } finally {
            inFlight = null;
        }
    }

    /** Waits for the last write, then stops the thread. */
    @Override
    public void close() {
        try {
            await();
        } finally {
            thread.shutdown();
        }
    }
}
