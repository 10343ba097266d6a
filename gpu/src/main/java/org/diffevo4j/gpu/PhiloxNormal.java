package org.diffevo4j.gpu;

/**
 * The Java twin of rollout.cu's counter-based Gaussian generator ({@code d4j_philox}, {@code d4j_normal}):
 * Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11; the
 * Random123 library's round function and key schedule) and one Box-Muller normal per counter. Element
 * {@code q} of stream {@code stream} under {@code tag} and {@code seed} is a pure function of those four
 * numbers, so the GPU makes any element without state and the host can recompute it to check the GPU.
 * The integer part is bit-exact with the C code; the normal itself uses {@code Math.log} and
 * {@code Math.cos}, which may differ from the C library's or CUDA's in the last bit.
 */
final class PhiloxNormal {

    /** Tag of the DDIM step's noise (stream = the generation). */
    static final int TAG_STEP_NOISE = 0;
    /** Tag of the initial population (stream 0). */
    static final int TAG_INITIAL = 1;
    /** Tag of the latent projection (stream 0); made on the host only. */
    static final int TAG_PROJECTION = 2;

    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    private PhiloxNormal() {
    }

    /** Philox4x32 with 10 rounds: four 32-bit output words of a 128-bit counter under a 64-bit key. */
    static int[] philox(int[] counter, int[] key) {
        int c0 = counter[0];
        int c1 = counter[1];
        int c2 = counter[2];
        int c3 = counter[3];
        int k0 = key[0];
        int k1 = key[1];
        for (int r = 0; r < 10; r++) {
            if (r > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /** The standard normal of element {@code q}: counter (q low, q high, stream, tag), key (seed low, seed high). */
    static double normal(long seed, int stream, int tag, long q) {
        int[] w = philox(new int[] {(int) q, (int) (q >>> 32), stream, tag}, new int[] {(int) seed, (int) (seed >>> 32)});
        long a = ((w[0] & 0xFFFFFFFFL) << 32 | (w[1] & 0xFFFFFFFFL)) >>> 11;
        long b = ((w[2] & 0xFFFFFFFFL) << 32 | (w[3] & 0xFFFFFFFFL)) >>> 11;
        // u1 in (0, 1] so that the log is finite; u2 in [0, 1)
        double u1 = (a + 1) * 0x1.0p-53;
        double u2 = b * 0x1.0p-53;
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Elements 0 .. count - 1 of one stream. */
    static double[] fill(long seed, int stream, int tag, int count) {
        double[] z = new double[count];
        for (int q = 0; q < count; q++) {
            z[q] = normal(seed, stream, tag, q);
        }
        return z;
    }

    /**
     * The latent projection P (d x D, row-major) of a resident run: entries N(0, 1)/sqrt(D) from the
     * {@link #TAG_PROJECTION} stream, then each row scaled to unit L2 norm (the shape of latent's
     * {@code RandomProjection.gaussian}, drawn from this generator instead of the run's {@code Rng}).
     */
    static double[] projection(long seed, int latentDim, int dimension) {
        double[] p = fill(seed, 0, TAG_PROJECTION, latentDim * dimension);
        double scale = 1 / Math.sqrt(dimension);
        for (int c = 0; c < latentDim; c++) {
            double norm = 0;
            for (int k = 0; k < dimension; k++) {
                p[c * dimension + k] *= scale;
                norm += p[c * dimension + k] * p[c * dimension + k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < dimension; k++) {
                p[c * dimension + k] /= norm;
            }
        }
        return p;
    }
}
