package org.diffevo4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The x0 estimate by ND4J matrix products (BLAS on a CPU backend, the path that runs on a GPU
 * backend), streamed over blocks of query rows like {@link TiledX0Estimate}: for each block of B
 * rows, one B x N kernel block from one matrix product, then one B x N by N x (D + 1) product gives
 * the block's weighted sums and normalisers together. B is at most {@code 4 (D + d + 2)} and at most
 * 2^25 / N (and at least 64), so the kernel block takes O(N (D + d)) memory like the population
 * itself, and at most 256 MiB once N passes 2^19 / 64, never N x N.
 *
 * <p>With {@code fe_j = (f_j + eps)/p} the weights split into {@code w_ij = k_ij fe_j + eps fe_j};
 * the second part is the same for every row, so
 * {@code sum_j w_ij [x_j | 1] = K [fe x | fe] + eps 1 sum_j fe_j [x_j | 1]}.
 * Distances come from {@code ||f_i||^2 + a ||f_j||^2 - 2 sqrt(a) f_i.f_j} (a matrix product of two
 * augmented matrices), clamped at 0; this differs from the plain-Java path's direct differences by
 * rounding (both match the reference cases).
 */
final class Nd4jX0Estimate {

    private Nd4jX0Estimate() {
    }

    /** A kernel block holds at most this many doubles (256 MiB) unless 64 rows need more. */
    static final long MAX_BLOCK_DOUBLES = 1L << 25;

    /**
     * Query rows per block for rows of D values and d features: {@code 4 (D + d + 2)}, at most
     * {@link #MAX_BLOCK_DOUBLES} / N, at least 64, at most N.
     */
    static int queryBlock(int n, int dim, int featureDim) {
        long b = Math.min(4L * ((long) dim + featureDim + 2), MAX_BLOCK_DOUBLES / n);
        return (int) Math.min(n, Math.max(64L, b));
    }

    /** x0 (N x D, double) for a validated double population, fitness and features. */
    static INDArray estimate(INDArray xd, double[] fitness, double alpha, INDArray features) {
        int n = xd.rows();
        int dim = xd.columns();
        int fdim = features.columns();
        double p = DiffusionUpdate.uniformDensity(n);
        double[] fe = new double[n];
        for (int j = 0; j < n; j++) {
            fe[j] = (fitness[j] + DiffusionUpdate.EPSILON) / p;
        }
        INDArray feCol = Nd4j.createFromArray(fe).reshape(n, 1);
        INDArray y = Nd4j.hstack(xd.mulColumnVector(feCol), feCol);
        INDArray common = y.sum(0).muli(DiffusionUpdate.EPSILON).reshape(1, dim + 1);
        INDArray[] factors = kernelFactors(features, alpha);
        INDArray left = factors[0];
        INDArray right = factors[1];
        INDArray x0 = Nd4j.create(xd.dataType(), n, dim);
        int block = queryBlock(n, dim, fdim);
        for (int i0 = 0; i0 < n; i0 += block) {
            int i1 = Math.min(n, i0 + block);
            INDArray e = kernelRows(left, right, i0, i1);
            INDArray g = Nd4j.gemm(e, y, false, false);
            g.addiRowVector(common);
            INDArray den = g.get(NDArrayIndex.all(), NDArrayIndex.point(dim)).add(DiffusionUpdate.EPSILON)
                    .reshape(i1 - i0, 1);
            x0.get(NDArrayIndex.interval(i0, i1), NDArrayIndex.all())
                    .assign(g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, dim)).divColumnVector(den));
        }
        return x0;
    }

    /**
     * The two augmented factors {A, B} (N x (d + 2) each) whose product A B^T is the kernel's exponent.
     * ||f_i - s f_j||^2 = ||f_i||^2 + a ||f_j||^2 - 2 s f_i.f_j: all three terms, times the kernel's
     * c = -1/(2(1 - a)), come out of one matrix product of A = c [-2 s f | ||f||^2 | 1] and
     * B = [f | 1 | a ||f||^2], so E = A B^T = -||f_i - s f_j||^2 / (2(1 - a)). Rounding can push a tiny
     * true distance below 0, i.e. E above 0; callers clamp it, since a squared distance is never negative.
     */
    static INDArray[] kernelFactors(INDArray f, double alpha) {
        int n = f.rows();
        double sa = Math.sqrt(alpha);
        double c = -1.0 / (2 * (1 - alpha));
        INDArray sq = f.mul(f).sum(1).reshape(n, 1);
        INDArray ones = Nd4j.ones(f.dataType(), n, 1);
        INDArray left = Nd4j.hstack(f.mul(-2 * sa), sq, ones).muli(c);
        INDArray right = Nd4j.hstack(f, ones, sq.mul(alpha));
        return new INDArray[] {left, right};
    }

    /**
     * Rows [i0, i1) of the kernel matrix from its {@link #kernelFactors}: exp(min(A B^T, 0)), the
     * clamp because a squared distance is never negative.
     */
    static INDArray kernelRows(INDArray left, INDArray right, int i0, int i1) {
        INDArray l = left.get(NDArrayIndex.interval(i0, i1), NDArrayIndex.all());
        INDArray e = Nd4j.gemm(l, right, false, true);
        Transforms.min(e, 0.0, false);
        return Transforms.exp(e, false);
    }

    /** The full N x N kernel matrix (for {@link DiffusionUpdate#kernel}: tests and small N only). */
    static INDArray kernel(INDArray f, double alpha) {
        INDArray[] factors = kernelFactors(f, alpha);
        return kernelRows(factors[0], factors[1], 0, f.rows());
    }
}
