package org.diffevo4j.environments;

/**
 * SplitMix64 (Steele, Lea and Flood) kept as one {@code long} per stream, so a batch of N copies holds
 * its N random streams in a single {@code long[]} instead of N generator objects.
 */
final class SeedStreams {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SeedStreams() {
    }

    /** The initial stream state for a user seed; mixed so that neighbouring seeds give unrelated streams. */
    static long initialState(long seed) {
        return mix(seed ^ 0x5DEECE66DL);
    }

    /** Advances {@code states[i]} and returns the next 64 random bits. */
    static long nextLong(long[] states, int i) {
        long s = states[i] + GOLDEN_GAMMA;
        states[i] = s;
        return mix(s);
    }

    /** Uniform in [0, 1) with 53 random bits, like NumPy's {@code random()}. */
    static double nextDouble(long[] states, int i) {
        return (nextLong(states, i) >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
