package org.diffevo4j.agents;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Optional wall-time counters of the JVM evaluator's rollouts, on with the system property
 * {@code diffevo4j.agents.profile=true} (read once, at class load; when off the JIT removes the timing
 * code). See {@link JvmEvaluator#profileNanos()}.
 */
final class RolloutProfile {

    static final boolean ON = Boolean.getBoolean("diffevo4j.agents.profile");
    private static final AtomicLong ENV_NANOS = new AtomicLong();
    private static final AtomicLong FORWARD_NANOS = new AtomicLong();
    private static final AtomicLong TOTAL_NANOS = new AtomicLong();

    private RolloutProfile() {
    }

    static void add(long envNanos, long forwardNanos, long totalNanos) {
        ENV_NANOS.addAndGet(envNanos);
        FORWARD_NANOS.addAndGet(forwardNanos);
        TOTAL_NANOS.addAndGet(totalNanos);
    }

    static long[] get() {
        return new long[] {ENV_NANOS.get(), FORWARD_NANOS.get(), TOTAL_NANOS.get()};
    }

    static void reset() {
        ENV_NANOS.set(0);
        FORWARD_NANOS.set(0);
        TOTAL_NANOS.set(0);
    }
}
