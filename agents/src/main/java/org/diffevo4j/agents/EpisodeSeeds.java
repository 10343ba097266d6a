package org.diffevo4j.agents;

/** Deterministic derivation of per-episode reset seeds from one base seed. */
public final class EpisodeSeeds {

    private EpisodeSeeds() {
    }

    /**
     * {@code n} seeds: seed k is SplitMix64's k-th output from {@code baseSeed}, so seed k depends only
     * on {@code baseSeed} and {@code k}.
     */
    public static long[] derive(long baseSeed, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("seed count must be >= 0, got " + n);
        }
        long[] s = new long[n];
        for (int k = 0; k < n; k++) {
            long z = baseSeed + (k + 1L) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            s[k] = z ^ (z >>> 31);
        }
        return s;
    }
}
