package org.diffevo4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The resident loop's counter-based generator: Philox4x32-10 in Java ({@link PhiloxNormal}) and in
 * rollout.cu's host build against the known-answer vectors published with Random123 (its
 * {@code kat_vectors} file, the three "philox4x32 10" lines: counter, key, expected output), then the
 * normals of the two builds against each other and their first two moments.
 */
class PhiloxNormalTest {

    /** Random123 kat_vectors: {counter[4], key[2], expected[4]}. */
    private static final long[][] KAT = {
        {0x00000000L, 0x00000000L, 0x00000000L, 0x00000000L, 0x00000000L, 0x00000000L,
            0x6627e8d5L, 0xe169c58dL, 0xbc57ac4cL, 0x9b00dbd8L},
        {0xffffffffL, 0xffffffffL, 0xffffffffL, 0xffffffffL, 0xffffffffL, 0xffffffffL,
            0x408f276dL, 0x41c83b0eL, 0xa20bc7c6L, 0x6d5451fdL},
        {0x243f6a88L, 0x85a308d3L, 0x13198a2eL, 0x03707344L, 0xa4093822L, 0x299f31d0L,
            0xd16cfe09L, 0x94fdccebL, 0x5001e420L, 0x24126ea1L},
    };

    private static int[] words(long[] v, int from, int count) {
        int[] w = new int[count];
        for (int i = 0; i < count; i++) {
            w[i] = (int) v[from + i];
        }
        return w;
    }

    @Test
    void javaTwinMatchesRandom123KnownAnswers() {
        for (long[] v : KAT) {
            assertArrayEquals(words(v, 6, 4), PhiloxNormal.philox(words(v, 0, 4), words(v, 4, 2)),
                    "philox4x32-10 of " + Arrays.toString(words(v, 0, 4)));
        }
    }

    @Test
    void hostBuildMatchesRandom123KnownAnswers() {
        HostResidentKernels k = new HostResidentKernels(HostAgreementTest.hostLibrary());
        for (long[] v : KAT) {
            assertArrayEquals(words(v, 6, 4), k.philox(words(v, 0, 4), words(v, 4, 2)),
                    "rollout.cu's d4j_philox of " + Arrays.toString(words(v, 0, 4)));
        }
        k.close();
    }

    /**
     * The C normals against the Java twin: equal up to the last bits of log and cos (glibc's and
     * HotSpot's), so within 4 ulp-sized relative errors; counters above 2^32 and negative seeds included.
     */
    @Test
    void hostNormalsMatchTheJavaTwin() {
        int count = 20_000;
        try (HostResidentKernels k = new HostResidentKernels(HostAgreementTest.hostLibrary())) {
            for (long seed : new long[] {0L, -7L, 0x123456789ABCDEFL}) {
                long buf = k.alloc(8L * count);
                k.normalFill(buf, count, seed, 3, PhiloxNormal.TAG_STEP_NOISE);
                double[] c = new double[count];
                k.download(buf, c, count);
                for (int q = 0; q < count; q++) {
                    double j = PhiloxNormal.normal(seed, 3, PhiloxNormal.TAG_STEP_NOISE, q);
                    assertEquals(j, c[q], 1e-15 * Math.max(1, Math.abs(j)), "seed " + seed + " element " + q);
                }
                k.free(buf);
            }
        }
        // the high word of the counter is used: element 2^32 + 5 is not element 5
        assertTrue(PhiloxNormal.normal(1, 0, 0, (1L << 32) + 5) != PhiloxNormal.normal(1, 0, 0, 5));
    }

    @Test
    void normalsHaveUnitMomentsAndStreamsDiffer() {
        int count = 200_000;
        double[] z = PhiloxNormal.fill(42, 0, PhiloxNormal.TAG_INITIAL, count);
        double mean = 0;
        double sq = 0;
        for (double v : z) {
            mean += v;
            sq += v * v;
        }
        mean /= count;
        double var = sq / count - mean * mean;
        // standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the variance
        assertEquals(0.0, mean, 0.012);
        assertEquals(1.0, var, 0.016);
        double[] other = PhiloxNormal.fill(42, 1, PhiloxNormal.TAG_INITIAL, 100);
        double[] otherTag = PhiloxNormal.fill(42, 0, PhiloxNormal.TAG_STEP_NOISE, 100);
        int same = 0;
        for (int q = 0; q < 100; q++) {
            same += z[q] == other[q] || z[q] == otherTag[q] ? 1 : 0;
        }
        assertEquals(0, same, "streams and tags must give different numbers");
    }
}
