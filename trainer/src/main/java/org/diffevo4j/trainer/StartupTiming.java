package org.diffevo4j.trainer;

import java.util.Locale;

/**
 * Phase timings for start-up work: with {@code -Ddiffevo4j.timing=true} each {@link #mark} prints
 * one line to stderr with the milliseconds since the JVM started and since the previous mark
 * ({@code bench/results/cli-startup.md} records what they showed). Off by default and then free.
 */
final class StartupTiming {

    static final boolean ON = Boolean.getBoolean("diffevo4j.timing");
    private static final long START_NANOS = System.nanoTime();
    private static long last = START_NANOS;

    private StartupTiming() {
    }

    static synchronized void mark(String phase) {
        if (!ON) {
            return;
        }
        long now = System.nanoTime();
        long sinceJvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        System.err.printf(Locale.ROOT, "[timing] %-28s %6d ms since JVM start, +%5.0f ms (%s)%n", phase, sinceJvm,
                (now - last) / 1e6, Thread.currentThread().getName());
        last = now;
    }
}
