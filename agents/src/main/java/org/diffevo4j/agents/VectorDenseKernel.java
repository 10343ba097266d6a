package org.diffevo4j.agents;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link DenseKernel} with the JDK Vector API ({@code jdk.incubator.vector}, the preferred species:
 * 8 doubles with AVX-512, 4 with AVX2): each vector holds consecutive output units, the four partial
 * sums of two such vectors are kept in registers over all inputs (eight independent add chains), the
 * input is broadcast. Multiplies and adds are separate lanewise operations (no FMA), so every lane
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

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public void layer(double[] w, int wOff, int bOff, int nIn, int nOutPad, double[] in, double[] out, boolean relu) {
        final int g4 = nIn & ~3;
        final DoubleVector zero = DoubleVector.zero(S);
        int o = 0;
        for (; o + 2 * L <= nOutPad; o += 2 * L) {
            DoubleVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
            DoubleVector b0 = zero, b1 = zero, b2 = zero, b3 = zero;
            int row = wOff + o;
            int i = 0;
            for (; i < g4; i += 4, row += 4 * nOutPad) {
                final double x0 = in[i], x1 = in[i + 1], x2 = in[i + 2], x3 = in[i + 3];
                final int r1 = row + nOutPad, r2 = r1 + nOutPad, r3 = r2 + nOutPad;
                a0 = a0.add(DoubleVector.fromArray(S, w, row).mul(x0));
                b0 = b0.add(DoubleVector.fromArray(S, w, row + L).mul(x0));
                a1 = a1.add(DoubleVector.fromArray(S, w, r1).mul(x1));
                b1 = b1.add(DoubleVector.fromArray(S, w, r1 + L).mul(x1));
                a2 = a2.add(DoubleVector.fromArray(S, w, r2).mul(x2));
                b2 = b2.add(DoubleVector.fromArray(S, w, r2 + L).mul(x2));
                a3 = a3.add(DoubleVector.fromArray(S, w, r3).mul(x3));
                b3 = b3.add(DoubleVector.fromArray(S, w, r3 + L).mul(x3));
            }
            for (; i < nIn; i++, row += nOutPad) {
                final double x = in[i];
                a0 = a0.add(DoubleVector.fromArray(S, w, row).mul(x));
                b0 = b0.add(DoubleVector.fromArray(S, w, row + L).mul(x));
            }
            finish(DoubleVector.fromArray(S, w, bOff + o), a0, a1, a2, a3, relu, zero).intoArray(out, o);
            finish(DoubleVector.fromArray(S, w, bOff + o + L), b0, b1, b2, b3, relu, zero).intoArray(out, o + L);
        }
        for (; o < nOutPad; o += L) {
            DoubleVector a0 = zero, a1 = zero, a2 = zero, a3 = zero;
            int row = wOff + o;
            int i = 0;
            for (; i < g4; i += 4, row += 4 * nOutPad) {
                a0 = a0.add(DoubleVector.fromArray(S, w, row).mul(in[i]));
                a1 = a1.add(DoubleVector.fromArray(S, w, row + nOutPad).mul(in[i + 1]));
                a2 = a2.add(DoubleVector.fromArray(S, w, row + 2 * nOutPad).mul(in[i + 2]));
                a3 = a3.add(DoubleVector.fromArray(S, w, row + 3 * nOutPad).mul(in[i + 3]));
            }
            for (; i < nIn; i++, row += nOutPad) {
                a0 = a0.add(DoubleVector.fromArray(S, w, row).mul(in[i]));
            }
            finish(DoubleVector.fromArray(S, w, bOff + o), a0, a1, a2, a3, relu, zero).intoArray(out, o);
        }
    }

    /** {@code bias + ((s0 + s1) + (s2 + s3))}, then {@code s > 0 ? s : 0.0} if asked (NaN gives 0.0). */
    private static DoubleVector finish(DoubleVector bias, DoubleVector s0, DoubleVector s1, DoubleVector s2,
                                       DoubleVector s3, boolean relu, DoubleVector zero) {
        final DoubleVector s = bias.add(s0.add(s1).add(s2.add(s3)));
        if (!relu) {
            return s;
        }
        final VectorMask<Double> positive = s.compare(VectorOperators.GT, 0.0);
        return zero.blend(s, positive);
    }
}
