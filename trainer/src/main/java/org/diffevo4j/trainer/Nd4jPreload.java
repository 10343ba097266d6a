package org.diffevo4j.trainer;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

/**
 * Starts logging and ND4J's CPU backend on a background thread while the main thread builds the
 * command line: loading ND4J's native libraries (libnd4jcpu, OpenBLAS) takes a few hundred
 * milliseconds of one core, and configuring logback and building picocli's model of the commands
 * about as long on the other. Only {@link Main#main} starts it, and only for {@code train}; the
 * main thread waits for each part where it first needs it ({@link #awaitLogging}, {@link #awaitNd4j}),
 * so nothing runs in another order than without it. A failure to load ND4J is kept and reported by
 * {@link Nd4jDevice#require} exactly as when it loads ND4J itself. The CUDA build is left alone
 * (its driver probe must come first). {@code -Ddiffevo4j.preload=false} turns it off.
 */
final class Nd4jPreload {

    private static final Set<String> NO_PRELOAD = Set.of("-h", "--help", "-V", "--version");

    private static volatile CompletableFuture<Void> logging;
    private static volatile CompletableFuture<Throwable> nd4j;
    private static volatile Thread thread;

    private Nd4jPreload() {
    }

    /** Starts the preload for a {@code train} command line (not for its help). */
    static void startFor(String[] args) {
        if (args.length == 0 || !args[0].equals("train") || !Boolean.parseBoolean(System.getProperty("diffevo4j.preload", "true"))) {
            return;
        }
        for (String a : args) {
            if (NO_PRELOAD.contains(a)) {
                return;
            }
        }
        if (Nd4jDevice.cudaOnClassPath()) {
            return;
        }
        CompletableFuture<Void> log = new CompletableFuture<>();
        CompletableFuture<Throwable> nd = new CompletableFuture<>();
        logging = log;
        nd4j = nd;
        Thread t = new Thread(() -> {
            try {
                // first, so that the main thread never sees slf4j half-initialised (it would get substitute loggers)
                LoggerFactory.getILoggerFactory();
            } catch (Throwable ignored) {
                // the main thread meets the same problem and reports it
            } finally {
                log.complete(null);
            }
            StartupTiming.mark("preload: logging");
            try {
                Nd4j.getBackend();
                nd.complete(null);
            } catch (Throwable e) {
                nd.complete(e);
            }
            StartupTiming.mark("preload: ND4J backend");
        }, "diffevo4j-preload");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Whether a preload was started in this JVM. */
    static boolean started() {
        return nd4j != null;
    }

    /** Waits until the preload has configured logging; returns at once when none was started. */
    static void awaitLogging() {
        CompletableFuture<Void> f = logging;
        if (f != null) {
            f.join();
        }
    }

    /**
     * Waits until the preload has started ND4J.
     *
     * @return what ND4J threw while starting, or null (also when no preload was started)
     */
    static Throwable awaitNd4j() {
        CompletableFuture<Throwable> f = nd4j;
        return f == null ? null : f.join();
    }

    /**
     * Lets a preload that is still loading native libraries finish before the JVM exits (e.g. after
     * a user error found before ND4J was needed): exiting while another thread runs a library's
     * initialisers is asking for a crash at exit.
     */
    static void finish() {
        Thread t = thread;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
