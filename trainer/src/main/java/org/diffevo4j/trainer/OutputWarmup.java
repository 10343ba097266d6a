package org.diffevo4j.trainer;

import java.io.OutputStream;
import java.util.List;
import org.deeplearning4j.util.ModelSerializer;
import org.diffevo4j.agents.protocol.StepMetrics;

/**
 * Warms the cold subsystems that only the end of a training run needs, on a background thread
 * while the run starts and trains: Java2D and the fonts for {@code fitness.png} (XChart), and
 * DL4J's network classes and their JSON mapping for {@code best-policy.zip}. Each costs a few
 * hundred milliseconds on a cold JVM, most of it single-threaded class loading and
 * initialisation, so on a multi-core machine it mostly overlaps ND4J's own start and the run.
 *
 * <p>Nothing here writes a file or touches the run's state: the chart goes to memory and the
 * network (zero weights, a fixed small shape) to a discarding stream. A failure is ignored; the
 * real writes then pay the cost (and report any real problem) themselves.
 * {@code -Ddiffevo4j.warmup=false} turns it off.
 */
final class OutputWarmup {

    private OutputWarmup() {
    }

    /** Starts the warm-up on a daemon thread (which never keeps the JVM alive) and returns at once. */
    static void start() {
        if (!Boolean.parseBoolean(System.getProperty("diffevo4j.warmup", "true"))) {
            return;
        }
        Thread t = new Thread(OutputWarmup::run, "diffevo4j-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run() {
        // Native libraries are loaded one thread at a time: the chart loads the JDK's font libraries
        // and DL4J starts ND4J, and a font library loaded while the preload thread was inside ND4J's
        // initialisers (JavaCPP looking up symbols) deadlocked the process in about 1 of 30 runs
        // (bench/results/cli-preload-deadlock.txt). So this waits until ND4J has started, and does
        // nothing when no preload runs (the main thread then loads ND4J at a time this cannot know).
        if (!Nd4jPreload.started() || Nd4jPreload.awaitNd4j() != null) {
            return;
        }
        try {
            List<StepMetrics> one = List.of(new StepMetrics(1, 0.5, 10, 1, 9, 11, 0, 11, 1, 0, 0),
                    new StepMetrics(2, 0.5, 12, 1, 11, 13, 0, 13, 1, 0, 0));
            FitnessPlot.png("warm-up", one);
            StartupTiming.mark("warm-up: chart");
        } catch (Throwable ignored) {
            // only a warm-up: FitnessPlot.write reports real problems
        }
        try {
            ModelSerializer.writeModel(Dl4jExport.warmUpNetwork(), OutputStream.nullOutputStream(), false);
            StartupTiming.mark("warm-up: DL4J");
        } catch (Throwable ignored) {
            // only a warm-up: Dl4jExport reports real problems
        }
    }
}
