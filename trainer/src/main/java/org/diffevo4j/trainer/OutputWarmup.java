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
        try {
            List<StepMetrics> one = List.of(new StepMetrics(1, 0.5, 10, 1, 9, 11, 0, 11, 1, 0, 0),
                    new StepMetrics(2, 0.5, 12, 1, 11, 13, 0, 13, 1, 0, 0));
            FitnessPlot.png("warm-up", one);
            StartupTiming.mark("warm-up: chart");
        } catch (Throwable ignored) {
            // only a warm-up: FitnessPlot.write reports real problems
        }
        try {
            // DL4J starts ND4J: never while the preload thread is still initialising it (two threads in the
            // static initialisers of one native library is a deadlock or crash waiting to happen)
            if (Nd4jPreload.awaitNd4j() != null) {
                return;   // ND4J failed to start: the main thread reports it
            }
            ModelSerializer.writeModel(Dl4jExport.warmUpNetwork(), OutputStream.nullOutputStream(), false);
            StartupTiming.mark("warm-up: DL4J");
        } catch (Throwable ignored) {
            // only a warm-up: Dl4jExport reports real problems
        }
    }
}
