package org.diffevo4j.agents;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One output unit of a lane-path layer for all running lanes, in one loop, with the JDK Vector API,
 * for layers of 1 to 8 inputs: the unit's whole dot product, bias and ReLU per vector of lanes, where
 * {@link LaneKernels} needs three to five loops (C2 does not vectorise a loop body with that many
 * array operands) and keeps the partial sums in memory between them. Generated code: one method per
 * input count, each naming its inputs, so that the loop body is straight-line and every array is
 * loop-invariant (range checks hoisted).
 *
 * <p>Per lane the operations are {@link MlpPolicy#forward}'s, in its order: partial sums
 * {@code s_r = 0.0 + w_r x_r + w_(r+4) x_(r+4)} (the remainder inputs to {@code s0}), combined as
 * {@code bias + ((s0 + s1) + (s2 + s3))}, separate multiplies and adds (no FMA). The ReLU is
 * {@code max(s, 0.0)}, equal to MlpPolicy's {@code s > 0 ? s : 0.0} for every {@code s} but NaN, which
 * it propagates: a NaN hidden value makes every output NaN, and {@link LaneBlock}'s head recomputes
 * such lanes with the scalar code, as it does after {@link LaneKernels}' ReLU.
 *
 * <p>Only loaded through {@link LaneUnits#best} when the module is present: referencing this class
 * without {@code --add-modules jdk.incubator.vector} would fail to link.
 */
final class VectorLaneUnits implements LaneUnits {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public boolean unit(double[][] w, int row, double[] b, double[][] in, int nIn, double[] dst, boolean relu,
                        int m) {
        switch (nIn) {
            case 1 -> unit1(dst, b, w[row + 0], in[0], relu, m);
            case 2 -> unit2(dst, b, w[row + 0], in[0], w[row + 1], in[1], relu, m);
            case 3 -> unit3(dst, b, w[row + 0], in[0], w[row + 1], in[1], w[row + 2], in[2], relu, m);
            case 4 -> unit4(dst, b, w[row + 0], in[0], w[row + 1], in[1], w[row + 2], in[2], w[row + 3], in[3],
                    relu, m);
            case 5 -> unit5(dst, b, w[row + 0], in[0], w[row + 1], in[1], w[row + 2], in[2], w[row + 3], in[3],
                    w[row + 4], in[4], relu, m);
            case 6 -> unit6(dst, b, w[row + 0], in[0], w[row + 1], in[1], w[row + 2], in[2], w[row + 3], in[3],
                    w[row + 4], in[4], w[row + 5], in[5], relu, m);
            case 7 -> unit7(dst, b, w[row + 0], in[0], w[row + 1], in[1], w[row + 2], in[2], w[row + 3], in[3],
                    w[row + 4], in[4], w[row + 5], in[5], w[row + 6], in[6], relu, m);
            case 8 -> unit8(dst, b, w[row + 0], in[0], w[row + 1], in[1], w[row + 2], in[2], w[row + 3], in[3],
                    w[row + 4], in[4], w[row + 5], in[5], w[row + 6], in[6], w[row + 7], in[7], relu, m);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void unit1(double[] dst, double[] b, double[] w0, double[] x0, boolean relu, int m) {
        final DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < m; j += L) {
            DoubleVector s0 = zero;
            s0 = s0.add(DoubleVector.fromArray(S, w0, j).mul(DoubleVector.fromArray(S, x0, j)));
            final DoubleVector s1 = zero;
            final DoubleVector s2 = zero;
            final DoubleVector s3 = zero;
            final DoubleVector s = DoubleVector.fromArray(S, b, j).add(s0.add(s1).add(s2.add(s3)));
            // two stores, not one of a conditional vector: C2 (JDK 17) boxes a vector merged at a phi
            if (relu) {
                s.max(zero).intoArray(dst, j);
            } else {
                s.intoArray(dst, j);
            }
        }
    }

    private static void unit2(double[] dst, double[] b, double[] w0, double[] x0, double[] w1, double[] x1,
                              boolean relu, int m) {
        final DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < m; j += L) {
            DoubleVector s0 = zero;
            s0 = s0.add(DoubleVector.fromArray(S, w0, j).mul(DoubleVector.fromArray(S, x0, j)));
            s0 = s0.add(DoubleVector.fromArray(S, w1, j).mul(DoubleVector.fromArray(S, x1, j)));
            final DoubleVector s1 = zero;
            final DoubleVector s2 = zero;
            final DoubleVector s3 = zero;
            final DoubleVector s = DoubleVector.fromArray(S, b, j).add(s0.add(s1).add(s2.add(s3)));
            // two stores, not one of a conditional vector: C2 (JDK 17) boxes a vector merged at a phi
            if (relu) {
                s.max(zero).intoArray(dst, j);
            } else {
                s.intoArray(dst, j);
            }
        }
    }

    private static void unit3(double[] dst, double[] b, double[] w0, double[] x0, double[] w1, double[] x1,
                              double[] w2, double[] x2, boolean relu, int m) {
        final DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < m; j += L) {
            DoubleVector s0 = zero;
            s0 = s0.add(DoubleVector.fromArray(S, w0, j).mul(DoubleVector.fromArray(S, x0, j)));
            s0 = s0.add(DoubleVector.fromArray(S, w1, j).mul(DoubleVector.fromArray(S, x1, j)));
            s0 = s0.add(DoubleVector.fromArray(S, w2, j).mul(DoubleVector.fromArray(S, x2, j)));
            final DoubleVector s1 = zero;
            final DoubleVector s2 = zero;
            final DoubleVector s3 = zero;
            final DoubleVector s = DoubleVector.fromArray(S, b, j).add(s0.add(s1).add(s2.add(s3)));
            // two stores, not one of a conditional vector: C2 (JDK 17) boxes a vector merged at a phi
            if (relu) {
                s.max(zero).intoArray(dst, j);
            } else {
                s.intoArray(dst, j);
            }
        }
    }

    private static void unit4(double[] dst, double[] b, double[] w0, double[] x0, double[] w1, double[] x1,
                              double[] w2, double[] x2, double[] w3, double[] x3, boolean relu, int m) {
        final DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < m; j += L) {
            DoubleVector s0 = zero;
            s0 = s0.add(DoubleVector.fromArray(S, w0, j).mul(DoubleVector.fromArray(S, x0, j)));
            DoubleVector s1 = zero;
            s1 = s1.add(DoubleVector.fromArray(S, w1, j).mul(DoubleVector.fromArray(S, x1, j)));
            DoubleVector s2 = zero;
            s2 = s2.add(DoubleVector.fromArray(S, w2, j).mul(DoubleVector.fromArray(S, x2, j)));
            DoubleVector s3 = zero;
            s3 = s3.add(DoubleVector.fromArray(S, w3, j).mul(DoubleVector.fromArray(S, x3, j)));
            final DoubleVector s = DoubleVector.fromArray(S, b, j).add(s0.add(s1).add(s2.add(s3)));
            // two stores, not one of a conditional vector: C2 (JDK 17) boxes a vector merged at a phi
            if (relu) {
                s.max(zero).intoArray(dst, j);
            } else {
                s.intoArray(dst, j);
            }
        }
    }

    private static void unit5(double[] dst, double[] b, double[] w0, double[] x0, double[] w1, double[] x1,
                              double[] w2, double[] x2, double[] w3, double[] x3, double[] w4, double[] x4,
                              boolean relu, int m) {
        final DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < m; j += L) {
            DoubleVector s0 = zero;
            s0 = s0.add(DoubleVector.fromArray(S, w0, j).mul(DoubleVector.fromArray(S, x0, j)));
            s0 = s0.add(DoubleVector.fromArray(S, w4, j).mul(DoubleVector.fromArray(S, x4, j)));
            DoubleVector s1 = zero;
            s1 = s1.add(DoubleVector.fromArray(S, w1, j).mul(DoubleVector.fromArray(S, x1, j)));
            DoubleVector s2 = zero;
            s2 = s2.add(DoubleVector.fromArray(S, w2, j).mul(DoubleVector.fromArray(S, x2, j)));
            DoubleVector s3 = zero;
            s3 = s3.add(DoubleVector.fromArray(S, w3, j).mul(DoubleVector.fromArray(S, x3, j)));
            final DoubleVector s = DoubleVector.fromArray(S, b, j).add(s0.add(s1).add(s2.add(s3)));
            // two stores, not one of a conditional vector: C2 (JDK 17) boxes a vector merged at a phi
            if (relu) {
                s.max(zero).intoArray(dst, j);
            } else {
                s.intoArray(dst, j);
            }
        }
    }

    private static void unit6(double[] dst, double[] b, double[] w0, double[] x0, double[] w1, double[] x1,
                              double[] w2, double[] x2, double[] w3, double[] x3, double[] w4, double[] x4,
                              double[] w5, double[] x5, boolean relu, int m) {
        final DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < m; j += L) {
            DoubleVector s0 = zero;
            s0 = s0.add(DoubleVector.fromArray(S, w0, j).mul(DoubleVector.fromArray(S, x0, j)));
            s0 = s0.add(DoubleVector.fromArray(S, w4, j).mul(DoubleVector.fromArray(S, x4, j)));
            s0 = s0.add(DoubleVector.fromArray(S, w5, j).mul(DoubleVector.fromArray(S, x5, j)));
            DoubleVector s1 = zero;
            s1 = s1.add(DoubleVector.fromArray(S, w1, j).mul(DoubleVector.fromArray(S, x1, j)));
            DoubleVector s2 = zero;
            s2 = s2.add(DoubleVector.fromArray(S, w2, j).mul(DoubleVector.fromArray(S, x2, j)));
            DoubleVector s3 = zero;
            s3 = s3.add(DoubleVector.fromArray(S, w3, j).mul(DoubleVector.fromArray(S, x3, j)));
            final DoubleVector s = DoubleVector.fromArray(S, b, j).add(s0.add(s1).add(s2.add(s3)));
            // two stores, not one of a conditional vector: C2 (JDK 17) boxes a vector merged at a phi
            if (relu) {
                s.max(zero).intoArray(dst, j);
            } else {
                s.intoArray(dst, j);
            }
        }
    }

    private static void unit7(double[] dst, double[] b, double[] w0, double[] x0, double[] w1, double[] x1,
                              double[] w2, double[] x2, double[] w3, double[] x3, double[] w4, double[] x4,
                              double[] w5, double[] x5, double[] w6, double[] x6, boolean relu, int m) {
        final DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < m; j += L) {
            DoubleVector s0 = zero;
            s0 = s0.add(DoubleVector.fromArray(S, w0, j).mul(DoubleVector.fromArray(S, x0, j)));
            s0 = s0.add(DoubleVector.fromArray(S, w4, j).mul(DoubleVector.fromArray(S, x4, j)));
            s0 = s0.add(DoubleVector.fromArray(S, w5, j).mul(DoubleVector.fromArray(S, x5, j)));
            s0 = s0.add(DoubleVector.fromArray(S, w6, j).mul(DoubleVector.fromArray(S, x6, j)));
            DoubleVector s1 = zero;
            s1 = s1.add(DoubleVector.fromArray(S, w1, j).mul(DoubleVector.fromArray(S, x1, j)));
            DoubleVector s2 = zero;
            s2 = s2.add(DoubleVector.fromArray(S, w2, j).mul(DoubleVector.fromArray(S, x2, j)));
            DoubleVector s3 = zero;
            s3 = s3.add(DoubleVector.fromArray(S, w3, j).mul(DoubleVector.fromArray(S, x3, j)));
            final DoubleVector s = DoubleVector.fromArray(S, b, j).add(s0.add(s1).add(s2.add(s3)));
            // two stores, not one of a conditional vector: C2 (JDK 17) boxes a vector merged at a phi
            if (relu) {
                s.max(zero).intoArray(dst, j);
            } else {
                s.intoArray(dst, j);
            }
        }
    }

    private static void unit8(double[] dst, double[] b, double[] w0, double[] x0, double[] w1, double[] x1,
                              double[] w2, double[] x2, double[] w3, double[] x3, double[] w4, double[] x4,
                              double[] w5, double[] x5, double[] w6, double[] x6, double[] w7, double[] x7,
                              boolean relu, int m) {
        final DoubleVector zero = DoubleVector.zero(S);
        for (int j = 0; j < m; j += L) {
            DoubleVector s0 = zero;
            s0 = s0.add(DoubleVector.fromArray(S, w0, j).mul(DoubleVector.fromArray(S, x0, j)));
            s0 = s0.add(DoubleVector.fromArray(S, w4, j).mul(DoubleVector.fromArray(S, x4, j)));
            DoubleVector s1 = zero;
            s1 = s1.add(DoubleVector.fromArray(S, w1, j).mul(DoubleVector.fromArray(S, x1, j)));
            s1 = s1.add(DoubleVector.fromArray(S, w5, j).mul(DoubleVector.fromArray(S, x5, j)));
            DoubleVector s2 = zero;
            s2 = s2.add(DoubleVector.fromArray(S, w2, j).mul(DoubleVector.fromArray(S, x2, j)));
            s2 = s2.add(DoubleVector.fromArray(S, w6, j).mul(DoubleVector.fromArray(S, x6, j)));
            DoubleVector s3 = zero;
            s3 = s3.add(DoubleVector.fromArray(S, w3, j).mul(DoubleVector.fromArray(S, x3, j)));
            s3 = s3.add(DoubleVector.fromArray(S, w7, j).mul(DoubleVector.fromArray(S, x7, j)));
            final DoubleVector s = DoubleVector.fromArray(S, b, j).add(s0.add(s1).add(s2.add(s3)));
            // two stores, not one of a conditional vector: C2 (JDK 17) boxes a vector merged at a phi
            if (relu) {
                s.max(zero).intoArray(dst, j);
            } else {
                s.intoArray(dst, j);
            }
        }
    }
}
