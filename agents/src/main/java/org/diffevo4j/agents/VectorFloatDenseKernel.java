package org.diffevo4j.agents;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link FloatDenseKernel} with the JDK Vector API: the preferred float species (16 floats with
 * AVX-512), fused multiply-add, up to four blocks of output units with four accumulators each. Loaded only
 * through {@link DenseKernels} when {@code jdk.incubator.vector} is enabled. Every vector stays inside
 * one method so that C2 never boxes one.
 */
final class VectorFloatDenseKernel implements FloatDenseKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "-fma";
    }

    @Override
    public void layer(float[] w, int wOff, int bOff, int nIn, int nOutPad, float[] in, float[] out, boolean relu) {
        int o = 0;
        for (; o + 4 * L <= nOutPad; o += 4 * L) {
            fourBlocks(w, wOff + o, bOff + o, nIn, nOutPad, in, out, o, relu);
        }
        for (; o + 2 * L <= nOutPad; o += 2 * L) {
            twoBlocks(w, wOff + o, bOff + o, nIn, nOutPad, in, out, o, relu);
        }
        for (; o < nOutPad; o += L) {
            oneBlock(w, wOff + o, bOff + o, nIn, nOutPad, in, out, o, relu);
        }
    }

    /** Output units {@code [o, o + 4L)}: sixteen accumulators, each broadcast input feeding four blocks. */
    private static void fourBlocks(float[] w, int row, int bias, int nIn, int stride, float[] in, float[] out, int o,
                                   boolean relu) {
        final int g4 = nIn & ~3;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        FloatVector c0 = a0, c1 = a0, c2 = a0, c3 = a0;
        FloatVector d0 = a0, d1 = a0, d2 = a0, d3 = a0;
        int i = 0;
        for (; i < g4; i += 4, row += 4 * stride) {
            final int r1 = row + stride, r2 = r1 + stride, r3 = r2 + stride;
            FloatVector x = FloatVector.broadcast(S, in[i]);
            a0 = FloatVector.fromArray(S, w, row).fma(x, a0);
            b0 = FloatVector.fromArray(S, w, row + L).fma(x, b0);
            c0 = FloatVector.fromArray(S, w, row + 2 * L).fma(x, c0);
            d0 = FloatVector.fromArray(S, w, row + 3 * L).fma(x, d0);
            x = FloatVector.broadcast(S, in[i + 1]);
            a1 = FloatVector.fromArray(S, w, r1).fma(x, a1);
            b1 = FloatVector.fromArray(S, w, r1 + L).fma(x, b1);
            c1 = FloatVector.fromArray(S, w, r1 + 2 * L).fma(x, c1);
            d1 = FloatVector.fromArray(S, w, r1 + 3 * L).fma(x, d1);
            x = FloatVector.broadcast(S, in[i + 2]);
            a2 = FloatVector.fromArray(S, w, r2).fma(x, a2);
            b2 = FloatVector.fromArray(S, w, r2 + L).fma(x, b2);
            c2 = FloatVector.fromArray(S, w, r2 + 2 * L).fma(x, c2);
            d2 = FloatVector.fromArray(S, w, r2 + 3 * L).fma(x, d2);
            x = FloatVector.broadcast(S, in[i + 3]);
            a3 = FloatVector.fromArray(S, w, r3).fma(x, a3);
            b3 = FloatVector.fromArray(S, w, r3 + L).fma(x, b3);
            c3 = FloatVector.fromArray(S, w, r3 + 2 * L).fma(x, c3);
            d3 = FloatVector.fromArray(S, w, r3 + 3 * L).fma(x, d3);
        }
        for (; i < nIn; i++, row += stride) {
            final FloatVector x = FloatVector.broadcast(S, in[i]);
            a0 = FloatVector.fromArray(S, w, row).fma(x, a0);
            b0 = FloatVector.fromArray(S, w, row + L).fma(x, b0);
            c0 = FloatVector.fromArray(S, w, row + 2 * L).fma(x, c0);
            d0 = FloatVector.fromArray(S, w, row + 3 * L).fma(x, d0);
        }
        FloatVector sa = FloatVector.fromArray(S, w, bias).add(a0.add(a1).add(a2.add(a3)));
        FloatVector sb = FloatVector.fromArray(S, w, bias + L).add(b0.add(b1).add(b2.add(b3)));
        FloatVector sc = FloatVector.fromArray(S, w, bias + 2 * L).add(c0.add(c1).add(c2.add(c3)));
        FloatVector sd = FloatVector.fromArray(S, w, bias + 3 * L).add(d0.add(d1).add(d2.add(d3)));
        if (relu) {
            final FloatVector zero = FloatVector.zero(S);
            sa = zero.blend(sa, sa.compare(VectorOperators.GT, 0f));
            sb = zero.blend(sb, sb.compare(VectorOperators.GT, 0f));
            sc = zero.blend(sc, sc.compare(VectorOperators.GT, 0f));
            sd = zero.blend(sd, sd.compare(VectorOperators.GT, 0f));
        }
        sa.intoArray(out, o);
        sb.intoArray(out, o + L);
        sc.intoArray(out, o + 2 * L);
        sd.intoArray(out, o + 3 * L);
    }

    private static void twoBlocks(float[] w, int row, int bias, int nIn, int stride, float[] in, float[] out, int o,
                                  boolean relu) {
        final int g4 = nIn & ~3;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int i = 0;
        for (; i < g4; i += 4, row += 4 * stride) {
            final FloatVector x0 = FloatVector.broadcast(S, in[i]);
            final FloatVector x1 = FloatVector.broadcast(S, in[i + 1]);
            final FloatVector x2 = FloatVector.broadcast(S, in[i + 2]);
            final FloatVector x3 = FloatVector.broadcast(S, in[i + 3]);
            final int r1 = row + stride, r2 = r1 + stride, r3 = r2 + stride;
            a0 = FloatVector.fromArray(S, w, row).fma(x0, a0);
            b0 = FloatVector.fromArray(S, w, row + L).fma(x0, b0);
            a1 = FloatVector.fromArray(S, w, r1).fma(x1, a1);
            b1 = FloatVector.fromArray(S, w, r1 + L).fma(x1, b1);
            a2 = FloatVector.fromArray(S, w, r2).fma(x2, a2);
            b2 = FloatVector.fromArray(S, w, r2 + L).fma(x2, b2);
            a3 = FloatVector.fromArray(S, w, r3).fma(x3, a3);
            b3 = FloatVector.fromArray(S, w, r3 + L).fma(x3, b3);
        }
        for (; i < nIn; i++, row += stride) {
            final FloatVector x = FloatVector.broadcast(S, in[i]);
            a0 = FloatVector.fromArray(S, w, row).fma(x, a0);
            b0 = FloatVector.fromArray(S, w, row + L).fma(x, b0);
        }
        FloatVector sa = FloatVector.fromArray(S, w, bias).add(a0.add(a1).add(a2.add(a3)));
        FloatVector sb = FloatVector.fromArray(S, w, bias + L).add(b0.add(b1).add(b2.add(b3)));
        if (relu) {
            final FloatVector zero = FloatVector.zero(S);
            sa = zero.blend(sa, sa.compare(VectorOperators.GT, 0f));
            sb = zero.blend(sb, sb.compare(VectorOperators.GT, 0f));
        }
        sa.intoArray(out, o);
        sb.intoArray(out, o + L);
    }

    private static void oneBlock(float[] w, int row, int bias, int nIn, int stride, float[] in, float[] out, int o,
                                 boolean relu) {
        final int g4 = nIn & ~3;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (; i < g4; i += 4, row += 4 * stride) {
            a0 = FloatVector.fromArray(S, w, row).fma(FloatVector.broadcast(S, in[i]), a0);
            a1 = FloatVector.fromArray(S, w, row + stride).fma(FloatVector.broadcast(S, in[i + 1]), a1);
            a2 = FloatVector.fromArray(S, w, row + 2 * stride).fma(FloatVector.broadcast(S, in[i + 2]), a2);
            a3 = FloatVector.fromArray(S, w, row + 3 * stride).fma(FloatVector.broadcast(S, in[i + 3]), a3);
        }
        for (; i < nIn; i++, row += stride) {
            a0 = FloatVector.fromArray(S, w, row).fma(FloatVector.broadcast(S, in[i]), a0);
        }
        FloatVector s = FloatVector.fromArray(S, w, bias).add(a0.add(a1).add(a2.add(a3)));
        if (relu) {
            s = FloatVector.zero(S).blend(s, s.compare(VectorOperators.GT, 0f));
        }
        s.intoArray(out, o);
    }
}
