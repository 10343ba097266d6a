package org.diffevo4j.core;

import static org.diffevo4j.core.PolynomialExp.EXP_MIN;
import static org.diffevo4j.core.PolynomialExp.LN2_HI;
import static org.diffevo4j.core.PolynomialExp.LN2_LO;
import static org.diffevo4j.core.PolynomialExp.LOG2E;
import static org.diffevo4j.core.PolynomialExp.ROUND;
import static org.diffevo4j.core.PolynomialExp.ROUND_BITS;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SimdTileKernel} with the JDK's Vector API ({@code jdk.incubator.vector}, the preferred
 * species: 8 doubles with AVX-512). Kernel values: lanes over keys, the squared distance summed over
 * the features by fused multiply-adds, then {@link #expArray}; weighted sums: lanes over the
 * dimensions, a register tile of 4 rows x 4 vectors. Keys and dimensions that do not fill a vector
 * are done in scalar code with the same operations ({@link Math#fma}; {@link PolynomialExp#exp} for the
 * kernel). Loaded by reflection only where the module is present, see
 * {@link TiledX0Estimate#SIMD}.
 */
final class VectorTileKernel implements SimdTileKernel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Longs of the same shape, for the exponent bits (a constant, so that the JIT intrinsifies the casts). */
    private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, S.vectorShape());

    /**
     * {@code exp(x)} for {@code x <= 0} in place on {@code a[0, len)}, len a multiple of the lanes,
     * from basic IEEE operations only (range reduction by ln 2, the degree-13 Taylor polynomial by
     * Estrin's scheme, scaling by two powers of two so that subnormal results and underflow to 0 come
     * out right); within about 2 ulp of {@link Math#exp}. Not the Vector API's {@code EXP}: that one
     * gives different bits before and after the JIT compiles it (a scalar fallback, then a vector
     * library), which would make results depend on warm-up. Every operation here is exactly rounded
     * the same way compiled or not. The kernels call this on a small buffer rather than an exp of
     * their vectors: four inlined copies of the polynomial exceed the JIT's inlining limits, and a
     * vector passed to a call that is not inlined is boxed on the heap.
     */
    static void expArray(double[] a, int len) {
        for (int q = 0; q < len; q += L) {
            DoubleVector x = DoubleVector.fromArray(S, a, q).max(EXP_MIN);
            DoubleVector t = x.fma(b(LOG2E), b(ROUND));
            DoubleVector nd = t.sub(ROUND);
            DoubleVector r = nd.neg().fma(b(LN2_HI), x);
            r = nd.neg().fma(b(LN2_LO), r);
            // sum_{k <= 13} r^k / k! by Estrin's scheme (short dependency chains)
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector r8 = r4.mul(r4);
            DoubleVector q0 = r.fma(b(1.0), b(1.0));
            DoubleVector q1 = r.fma(b(1.0 / 6), b(0.5));
            DoubleVector q2 = r.fma(b(1.0 / 120), b(1.0 / 24));
            DoubleVector q3 = r.fma(b(1.0 / 5040), b(1.0 / 720));
            DoubleVector q4 = r.fma(b(1.0 / 362880), b(1.0 / 40320));
            DoubleVector q5 = r.fma(b(1.0 / 39916800), b(1.0 / 3628800));
            DoubleVector q6 = r.fma(b(1.0 / 6227020800.0), b(1.0 / 479001600));
            DoubleVector p = r4.fma(r2.fma(q3, q2), r2.fma(q1, q0));
            p = r8.fma(r4.fma(q6, r2.fma(q5, q4)), p);
            // 2^n as 2^n1 * 2^n2, n1 = floor(n / 2) (rounded by the same trick), so subnormal results come
            // out right; the exponent bits (n_i + 1023) * 2^52 by integer multiplication
            DoubleVector t1 = nd.fma(b(0.5), b(ROUND - 0.25));
            LongVector n = ((LongVector) t.reinterpretShape(LS, 0)).sub(ROUND_BITS);
            LongVector n1 = ((LongVector) t1.reinterpretShape(LS, 0)).sub(ROUND_BITS);
            LongVector n2 = n.sub(n1);
            DoubleVector s1 = (DoubleVector) n1.add(1023).mul(1L << 52).reinterpretShape(S, 0);
            DoubleVector s2 = (DoubleVector) n2.add(1023).mul(1L << 52).reinterpretShape(S, 0);
            p.mul(s1).mul(s2).intoArray(a, q);
        }
    }

    /** The lanes of v added in lane order (not reduceLanes, whose order is unspecified). */
    private static double sum(DoubleVector v, double[] tmp) {
        v.intoArray(tmp, 0);
        double r = 0;
        for (double t : tmp) {
            r += t;
        }
        return r;
    }

    private static DoubleVector b(double v) {
        return DoubleVector.broadcast(S, v);
    }

    @Override
    public void exp(double[] x, double[] out) {
        int full = x.length - x.length % L;
        System.arraycopy(x, 0, out, 0, full);
        expArray(out, full);
        for (int q = full; q < x.length; q++) {
            out[q] = PolynomialExp.exp(x[q]);
        }
    }

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public int weights(double[] features, int i, int rows, int featureDim, double[] stT, int n, int j0, int len,
                       double c, double[] fe, double[][] k, double[] den, int denRow, double[] buf) {
        int fd = featureDim;
        int q = 0;
        int live = 0;
        if (rows == 4) {
            double[] k0 = k[0];
            double[] k1 = k[1];
            double[] k2 = k[2];
            double[] k3 = k[3];
            int f0 = i * fd;
            int f1 = f0 + fd;
            int f2 = f1 + fd;
            int f3 = f2 + fd;
            int d0 = denRow * L;
            DoubleVector e0 = DoubleVector.fromArray(S, den, d0);
            DoubleVector e1 = DoubleVector.fromArray(S, den, d0 + L);
            DoubleVector e2 = DoubleVector.fromArray(S, den, d0 + 2 * L);
            DoubleVector e3 = DoubleVector.fromArray(S, den, d0 + 3 * L);
            for (; q + L <= len; q += L) {
                DoubleVector a0 = DoubleVector.zero(S);
                DoubleVector a1 = a0;
                DoubleVector a2 = a0;
                DoubleVector a3 = a0;
                int so = j0 * fd + q;
                for (int kk = 0; kk < fd; kk++, so += len) {
                    DoubleVector v = DoubleVector.fromArray(S, stT, so);
                    DoubleVector t = DoubleVector.broadcast(S, features[f0 + kk]).sub(v);
                    a0 = t.fma(t, a0);
                    t = DoubleVector.broadcast(S, features[f1 + kk]).sub(v);
                    a1 = t.fma(t, a1);
                    t = DoubleVector.broadcast(S, features[f2 + kk]).sub(v);
                    a2 = t.fma(t, a2);
                    t = DoubleVector.broadcast(S, features[f3 + kk]).sub(v);
                    a3 = t.fma(t, a3);
                }
                DoubleVector fv = DoubleVector.fromArray(S, fe, j0 + q);
                a0.mul(c).intoArray(buf, 0);
                a1.mul(c).intoArray(buf, L);
                a2.mul(c).intoArray(buf, 2 * L);
                a3.mul(c).intoArray(buf, 3 * L);
                expArray(buf, 4 * L);
                a0 = DoubleVector.fromArray(S, buf, 0).mul(fv);
                a1 = DoubleVector.fromArray(S, buf, L).mul(fv);
                a2 = DoubleVector.fromArray(S, buf, 2 * L).mul(fv);
                a3 = DoubleVector.fromArray(S, buf, 3 * L).mul(fv);
                a0.intoArray(k0, q);
                a1.intoArray(k1, q);
                a2.intoArray(k2, q);
                a3.intoArray(k3, q);
                e0 = e0.add(a0);
                e1 = e1.add(a1);
                e2 = e2.add(a2);
                e3 = e3.add(a3);
                live += a0.compare(VectorOperators.NE, 0).or(a1.compare(VectorOperators.NE, 0))
                        .or(a2.compare(VectorOperators.NE, 0)).or(a3.compare(VectorOperators.NE, 0)).trueCount();
            }
            e0.intoArray(den, d0);
            e1.intoArray(den, d0 + L);
            e2.intoArray(den, d0 + 2 * L);
            e3.intoArray(den, d0 + 3 * L);
        } else {
            double[] k0 = k[0];
            int f0 = i * fd;
            int d0 = denRow * L;
            DoubleVector e0 = DoubleVector.fromArray(S, den, d0);
            for (; q + L <= len; q += L) {
                DoubleVector a0 = DoubleVector.zero(S);
                int so = j0 * fd + q;
                for (int kk = 0; kk < fd; kk++, so += len) {
                    DoubleVector t = DoubleVector.broadcast(S, features[f0 + kk]).sub(DoubleVector.fromArray(S, stT, so));
                    a0 = t.fma(t, a0);
                }
                a0.mul(c).intoArray(buf, 0);
                expArray(buf, L);
                a0 = DoubleVector.fromArray(S, buf, 0).mul(DoubleVector.fromArray(S, fe, j0 + q));
                a0.intoArray(k0, q);
                e0 = e0.add(a0);
                live += a0.compare(VectorOperators.NE, 0).trueCount();
            }
            e0.intoArray(den, d0);
        }
        for (; q < len; q++) {
            int j = j0 + q;
            boolean any = false;
            for (int r = 0; r < rows; r++) {
                int fo = (i + r) * fd;
                double d = 0;
                for (int kk = 0; kk < fd; kk++) {
                    double t = features[fo + kk] - stT[j0 * fd + kk * len + q];
                    d = Math.fma(t, t, d);
                }
                double w = PolynomialExp.exp(c * d) * fe[j];
                k[r][q] = w;
                den[(denRow + r) * L] += w;
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
        double[] buf = new double[4 * L];
        int fd = featureDim;
        int f0 = i * fd;
        int f1 = f0 + fd;
        int f2 = f1 + fd;
        int f3 = f2 + fd;
        // rows of xT for coordinates 0..3; those beyond dim repeat the last one (their sums are dropped)
        int[] xo = new int[4];
        for (int k = 0; k < 4; k++) {
            xo[k] = Math.min(k, dim - 1) * n;
        }
        int xo0 = xo[0];
        int xo1 = xo[1];
        int xo2 = xo[2];
        int xo3 = xo[3];
        DoubleVector e0 = DoubleVector.zero(S);
        DoubleVector e1 = e0;
        DoubleVector e2 = e0;
        DoubleVector e3 = e0;
        DoubleVector c00 = e0;
        DoubleVector c01 = e0;
        DoubleVector c02 = e0;
        DoubleVector c03 = e0;
        DoubleVector c10 = e0;
        DoubleVector c11 = e0;
        DoubleVector c12 = e0;
        DoubleVector c13 = e0;
        DoubleVector c20 = e0;
        DoubleVector c21 = e0;
        DoubleVector c22 = e0;
        DoubleVector c23 = e0;
        DoubleVector c30 = e0;
        DoubleVector c31 = e0;
        DoubleVector c32 = e0;
        DoubleVector c33 = e0;
        int j = 0;
        for (; j + L <= n; j += L) {
            DoubleVector a0 = DoubleVector.zero(S);
            DoubleVector a1 = a0;
            DoubleVector a2 = a0;
            DoubleVector a3 = a0;
            int so = j;
            for (int kk = 0; kk < fd; kk++, so += n) {
                DoubleVector v = DoubleVector.fromArray(S, stT, so);
                DoubleVector t = DoubleVector.broadcast(S, features[f0 + kk]).sub(v);
                a0 = t.fma(t, a0);
                t = DoubleVector.broadcast(S, features[f1 + kk]).sub(v);
                a1 = t.fma(t, a1);
                t = DoubleVector.broadcast(S, features[f2 + kk]).sub(v);
                a2 = t.fma(t, a2);
                t = DoubleVector.broadcast(S, features[f3 + kk]).sub(v);
                a3 = t.fma(t, a3);
            }
            DoubleVector fv = DoubleVector.fromArray(S, fe, j);
            a0.mul(c).intoArray(buf, 0);
            a1.mul(c).intoArray(buf, L);
            a2.mul(c).intoArray(buf, 2 * L);
            a3.mul(c).intoArray(buf, 3 * L);
            expArray(buf, 4 * L);
            a0 = DoubleVector.fromArray(S, buf, 0).mul(fv);
            a1 = DoubleVector.fromArray(S, buf, L).mul(fv);
            a2 = DoubleVector.fromArray(S, buf, 2 * L).mul(fv);
            a3 = DoubleVector.fromArray(S, buf, 3 * L).mul(fv);
            e0 = e0.add(a0);
            e1 = e1.add(a1);
            e2 = e2.add(a2);
            e3 = e3.add(a3);
            DoubleVector y0 = DoubleVector.fromArray(S, xT, xo0 + j);
            DoubleVector y1 = DoubleVector.fromArray(S, xT, xo1 + j);
            DoubleVector y2 = DoubleVector.fromArray(S, xT, xo2 + j);
            DoubleVector y3 = DoubleVector.fromArray(S, xT, xo3 + j);
            c00 = a0.fma(y0, c00);
            c01 = a0.fma(y1, c01);
            c02 = a0.fma(y2, c02);
            c03 = a0.fma(y3, c03);
            c10 = a1.fma(y0, c10);
            c11 = a1.fma(y1, c11);
            c12 = a1.fma(y2, c12);
            c13 = a1.fma(y3, c13);
            c20 = a2.fma(y0, c20);
            c21 = a2.fma(y1, c21);
            c22 = a2.fma(y2, c22);
            c23 = a2.fma(y3, c23);
            c30 = a3.fma(y0, c30);
            c31 = a3.fma(y1, c31);
            c32 = a3.fma(y2, c32);
            c33 = a3.fma(y3, c33);
        }
        // lanes added in a fixed order, then the keys that fill no vector
        double[] tmp = new double[L];
        double[] d = {sum(e0, tmp), sum(e1, tmp), sum(e2, tmp), sum(e3, tmp)};
        double[][] s = {{sum(c00, tmp), sum(c01, tmp), sum(c02, tmp), sum(c03, tmp)},
            {sum(c10, tmp), sum(c11, tmp), sum(c12, tmp), sum(c13, tmp)},
            {sum(c20, tmp), sum(c21, tmp), sum(c22, tmp), sum(c23, tmp)},
            {sum(c30, tmp), sum(c31, tmp), sum(c32, tmp), sum(c33, tmp)}};
        for (; j < n; j++) {
            for (int r = 0; r < 4; r++) {
                int fo = f0 + r * fd;
                double dist = 0;
                for (int kk = 0; kk < fd; kk++) {
                    double t = features[fo + kk] - stT[kk * n + j];
                    dist = Math.fma(t, t, dist);
                }
                double w = PolynomialExp.exp(c * dist) * fe[j];
                d[r] += w;
                for (int k = 0; k < 4; k++) {
                    s[r][k] = Math.fma(w, xT[xo[k] + j], s[r][k]);
                }
            }
        }
        for (int r = 0; r < 4; r++) {
            den[r] = d[r];
            System.arraycopy(s[r], 0, acc[r], 0, dim);
        }
    }

    @Override
    public void accumulate(double[] x, int dim, int j0, double[][] w, int rows, int[] live, int m, double[][] acc,
                           int r0) {
        int base = j0 * dim;
        int k = 0;
        if (rows == 4) {
            double[] w0 = w[0];
            double[] w1 = w[1];
            double[] w2 = w[2];
            double[] w3 = w[3];
            double[] a0 = acc[r0];
            double[] a1 = acc[r0 + 1];
            double[] a2 = acc[r0 + 2];
            double[] a3 = acc[r0 + 3];
            for (; k + 4 * L <= dim; k += 4 * L) {
                DoubleVector c00 = DoubleVector.fromArray(S, a0, k);
                DoubleVector c01 = DoubleVector.fromArray(S, a0, k + L);
                DoubleVector c02 = DoubleVector.fromArray(S, a0, k + 2 * L);
                DoubleVector c03 = DoubleVector.fromArray(S, a0, k + 3 * L);
                DoubleVector c10 = DoubleVector.fromArray(S, a1, k);
                DoubleVector c11 = DoubleVector.fromArray(S, a1, k + L);
                DoubleVector c12 = DoubleVector.fromArray(S, a1, k + 2 * L);
                DoubleVector c13 = DoubleVector.fromArray(S, a1, k + 3 * L);
                DoubleVector c20 = DoubleVector.fromArray(S, a2, k);
                DoubleVector c21 = DoubleVector.fromArray(S, a2, k + L);
                DoubleVector c22 = DoubleVector.fromArray(S, a2, k + 2 * L);
                DoubleVector c23 = DoubleVector.fromArray(S, a2, k + 3 * L);
                DoubleVector c30 = DoubleVector.fromArray(S, a3, k);
                DoubleVector c31 = DoubleVector.fromArray(S, a3, k + L);
                DoubleVector c32 = DoubleVector.fromArray(S, a3, k + 2 * L);
                DoubleVector c33 = DoubleVector.fromArray(S, a3, k + 3 * L);
                for (int p = 0; p < m; p++) {
                    int q = live[p];
                    int o = base + q * dim + k;
                    DoubleVector x0 = DoubleVector.fromArray(S, x, o);
                    DoubleVector x1 = DoubleVector.fromArray(S, x, o + L);
                    DoubleVector x2 = DoubleVector.fromArray(S, x, o + 2 * L);
                    DoubleVector x3 = DoubleVector.fromArray(S, x, o + 3 * L);
                    DoubleVector b = DoubleVector.broadcast(S, w0[q]);
                    c00 = x0.fma(b, c00);
                    c01 = x1.fma(b, c01);
                    c02 = x2.fma(b, c02);
                    c03 = x3.fma(b, c03);
                    b = DoubleVector.broadcast(S, w1[q]);
                    c10 = x0.fma(b, c10);
                    c11 = x1.fma(b, c11);
                    c12 = x2.fma(b, c12);
                    c13 = x3.fma(b, c13);
                    b = DoubleVector.broadcast(S, w2[q]);
                    c20 = x0.fma(b, c20);
                    c21 = x1.fma(b, c21);
                    c22 = x2.fma(b, c22);
                    c23 = x3.fma(b, c23);
                    b = DoubleVector.broadcast(S, w3[q]);
                    c30 = x0.fma(b, c30);
                    c31 = x1.fma(b, c31);
                    c32 = x2.fma(b, c32);
                    c33 = x3.fma(b, c33);
                }
                c00.intoArray(a0, k);
                c01.intoArray(a0, k + L);
                c02.intoArray(a0, k + 2 * L);
                c03.intoArray(a0, k + 3 * L);
                c10.intoArray(a1, k);
                c11.intoArray(a1, k + L);
                c12.intoArray(a1, k + 2 * L);
                c13.intoArray(a1, k + 3 * L);
                c20.intoArray(a2, k);
                c21.intoArray(a2, k + L);
                c22.intoArray(a2, k + 2 * L);
                c23.intoArray(a2, k + 3 * L);
                c30.intoArray(a3, k);
                c31.intoArray(a3, k + L);
                c32.intoArray(a3, k + 2 * L);
                c33.intoArray(a3, k + 3 * L);
            }
            for (; k + L <= dim; k += L) {
                DoubleVector c0 = DoubleVector.fromArray(S, a0, k);
                DoubleVector c1 = DoubleVector.fromArray(S, a1, k);
                DoubleVector c2 = DoubleVector.fromArray(S, a2, k);
                DoubleVector c3 = DoubleVector.fromArray(S, a3, k);
                for (int p = 0; p < m; p++) {
                    int q = live[p];
                    DoubleVector xv = DoubleVector.fromArray(S, x, base + q * dim + k);
                    c0 = xv.fma(DoubleVector.broadcast(S, w0[q]), c0);
                    c1 = xv.fma(DoubleVector.broadcast(S, w1[q]), c1);
                    c2 = xv.fma(DoubleVector.broadcast(S, w2[q]), c2);
                    c3 = xv.fma(DoubleVector.broadcast(S, w3[q]), c3);
                }
                c0.intoArray(a0, k);
                c1.intoArray(a1, k);
                c2.intoArray(a2, k);
                c3.intoArray(a3, k);
            }
        } else {
            double[] w0 = w[0];
            double[] a0 = acc[r0];
            for (; k + L <= dim; k += L) {
                DoubleVector c0 = DoubleVector.fromArray(S, a0, k);
                for (int p = 0; p < m; p++) {
                    int q = live[p];
                    c0 = DoubleVector.fromArray(S, x, base + q * dim + k).fma(DoubleVector.broadcast(S, w0[q]), c0);
                }
                c0.intoArray(a0, k);
            }
        }
        for (; k < dim; k++) {
            for (int r = 0; r < rows; r++) {
                double[] wr = w[r];
                double s = acc[r0 + r][k];
                for (int p = 0; p < m; p++) {
                    int q = live[p];
                    s = Math.fma(wr[q], x[base + q * dim + k], s);
                }
                acc[r0 + r][k] = s;
            }
        }
    }
}
