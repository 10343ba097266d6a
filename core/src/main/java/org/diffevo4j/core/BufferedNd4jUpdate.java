package org.diffevo4j.core;

import java.nio.DoubleBuffer;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The ND4J path of {@link DiffusionEvolution}'s update (wide rows: {@link DiffusionUpdate#usesJavaPath}
 * false) with its large arrays kept from one generation to the next, bit-identical to
 * {@link DiffusionUpdate#update(INDArray, double[], double, double, double, INDArray, INDArray)}.
 *
 * <p>Why: for the RL table's large latent cell (N = 256, D = 17,410) every N x D temporary of that
 * method is a 36 MB off-heap allocation; the twenty-odd of them per generation cost millions of page
 * faults and element-by-element copies, far more than the two matrix products that need BLAS. Here
 * only those products (and the small kernel-feature work) stay in ND4J, on arrays allocated once:
 * the population matrix (for the features), {@code y = [f x | f]} and the product block. The
 * element-wise parts (scaling by fitness, adding the common term, the division by the normaliser,
 * the DDIM step) run as plain loops over {@code double[]}: each is one IEEE operation per element in
 * the same order as ND4J's element-wise ops, so the results have the same bits
 * ({@code BufferedNd4jUpdateTest} checks this against the ND4J path).
 *
 * <p>Where {@link FusedWideUpdate#applies} (N &lt;= 256, a multiple of 8, with the Vector API) only the
 * kernel features and the kernel's exponential stay in ND4J; the product, x0 and the step run there,
 * with the same bits.
 */
final class BufferedNd4jUpdate {

    private final int n;
    private final int dim;
    private final int featureDim;
    /** The population as an N x D matrix, for the kernel features. */
    private final INDArray xm;
    /** {@code y = [fe x | fe]}, N x (D + 1): fitness-weighted rows and the weights themselves. */
    private INDArray ym;
    /** One row of y or of the product, on its way to or from ND4J (one cache-sized row, not N of them). */
    private final double[] row;
    private final double[] fe;
    /** One block of {@code K y}: B x (D + 1) (a smaller matrix for a short last block). */
    private final int block;
    private INDArray gm;
    private INDArray gmLast;
    /** The N x N kernel matrix for {@link FusedWideUpdate}, row-major, and its way through ND4J's exp. */
    private double[] kernel;
    private INDArray expm;

    BufferedNd4jUpdate(int n, int dim, int featureDim) {
        this.n = n;
        this.dim = dim;
        this.featureDim = featureDim;
        this.xm = Nd4j.create(DataType.DOUBLE, new long[] {n, dim}, 'c');
        this.row = new double[dim + 1];
        this.fe = new double[n];
        this.block = Nd4jX0Estimate.queryBlock(n, dim, featureDim);
    }

    /** Whether this holds buffers for N x D populations with d kernel features. */
    boolean fits(int rows, int cols, int features) {
        return rows == n && cols == dim && features == featureDim;
    }

    /**
     * Whether an N x D population fits this class's bulk copies: NIO views of ND4J buffers stop at
     * 2 GiB, so larger ones take {@link DiffusionUpdate}'s ND4J path as a whole.
     */
    static boolean fitsNio(int n, int dim) {
        return HostCopies.fitsNio((long) n * (dim + 1));
    }

    /**
     * One update, as {@link DiffusionUpdate#update(double[], int, double[], double, double, double,
     * double[], int, double[], double[], double[])} on its ND4J path.
     *
     * @param x        the population, N x D row-major (not modified)
     * @param fitness  non-negative fitness, length N (validated here)
     * @param features the kernel features of the population matrix (N x d); must not modify it
     * @param noise    z, N x D row-major; read only when sigma is not 0; may be {@code nextOut} itself (each
     *                 value is read before the next population's value in its place is written)
     * @param x0Out    receives x0, N x D row-major
     * @param nextOut  receives the next population, N x D row-major
     */
    void update(double[] x, double[] fitness, double alpha, double alphaPrev, double eta,
                UnaryOperator<INDArray> features, double[] noise, double[] x0Out, double[] nextOut) {
        if (fitness == null || fitness.length != n) {
            throw new IllegalArgumentException("got " + (fitness == null ? "no" : fitness.length)
                    + " fitness values for a population of " + n);
        }
        FitnessMapping.requireValid(fitness);
        double sigma = DiffusionUpdate.sigma(alpha, alphaPrev, eta);
        if (sigma != 0 && noise == null) {
            throw new IllegalArgumentException("the step adds noise (sigma = " + sigma + ") but no noise sample was given");
        }
        HostCopies.copyIn(x, xm);
        INDArray featureMatrix = features.apply(xm);
        // fe_j = (f_j + eps) / p, the kernel's fitness weights, as Nd4jX0Estimate computes them
        double p = DiffusionUpdate.uniformDensity(n);
        for (int j = 0; j < n; j++) {
            fe[j] = (fitness[j] + DiffusionUpdate.EPSILON) / p;
        }
        if (block == n && FusedWideUpdate.applies(n)) {
            fusedUpdate(x, alpha, alphaPrev, sigma, featureMatrix, noise, x0Out, nextOut);
            return;
        }
        estimateX0(x, alpha, featureMatrix, x0Out);
        DdimStep.apply(x, x0Out, alpha, alphaPrev, sigma, sigma != 0 ? noise : null, nextOut);
    }

    /** The same update with the product, x0 and the step in {@link FusedWideUpdate}: the same bits. */
    private void fusedUpdate(double[] x, double alpha, double alphaPrev, double sigma,
                             INDArray featureMatrix, double[] noise, double[] x0Out, double[] nextOut) {
        if (kernel == null) {
            kernel = new double[n * n];
            expm = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'c');
        }
        if (featureDim <= FusedWideUpdate.MAX_JAVA_FEATURES) {
            // the kernel matrix as the ND4J path builds it: its exponent by the same operations in Java
            // (one pass instead of a dozen small ND4J ops), the exponential by ND4J, whose bits it decides
            FusedWideUpdate.kernelExponent(DiffusionUpdate.rowMajor(featureMatrix), n, featureDim, alpha, kernel);
            HostCopies.copyIn(kernel, expm);
            Transforms.exp(expm, false);
            HostCopies.copyOut(expm, kernel);
        } else {
            INDArray[] factors = Nd4jX0Estimate.kernelFactors(DiffusionUpdate.toDouble(featureMatrix), alpha);
            DiffusionUpdate.copyRowMajor(Nd4jX0Estimate.kernelRows(factors[0], factors[1], 0, n), kernel);
        }
        FusedWideUpdate.update(x, n, dim, fe, kernel, alpha, alphaPrev, sigma, noise, x0Out, nextOut);
    }

    /** {@link Nd4jX0Estimate#estimate} with the element-wise steps in plain Java. */
    private void estimateX0(double[] x, double alpha, INDArray featureMatrix, double[] x0Out) {
        int w = dim + 1;
        // y = hstack(x.mulColumnVector(fe), fe), written row by row into the kept matrix
        if (ym == null) {
            // only here: the fused update never needs this N x (D + 1) matrix (36 MB for the large RL policy)
            ym = Nd4j.create(DataType.DOUBLE, new long[] {n, dim + 1}, 'c');
        }
        DoubleBuffer yb = HostCopies.hostView(ym);
        for (int i = 0; i < n; i++) {
            double f = fe[i];
            int xo = i * dim;
            for (int k = 0; k < dim; k++) {
                row[k] = x[xo + k] * f;
            }
            row[dim] = f;
            yb.put(row, 0, w);
        }
        HostCopies.written(ym);
        // the column sums stay in ND4J: its reduction order decides their last bits
        double[] common = ym.sum(0).muli(DiffusionUpdate.EPSILON).toDoubleVector();
        INDArray f = DiffusionUpdate.toDouble(featureMatrix);
        // the kernel block exactly as Nd4jX0Estimate builds it (small: N x (d + 2) and B x N)
        INDArray[] factors = Nd4jX0Estimate.kernelFactors(f, alpha);
        INDArray left = factors[0];
        INDArray right = factors[1];
        for (int i0 = 0; i0 < n; i0 += block) {
            int i1 = Math.min(n, i0 + block);
            INDArray e = Nd4jX0Estimate.kernelRows(left, right, i0, i1);
            // what Nd4j.gemm(e, y, false, false) does, into a kept matrix
            INDArray out = product(i1 - i0);
            Nd4j.gemm(e, ym, out, false, false, 1.0, 0.0);
            DoubleBuffer gb = HostCopies.hostView(out);
            for (int r = 0; r < i1 - i0; r++) {
                gb.get(row, 0, w);
                int xo = (i0 + r) * dim;
                // g.addiRowVector(common); den = g[:, D] + 1e-9; x0 = g[:, :D] / den
                double den = (row[dim] + common[dim]) + DiffusionUpdate.EPSILON;
                for (int k = 0; k < dim; k++) {
                    x0Out[xo + k] = (row[k] + common[k]) / den;
                }
            }
        }
    }

    /** The kept B x (D + 1) product matrix for a block of {@code rows} rows. */
    private INDArray product(int rows) {
        if (rows == block) {
            if (gm == null) {
                gm = Nd4j.create(DataType.DOUBLE, new long[] {rows, dim + 1}, 'c');
            }
            return gm;
        }
        if (gmLast == null || gmLast.rows() != rows) {
            gmLast = Nd4j.create(DataType.DOUBLE, new long[] {rows, dim + 1}, 'c');
        }
        return gmLast;
    }
}
