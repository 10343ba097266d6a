package org.diffevo4j.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FmaPanel} with the JDK's Vector API: lanes over the panel's columns, a register tile of
 * 4 rows x 4 vectors (16 accumulators), each lane one fused multiply-add per key in key order, so
 * every result is exactly {@link FmaPanel#chain}. Loaded by reflection only where the module
 * {@code jdk.incubator.vector} is present, see {@link FmaPanel#SIMD}.
 */
final class VectorFmaPanel implements FmaPanel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void product(double[] e, int n, int rows, double[] yp, int w, double[] out) {
        int w4 = w - w % (4 * L);
        int w1 = w - w % L;
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            for (int q = 0; q < w4; q += 4 * L) {
                tile4x4(e, n, r, yp, w, q, out);
            }
            for (int q = w4; q < w1; q += L) {
                for (int rr = r; rr < r + 4; rr++) {
                    tile1x1(e, n, rr, yp, w, q, out);
                }
            }
            for (int rr = r; rr < r + 4; rr++) {
                FmaPanel.scalar(e, n, rr, yp, w, w1, w, out);
            }
        }
        for (; r < rows; r++) {
            for (int q = 0; q < w1; q += L) {
                tile1x1(e, n, r, yp, w, q, out);
            }
            FmaPanel.scalar(e, n, r, yp, w, w1, w, out);
        }
    }

    @Override
    public void pack(double[] x, int xo, double f, double[] yp, int yo, double[] sums, int w) {
        int w1 = w - w % L;
        for (int q = 0; q < w1; q += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, xo + q).mul(f);
            v.intoArray(yp, yo + q);
            DoubleVector.fromArray(S, sums, q).add(v).intoArray(sums, q);
        }
        FmaPanel.packScalar(x, xo, f, yp, yo, sums, w1, w);
    }

    @Override
    public void finish(double[] g, int go, double[] common, double den, double[] x, double[] noise, int o, int w,
                       double[] step, double[] x0Out, double[] nextOut) {
        double sa = step[0];
        double s1 = step[1];
        double sp = step[2];
        double c = step[3];
        double sigma = step[4];
        int w1 = w - w % L;
        for (int q = 0; q < w1; q += L) {
            DoubleVector x0 = DoubleVector.fromArray(S, g, go + q).add(DoubleVector.fromArray(S, common, q)).div(den);
            x0.intoArray(x0Out, o + q);
            DoubleVector eps = DoubleVector.fromArray(S, x, o + q).sub(x0.mul(sa)).div(s1);
            DoubleVector next = x0.mul(sp).add(eps.mul(c));
            if (sigma != 0) {
                next = next.add(DoubleVector.fromArray(S, noise, o + q).mul(sigma));
            }
            next.intoArray(nextOut, o + q);
        }
        FmaPanel.finishScalar(g, go, common, den, x, noise, o, w1, w, step, x0Out, nextOut);
    }

    private static void tile4x4(double[] e, int n, int r, double[] yp, int w, int q, double[] out) {
        DoubleVector a00 = DoubleVector.zero(S);
        DoubleVector a01 = a00;
        DoubleVector a02 = a00;
        DoubleVector a03 = a00;
        DoubleVector a10 = a00;
        DoubleVector a11 = a00;
        DoubleVector a12 = a00;
        DoubleVector a13 = a00;
        DoubleVector a20 = a00;
        DoubleVector a21 = a00;
        DoubleVector a22 = a00;
        DoubleVector a23 = a00;
        DoubleVector a30 = a00;
        DoubleVector a31 = a00;
        DoubleVector a32 = a00;
        DoubleVector a33 = a00;
        int e0 = r * n;
        int e1 = e0 + n;
        int e2 = e1 + n;
        int e3 = e2 + n;
        for (int j = 0, yo = q; j < n; j++, yo += w) {
            DoubleVector y0 = DoubleVector.fromArray(S, yp, yo);
            DoubleVector y1 = DoubleVector.fromArray(S, yp, yo + L);
            DoubleVector y2 = DoubleVector.fromArray(S, yp, yo + 2 * L);
            DoubleVector y3 = DoubleVector.fromArray(S, yp, yo + 3 * L);
            DoubleVector b = DoubleVector.broadcast(S, e[e0 + j]);
            a00 = b.fma(y0, a00);
            a01 = b.fma(y1, a01);
            a02 = b.fma(y2, a02);
            a03 = b.fma(y3, a03);
            b = DoubleVector.broadcast(S, e[e1 + j]);
            a10 = b.fma(y0, a10);
            a11 = b.fma(y1, a11);
            a12 = b.fma(y2, a12);
            a13 = b.fma(y3, a13);
            b = DoubleVector.broadcast(S, e[e2 + j]);
            a20 = b.fma(y0, a20);
            a21 = b.fma(y1, a21);
            a22 = b.fma(y2, a22);
            a23 = b.fma(y3, a23);
            b = DoubleVector.broadcast(S, e[e3 + j]);
            a30 = b.fma(y0, a30);
            a31 = b.fma(y1, a31);
            a32 = b.fma(y2, a32);
            a33 = b.fma(y3, a33);
        }
        int o = r * w + q;
        a00.intoArray(out, o);
        a01.intoArray(out, o + L);
        a02.intoArray(out, o + 2 * L);
        a03.intoArray(out, o + 3 * L);
        o += w;
        a10.intoArray(out, o);
        a11.intoArray(out, o + L);
        a12.intoArray(out, o + 2 * L);
        a13.intoArray(out, o + 3 * L);
        o += w;
        a20.intoArray(out, o);
        a21.intoArray(out, o + L);
        a22.intoArray(out, o + 2 * L);
        a23.intoArray(out, o + 3 * L);
        o += w;
        a30.intoArray(out, o);
        a31.intoArray(out, o + L);
        a32.intoArray(out, o + 2 * L);
        a33.intoArray(out, o + 3 * L);
    }

    private static void tile1x1(double[] e, int n, int r, double[] yp, int w, int q, double[] out) {
        DoubleVector a = DoubleVector.zero(S);
        int e0 = r * n;
        for (int j = 0, yo = q; j < n; j++, yo += w) {
            a = DoubleVector.broadcast(S, e[e0 + j]).fma(DoubleVector.fromArray(S, yp, yo), a);
        }
        a.intoArray(out, r * w + q);
    }
}
