package org.diffevo4j.latent;

import java.util.Arrays;
import org.diffevo4j.core.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed linear map P (d x D) from genome space to a low-dimensional latent space, in which latent
 * Diffusion Evolution measures kernel distances (docs/algorithm.md section 4). Immutable; serialises as
 * its shape and a row-major {@code double[]}.
 */
public final class RandomProjection {

    private final int latentDim;
    private final int dimension;
    private final double[] rowMajor;
    /** P^T, D x d, kept for {@link #project}. */
    private final INDArray transposed;

    private RandomProjection(int latentDim, int dimension, double[] rowMajor) {
        this.latentDim = latentDim;
        this.dimension = dimension;
        this.rowMajor = rowMajor;
        this.transposed = Nd4j.create(rowMajor.clone(), new long[] {latentDim, dimension}, DataType.DOUBLE)
                .transpose().dup('c');
    }

    /**
     * The paper's projection: entries N(0, 1)/sqrt(D) drawn row by row from {@code rng}, then each row
     * scaled to unit L2 norm (so the 1/sqrt(D) only matters for the draw, not the result).
     *
     * @param latentDim d &gt;= 1
     * @param dimension D &gt;= 1
     * @param rng       the generator to draw from (advanced by d * D Gaussian draws)
     */
    public static RandomProjection gaussian(int latentDim, int dimension, Rng rng) {
        checkShape(latentDim, dimension);
        if (rng == null) {
            throw new IllegalArgumentException("random projection: rng must not be null");
        }
        double[] p = new double[Math.multiplyExact(latentDim, dimension)];
        double scale = 1 / Math.sqrt(dimension);
        for (int k = 0; k < p.length; k++) {
            p[k] = rng.nextGaussian() * scale;
        }
        for (int r = 0; r < latentDim; r++) {
            double norm = 0;
            for (int j = 0; j < dimension; j++) {
                norm += p[r * dimension + j] * p[r * dimension + j];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                // all D draws exactly 0: impossible in practice with a continuous distribution
                throw new IllegalStateException("random projection: row " + r + " drew all zeros");
            }
            for (int j = 0; j < dimension; j++) {
                p[r * dimension + j] /= norm;
            }
        }
        return new RandomProjection(latentDim, dimension, p);
    }

    /**
     * A projection with the given entries.
     *
     * @param rowMajor d * D finite values, row by row (copied)
     */
    public static RandomProjection of(int latentDim, int dimension, double[] rowMajor) {
        checkShape(latentDim, dimension);
        if (rowMajor == null || rowMajor.length != (long) latentDim * dimension) {
            throw new IllegalArgumentException("random projection: expected " + latentDim + " x " + dimension + " = "
                    + (long) latentDim * dimension + " entries, got " + (rowMajor == null ? "null" : rowMajor.length));
        }
        for (int k = 0; k < rowMajor.length; k++) {
            if (!Double.isFinite(rowMajor[k])) {
                throw new IllegalArgumentException("random projection: entry (" + k / dimension + ", " + k % dimension
                        + ") is " + rowMajor[k]);
            }
        }
        return new RandomProjection(latentDim, dimension, rowMajor.clone());
    }

    /** The D x D identity: latent codes equal the genomes. */
    public static RandomProjection identity(int dimension) {
        checkShape(dimension, dimension);
        double[] p = new double[Math.multiplyExact(dimension, dimension)];
        for (int j = 0; j < dimension; j++) {
            p[j * dimension + j] = 1;
        }
        return new RandomProjection(dimension, dimension, p);
    }

    private static void checkShape(int latentDim, int dimension) {
        if (latentDim < 1) {
            throw new IllegalArgumentException("random projection: latent dimension must be >= 1, got " + latentDim);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("random projection: dimension must be >= 1, got " + dimension);
        }
    }

    /** d, the latent dimension. */
    public int latentDim() {
        return latentDim;
    }

    /** D, the genome dimension. */
    public int dimension() {
        return dimension;
    }

    /** The entries, row-major (a copy). */
    public double[] toArray() {
        return rowMajor.clone();
    }

    /** P as a d x D DOUBLE matrix (a copy). */
    public INDArray matrix() {
        return Nd4j.create(rowMajor.clone(), new long[] {latentDim, dimension}, DataType.DOUBLE);
    }

    /**
     * Latent codes {@code z = x P^T}.
     *
     * @param x N x D
     * @return N x d, double precision
     */
    public INDArray project(INDArray x) {
        if (x == null || x.rank() != 2 || x.columns() != dimension) {
            throw new IllegalArgumentException("random projection: expected an N x " + dimension + " matrix, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        INDArray xd = x.dataType() == DataType.DOUBLE ? x : x.castTo(DataType.DOUBLE);
        return xd.mmul(transposed);
    }

    /**
     * Latent codes {@code z = x P^T} of a row-major population, in plain Java: {@code z_ik} sums
     * {@code x_ij P_kj} over j in index order.
     *
     * @param x N x D, row-major
     * @param n N
     * @return N x d, row-major
     */
    public double[] project(double[] x, int n) {
        if (x == null || n < 1 || x.length != (long) n * dimension) {
            throw new IllegalArgumentException("random projection: expected " + n + " x " + dimension + " values, got "
                    + (x == null ? "null" : x.length));
        }
        double[] z = new double[n * latentDim];
        for (int i = 0; i < n; i++) {
            int xo = i * dimension;
            for (int k = 0; k < latentDim; k++) {
                int po = k * dimension;
                double s = 0;
                for (int j = 0; j < dimension; j++) {
                    s += x[xo + j] * rowMajor[po + j];
                }
                z[i * latentDim + k] = s;
            }
        }
        return z;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomProjection p && p.latentDim == latentDim && p.dimension == dimension
                && Arrays.equals(p.rowMajor, rowMajor);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * latentDim + dimension) + Arrays.hashCode(rowMajor);
    }

    @Override
    public String toString() {
        return "RandomProjection[" + latentDim + " x " + dimension + "]";
    }
}
