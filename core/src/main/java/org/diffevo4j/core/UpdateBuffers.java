package org.diffevo4j.core;

/**
 * The N x D arrays one {@link DiffusionEvolution} update writes (the noise sample, x0, the next
 * population) and the ND4J path's matrices, kept for the next update instead of allocated anew.
 *
 * <p>Why: at N = 256 and D = 17,410 (the RL table's large latent policy) each array is 36 MB, and
 * fresh ones every generation cost page faults and zeroing that took longer than the update's
 * arithmetic. The strategy hands its old population and x0 back through {@link #recycle} once they are
 * replaced; it never hands either array out (only copies), so nothing else can hold them.
 */
final class UpdateBuffers {

    private double[] noise;
    private double[] spareX0;
    private double[] spareNext;
    private BufferedNd4jUpdate nd4j;

    /** An array of {@code length} for the noise sample (its contents are to be overwritten). */
    double[] noise(int length) {
        if (noise == null || noise.length != length) {
            noise = new double[length];
        }
        return noise;
    }

    /** An array of {@code length} for the new x0 estimate, distinct from the strategy's current arrays. */
    double[] x0(int length) {
        if (spareX0 == null || spareX0.length != length) {
            spareX0 = new double[length];
        }
        return spareX0;
    }

    /** An array of {@code length} for the next population, distinct from the strategy's current arrays. */
    double[] next(int length) {
        if (spareNext == null || spareNext.length != length) {
            spareNext = new double[length];
        }
        return spareNext;
    }

    /**
     * Takes back the population and x0 (may be null) an update has just replaced, as the arrays for
     * the next update's results.
     */
    void recycle(double[] oldX, double[] oldX0) {
        spareNext = oldX;
        spareX0 = oldX0;
    }

    /** The ND4J path's kept matrices for N x D populations with d kernel features. */
    BufferedNd4jUpdate nd4j(int n, int dim, int featureDim) {
        if (nd4j == null || !nd4j.fits(n, dim, featureDim)) {
            nd4j = new BufferedNd4jUpdate(n, dim, featureDim);
        }
        return nd4j;
    }
}
