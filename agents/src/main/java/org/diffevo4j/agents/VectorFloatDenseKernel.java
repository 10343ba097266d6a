package org.diffevo4j.agents;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link FloatDenseKernel} with the JDK Vector API: the preferred float species (16 floats with
 * AVX-512), fused multiply-add. Wide layers run eight blocks of output units per pass (two
 * accumulators each, for even and odd inputs), so each packed row is read once, front to back: with
 * 4-128-128-2 (77 KB of float weights, beyond L1) that sequential stream is what the L2 prefetcher
 * keeps up with (in a throwaway probe the forward pass went from 744 to 584 ns against two passes of
 * four blocks); narrower remainders run four, two or one block with four accumulators. Loaded only
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

    /** Eight blocks, the widest pass. */
    @Override
    public int panel() {
        return 8 * L;
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "-fma";
    }

    /** Lane sums of the row head's dot products when {@link #FOLD} is null. */
    private final float[] fold = new float[L];
    /**
     * Lane permutes that fold a vector's lanes pairwise ({@code j <-> j ^ h}, h = L/2, ..., 1) when L is
     * a power of two, else null.
     */
    private static final VectorShuffle<Float>[] FOLD = foldShuffles();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] foldShuffles() {
        if (Integer.bitCount(L) != 1) {
            return null;
        }
        final int n = Integer.numberOfTrailingZeros(L);
        final VectorShuffle<Float>[] sh = new VectorShuffle[n];
        for (int k = 0; k < n; k++) {
            final int h = L >> (k + 1);
            sh[k] = VectorShuffle.fromOp(S, j -> j ^ h);
        }
        return sh;
    }

    @Override
    public void layer(float[] w, int wOff, int bOff, int nIn, int nOutPad, float[] in, float[] out, boolean relu) {
        int o = 0;
        // the panels of ResidentLayout.panelWidth(.., 8L, L): 8L while they fit, then 4L, 2L, L
        for (; o + 8 * L <= nOutPad; o += 8 * L) {
            eightBlocks(w, wOff + o * nIn, bOff + o, nIn, 8 * L, in, out, o, relu);
        }
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

    @Override
    public void dot(float[] w, int wOff, int bOff, int nIn, int nOut, float[] in, float[] out) {
        final int nv = nIn / L * L;
        final float[] f = fold;
        for (int o = 0, row = wOff; o < nOut; o++, row += nIn) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0;
            int i = 0;
            for (; i + 2 * L <= nv; i += 2 * L) {
                a0 = FloatVector.fromArray(S, w, row + i).fma(FloatVector.fromArray(S, in, i), a0);
                a1 = FloatVector.fromArray(S, w, row + i + L).fma(FloatVector.fromArray(S, in, i + L), a1);
            }
            if (i < nv) {
                a0 = FloatVector.fromArray(S, w, row + i).fma(FloatVector.fromArray(S, in, i), a0);
            }
            FloatVector v = a0.add(a1);
            float s;
            if (FOLD != null) {
                // halve the live lanes with lane permutes: a fixed order in every mode of execution (a
                // horizontal-sum intrinsic's order may differ from the interpreter's), and no
                // store-to-load forwarding from a vector store to scalar loads (145 against 116 ns per
                // 4-64-64-2 forward pass in a throwaway probe)
                for (VectorShuffle<Float> sh : FOLD) {
                    v = v.add(v.rearrange(sh));
                }
                s = v.lane(0);
            } else {
                v.intoArray(f, 0);
                s = 0f;
                for (int j = 0; j < L; j++) {
                    s += f[j];
                }
            }
            for (int k = nv; k < nIn; k++) {
                s = Math.fma(w[row + k], in[k], s);
            }
            out[o] = w[bOff + o] + s;
        }
    }

    /**
     * Output units {@code [o, o + 8L)}: each input's row segment of 8 vectors is read once, in order;
     * sixteen accumulators (even inputs into {@code a}, odd into {@code b}).
     */
    private static void eightBlocks(float[] w, int row, int bias, int nIn, int stride, float[] in, float[] out, int o,
                                    boolean relu) {
        final int g2 = nIn & ~1;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        int i = 0;
        for (; i < g2; i += 2, row += 2 * stride) {
            final int r1 = row + stride;
            FloatVector x = FloatVector.broadcast(S, in[i]);
            a0 = FloatVector.fromArray(S, w, row).fma(x, a0);
            a1 = FloatVector.fromArray(S, w, row + L).fma(x, a1);
            a2 = FloatVector.fromArray(S, w, row + 2 * L).fma(x, a2);
            a3 = FloatVector.fromArray(S, w, row + 3 * L).fma(x, a3);
            a4 = FloatVector.fromArray(S, w, row + 4 * L).fma(x, a4);
            a5 = FloatVector.fromArray(S, w, row + 5 * L).fma(x, a5);
            a6 = FloatVector.fromArray(S, w, row + 6 * L).fma(x, a6);
            a7 = FloatVector.fromArray(S, w, row + 7 * L).fma(x, a7);
            x = FloatVector.broadcast(S, in[i + 1]);
            b0 = FloatVector.fromArray(S, w, r1).fma(x, b0);
            b1 = FloatVector.fromArray(S, w, r1 + L).fma(x, b1);
            b2 = FloatVector.fromArray(S, w, r1 + 2 * L).fma(x, b2);
            b3 = FloatVector.fromArray(S, w, r1 + 3 * L).fma(x, b3);
            b4 = FloatVector.fromArray(S, w, r1 + 4 * L).fma(x, b4);
            b5 = FloatVector.fromArray(S, w, r1 + 5 * L).fma(x, b5);
            b6 = FloatVector.fromArray(S, w, r1 + 6 * L).fma(x, b6);
            b7 = FloatVector.fromArray(S, w, r1 + 7 * L).fma(x, b7);
        }
        if (i < nIn) {
            final FloatVector x = FloatVector.broadcast(S, in[i]);
            a0 = FloatVector.fromArray(S, w, row).fma(x, a0);
            a1 = FloatVector.fromArray(S, w, row + L).fma(x, a1);
            a2 = FloatVector.fromArray(S, w, row + 2 * L).fma(x, a2);
            a3 = FloatVector.fromArray(S, w, row + 3 * L).fma(x, a3);
            a4 = FloatVector.fromArray(S, w, row + 4 * L).fma(x, a4);
            a5 = FloatVector.fromArray(S, w, row + 5 * L).fma(x, a5);
            a6 = FloatVector.fromArray(S, w, row + 6 * L).fma(x, a6);
            a7 = FloatVector.fromArray(S, w, row + 7 * L).fma(x, a7);
        }
        // the activation test is hoisted by hand: every vector stays in this method
        FloatVector s0 = FloatVector.fromArray(S, w, bias).add(a0.add(b0));
        FloatVector s1 = FloatVector.fromArray(S, w, bias + L).add(a1.add(b1));
        FloatVector s2 = FloatVector.fromArray(S, w, bias + 2 * L).add(a2.add(b2));
        FloatVector s3 = FloatVector.fromArray(S, w, bias + 3 * L).add(a3.add(b3));
        FloatVector s4 = FloatVector.fromArray(S, w, bias + 4 * L).add(a4.add(b4));
        FloatVector s5 = FloatVector.fromArray(S, w, bias + 5 * L).add(a5.add(b5));
        FloatVector s6 = FloatVector.fromArray(S, w, bias + 6 * L).add(a6.add(b6));
        FloatVector s7 = FloatVector.fromArray(S, w, bias + 7 * L).add(a7.add(b7));
        if (relu) {
            final FloatVector zero = FloatVector.zero(S);
            s0 = zero.blend(s0, s0.compare(VectorOperators.GT, 0f));
            s1 = zero.blend(s1, s1.compare(VectorOperators.GT, 0f));
            s2 = zero.blend(s2, s2.compare(VectorOperators.GT, 0f));
            s3 = zero.blend(s3, s3.compare(VectorOperators.GT, 0f));
            s4 = zero.blend(s4, s4.compare(VectorOperators.GT, 0f));
            s5 = zero.blend(s5, s5.compare(VectorOperators.GT, 0f));
            s6 = zero.blend(s6, s6.compare(VectorOperators.GT, 0f));
            s7 = zero.blend(s7, s7.compare(VectorOperators.GT, 0f));
        }
        s0.intoArray(out, o);
        s1.intoArray(out, o + L);
        s2.intoArray(out, o + 2 * L);
        s3.intoArray(out, o + 3 * L);
        s4.intoArray(out, o + 4 * L);
        s5.intoArray(out, o + 5 * L);
        s6.intoArray(out, o + 6 * L);
        s7.intoArray(out, o + 7 * L);
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
