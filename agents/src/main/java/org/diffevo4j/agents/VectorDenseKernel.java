package org.diffevo4j.agents;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link DenseKernel} with the JDK Vector API ({@code jdk.incubator.vector}, the preferred species:
 * 8 doubles with AVX-512, 4 with AVX2): each vector holds consecutive output units, the four partial
 * sums of up to four such vectors are kept in registers over all inputs (sixteen independent add
 * chains; each broadcast input feeds four blocks: 17-21% faster than two blocks on 4-64-64-2 and
 * 4-128-128-2 in a throwaway micro-benchmark), the input is broadcast. Multiplies and adds are separate lanewise operations (no FMA), so every lane
 * computes exactly what {@link MlpPolicy#forward} computes for its unit.
 *
 * <p>Only loaded through {@link DenseKernels} when the module is present: referencing this class
 * without {@code --add-modules jdk.incubator.vector} would fail to link.
 */
final class VectorDenseKernel implements DenseKernel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public int lanes() {
        return L;
    }

    /** Four blocks, the widest pass. */
    @Override
    public int panel() {
        return 4 * L;
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public void layer(double[] w, int wOff, int bOff, int nIn, int nOutPad, double[] in, double[] out, boolean relu) {
        int o = 0;
        // the panels of ResidentLayout.panelWidth(.., 4L, L): 4L while they fit, then 2L, then L
        for (; o + 4 * L <= nOutPad; o += 4 * L) {
            fourBlocks(w, wOff + o * nIn, bOff + o, nIn, 4 * L, in, out, o, relu);
        }
        for (; o + 2 * L <= nOutPad; o += 2 * L) {
            twoBlocks(w, wOff + o * nIn, bOff + o, nIn, 2 * L, in, out, o, relu);
        }
        for (; o < nOutPad; o += L) {
            oneBlock(w, wOff + o * nIn, bOff + o, nIn, L, in, out, o, relu);
        }
    }

    // Every vector stays inside one method (no vector argument or result crosses a call that C2 might
    // not inline), so that none is boxed.

    /**
     * Output units {@code [o, o + 4L)}: sixteen accumulators (of the 32 AVX-512 registers), four inputs
     * per iteration, each broadcast input feeding four blocks.
     */
    private static void fourBlocks(double[] w, int row, int bias, int nIn, int stride, double[] in, double[] out,
                                   int o, boolean relu) {
        final int g4 = nIn & ~3;
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        DoubleVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        DoubleVector c0 = a0, c1 = a0, c2 = a0, c3 = a0;
        DoubleVector d0 = a0, d1 = a0, d2 = a0, d3 = a0;
        int i = 0;
        for (; i < g4; i += 4, row += 4 * stride) {
            final int r1 = row + stride, r2 = r1 + stride, r3 = r2 + stride;
            double x = in[i];
            a0 = a0.add(DoubleVector.fromArray(S, w, row).mul(x));
            b0 = b0.add(DoubleVector.fromArray(S, w, row + L).mul(x));
            c0 = c0.add(DoubleVector.fromArray(S, w, row + 2 * L).mul(x));
            d0 = d0.add(DoubleVector.fromArray(S, w, row + 3 * L).mul(x));
            x = in[i + 1];
            a1 = a1.add(DoubleVector.fromArray(S, w, r1).mul(x));
            b1 = b1.add(DoubleVector.fromArray(S, w, r1 + L).mul(x));
            c1 = c1.add(DoubleVector.fromArray(S, w, r1 + 2 * L).mul(x));
            d1 = d1.add(DoubleVector.fromArray(S, w, r1 + 3 * L).mul(x));
            x = in[i + 2];
            a2 = a2.add(DoubleVector.fromArray(S, w, r2).mul(x));
            b2 = b2.add(DoubleVector.fromArray(S, w, r2 + L).mul(x));
            c2 = c2.add(DoubleVector.fromArray(S, w, r2 + 2 * L).mul(x));
            d2 = d2.add(DoubleVector.fromArray(S, w, r2 + 3 * L).mul(x));
            x = in[i + 3];
            a3 = a3.add(DoubleVector.fromArray(S, w, r3).mul(x));
            b3 = b3.add(DoubleVector.fromArray(S, w, r3 + L).mul(x));
            c3 = c3.add(DoubleVector.fromArray(S, w, r3 + 2 * L).mul(x));
            d3 = d3.add(DoubleVector.fromArray(S, w, r3 + 3 * L).mul(x));
        }
        for (; i < nIn; i++, row += stride) {
            final double x = in[i];
            a0 = a0.add(DoubleVector.fromArray(S, w, row).mul(x));
            b0 = b0.add(DoubleVector.fromArray(S, w, row + L).mul(x));
            c0 = c0.add(DoubleVector.fromArray(S, w, row + 2 * L).mul(x));
            d0 = d0.add(DoubleVector.fromArray(S, w, row + 3 * L).mul(x));
        }
        DoubleVector sa = DoubleVector.fromArray(S, w, bias).add(a0.add(a1).add(a2.add(a3)));
        DoubleVector sb = DoubleVector.fromArray(S, w, bias + L).add(b0.add(b1).add(b2.add(b3)));
        DoubleVector sc = DoubleVector.fromArray(S, w, bias + 2 * L).add(c0.add(c1).add(c2.add(c3)));
        DoubleVector sd = DoubleVector.fromArray(S, w, bias + 3 * L).add(d0.add(d1).add(d2.add(d3)));
        if (relu) {
            final DoubleVector zero = DoubleVector.zero(S);
            sa = zero.blend(sa, sa.compare(VectorOperators.GT, 0.0));
            sb = zero.blend(sb, sb.compare(VectorOperators.GT, 0.0));
            sc = zero.blend(sc, sc.compare(VectorOperators.GT, 0.0));
            sd = zero.blend(sd, sd.compare(VectorOperators.GT, 0.0));
        }
        sa.intoArray(out, o);
        sb.intoArray(out, o + L);
        sc.intoArray(out, o + 2 * L);
        sd.intoArray(out, o + 3 * L);
    }

    /** Output units {@code [o, o + 2L)}: eight accumulators, eight independent add chains. */
    private static void twoBlocks(double[] w, int row, int bias, int nIn, int stride, double[] in, double[] out, int o,
                                  boolean relu) {
        final int g4 = nIn & ~3;
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        DoubleVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int i = 0;
        for (; i < g4; i += 4, row += 4 * stride) {
            final double x0 = in[i], x1 = in[i + 1], x2 = in[i + 2], x3 = in[i + 3];
            final int r1 = row + stride, r2 = r1 + stride, r3 = r2 + stride;
            a0 = a0.add(DoubleVector.fromArray(S, w, row).mul(x0));
            b0 = b0.add(DoubleVector.fromArray(S, w, row + L).mul(x0));
            a1 = a1.add(DoubleVector.fromArray(S, w, r1).mul(x1));
            b1 = b1.add(DoubleVector.fromArray(S, w, r1 + L).mul(x1));
            a2 = a2.add(DoubleVector.fromArray(S, w, r2).mul(x2));
            b2 = b2.add(DoubleVector.fromArray(S, w, r2 + L).mul(x2));
            a3 = a3.add(DoubleVector.fromArray(S, w, r3).mul(x3));
            b3 = b3.add(DoubleVector.fromArray(S, w, r3 + L).mul(x3));
        }
        for (; i < nIn; i++, row += stride) {
            final double x = in[i];
            a0 = a0.add(DoubleVector.fromArray(S, w, row).mul(x));
            b0 = b0.add(DoubleVector.fromArray(S, w, row + L).mul(x));
        }
        // bias + ((s0 + s1) + (s2 + s3)), then s > 0 ? s : 0.0 (NaN gives 0.0)
        DoubleVector sa = DoubleVector.fromArray(S, w, bias).add(a0.add(a1).add(a2.add(a3)));
        DoubleVector sb = DoubleVector.fromArray(S, w, bias + L).add(b0.add(b1).add(b2.add(b3)));
        if (relu) {
            final DoubleVector zero = DoubleVector.zero(S);
            sa = zero.blend(sa, sa.compare(VectorOperators.GT, 0.0));
            sb = zero.blend(sb, sb.compare(VectorOperators.GT, 0.0));
        }
        sa.intoArray(out, o);
        sb.intoArray(out, o + L);
    }

    /** Output units {@code [o, o + L)}: four accumulators. */
    private static void oneBlock(double[] w, int row, int bias, int nIn, int stride, double[] in, double[] out, int o,
                                 boolean relu) {
        final int g4 = nIn & ~3;
        DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i < g4; i += 4, row += 4 * stride) {
            a0 = a0.add(DoubleVector.fromArray(S, w, row).mul(in[i]));
            a1 = a1.add(DoubleVector.fromArray(S, w, row + stride).mul(in[i + 1]));
            a2 = a2.add(DoubleVector.fromArray(S, w, row + 2 * stride).mul(in[i + 2]));
            a3 = a3.add(DoubleVector.fromArray(S, w, row + 3 * stride).mul(in[i + 3]));
        }
        for (; i < nIn; i++, row += stride) {
            a0 = a0.add(DoubleVector.fromArray(S, w, row).mul(in[i]));
        }
        DoubleVector s = DoubleVector.fromArray(S, w, bias).add(a0.add(a1).add(a2.add(a3)));
        if (relu) {
            s = DoubleVector.zero(S).blend(s, s.compare(VectorOperators.GT, 0.0));
        }
        s.intoArray(out, o);
    }
}
