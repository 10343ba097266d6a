package org.diffevo4j.core;

/**
 * {@link SimdTileKernel} in plain Java that gives the same bits as {@code VectorTileKernel}: every
 * lane of the vector kernel is an independent chain of fused multiply-adds, adds and the
 * {@link PolynomialExp} exponential, which this class computes one lane at a time in the same
 * order, keeping the vector kernel's per-lane partial sums (a key's lane is its offset in the tile
 * modulo {@code lanes}) and adding them in lane order where the vector kernel does.
 *
 * <p>Why it exists: the Vector API is only fast once C2 has compiled it; before that (the first
 * hundreds of milliseconds of a JVM) each vector operation allocates and a short run pays more for
 * the cold vector kernel than the whole update costs compiled. {@link WarmingTileKernel} runs this
 * twin until the vector kernel is compiled and then switches, which cannot change a result.
 */
final class ScalarTwinTileKernel implements SimdTileKernel {

    private final int lanes;

    /** @param lanes the vector kernel's lanes (doubles per vector) whose partial sums are reproduced */
    ScalarTwinTileKernel(int lanes) {
        this.lanes = lanes;
    }

    @Override
    public void exp(double[] x, double[] out) {
        for (int q = 0; q < x.length; q++) {
            out[q] = PolynomialExp.exp(x[q]);
        }
    }

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public int weights(double[] features, int i, int rows, int featureDim, double[] stT, int n, int j0, int len,
                       double c, double[] fe, double[][] k, double[] den, int denRow, double[] buf) {
        int fd = featureDim;
        int full = len - len % lanes;
        int live = 0;
        int so = j0 * fd;
        for (int q = 0; q < len; q++) {
            int j = j0 + q;
            // keys that fill a vector add into their lane's partial sum, the rest into lane 0
            int lane = q < full ? q % lanes : 0;
            boolean any = false;
            for (int r = 0; r < rows; r++) {
                int fo = (i + r) * fd;
                double d = 0;
                for (int kk = 0; kk < fd; kk++) {
                    double t = features[fo + kk] - stT[so + kk * len + q];
                    d = Math.fma(t, t, d);
                }
                double w = PolynomialExp.exp(d * c) * fe[j];
                k[r][q] = w;
                den[(denRow + r) * lanes + lane] += w;
                any |= w != 0;
            }
            if (any) {
                live++;
            }
        }
        return live;
    }

    @Override
    public void narrowRows4(double[] features, int i, int featureDim, double[] stT, int n, double c, double[] fe,
                            double[] xT, int dim, double[][] acc, double[] den) {
        int fd = featureDim;
        int full = n - n % lanes;
        int[] xo = new int[4];
        for (int k = 0; k < 4; k++) {
            xo[k] = Math.min(k, dim - 1) * n;
        }
        // per lane: the normaliser and the four coordinate sums of each of the four rows
        double[][] e = new double[4][lanes];
        double[][][] s = new double[4][4][lanes];
        for (int j = 0; j < full; j++) {
            int lane = j % lanes;
            for (int r = 0; r < 4; r++) {
                int fo = (i + r) * fd;
                double dist = 0;
                for (int kk = 0; kk < fd; kk++) {
                    double t = features[fo + kk] - stT[kk * n + j];
                    dist = Math.fma(t, t, dist);
                }
                double w = PolynomialExp.exp(dist * c) * fe[j];
                e[r][lane] += w;
                for (int k = 0; k < 4; k++) {
                    s[r][k][lane] = Math.fma(w, xT[xo[k] + j], s[r][k][lane]);
                }
            }
        }
        double[] d = new double[4];
        double[][] sum = new double[4][4];
        for (int r = 0; r < 4; r++) {
            d[r] = laneSum(e[r]);
            for (int k = 0; k < 4; k++) {
                sum[r][k] = laneSum(s[r][k]);
            }
        }
        for (int j = full; j < n; j++) {
            for (int r = 0; r < 4; r++) {
                int fo = (i + r) * fd;
                double dist = 0;
                for (int kk = 0; kk < fd; kk++) {
                    double t = features[fo + kk] - stT[kk * n + j];
                    dist = Math.fma(t, t, dist);
                }
                double w = PolynomialExp.exp(c * dist) * fe[j];
                d[r] += w;
                for (int k = 0; k < 4; k++) {
                    sum[r][k] = Math.fma(w, xT[xo[k] + j], sum[r][k]);
                }
            }
        }
        for (int r = 0; r < 4; r++) {
            den[r] = d[r];
            System.arraycopy(sum[r], 0, acc[r], 0, dim);
        }
    }

    /** The lanes added in lane order from +0, as the vector kernel reduces them. */
    private static double laneSum(double[] lanes) {
        double r = 0;
        for (double t : lanes) {
            r += t;
        }
        return r;
    }

    @Override
    public void accumulate(double[] x, int dim, int j0, double[][] w, int rows, int[] live, int m, double[][] acc,
                           int r0) {
        int base = j0 * dim;
        // each a[k] is one chain of fused multiply-adds over p in order, as in a vector lane; the loop
        // over k innermost reads x row by row
        for (int r = 0; r < rows; r++) {
            double[] wr = w[r];
            double[] a = acc[r0 + r];
            for (int p = 0; p < m; p++) {
                int q = live[p];
                double wq = wr[q];
                int o = base + q * dim;
                for (int k = 0; k < dim; k++) {
                    a[k] = Math.fma(x[o + k], wq, a[k]);
                }
            }
        }
    }
}
