package org.diffevo4j.trainer;

import java.nio.file.Path;

/**
 * A test-only hook that makes "killed in the middle of a run" deterministic: with the system
 * properties {@value #AFTER_STEP}{@code =k} and {@value #MARKER}{@code =file}, the trainer, once the
 * checkpoint of step k is written, writes the marker file and blocks until the process is killed.
 * Without the properties (always, outside tests) it does nothing.
 */
final class PauseHook {

    static final String AFTER_STEP = "diffevo4j.test.pause-after-step";
    static final String MARKER = "diffevo4j.test.pause-marker";

    private PauseHook() {
    }

    /** Whether a test set the hook (then the trainer waits for each checkpoint before calling it). */
    static boolean active() {
        return System.getProperty(AFTER_STEP) != null && System.getProperty(MARKER) != null;
    }

    /** Called after the checkpoint of every step; {@code completedSteps} counts the steps done. */
    static void afterCheckpoint(int completedSteps) {
        String step = System.getProperty(AFTER_STEP);
        String marker = System.getProperty(MARKER);
        if (step == null || marker == null || Integer.parseInt(step.trim()) != completedSteps) {
            return;
        }
        AtomicFiles.write(Path.of(marker), Integer.toString(completedSteps));
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("paused run interrupted", e);
            }
        }
    }
}
