package org.diffevo4j.agents;

/**
 * The dense layer kernels of the lane path: one output unit at a time for all running lanes, the
 * arithmetic of {@link MlpPolicy#forward} per lane (four partial sums over {@code i mod 4}, combined as
 * {@code bias + ((s0 + s1) + (s2 + s3))}), written as short unit-stride loops over lane arrays that
 * C2's superword pass turns into SIMD code.
 */
final class LaneKernels {

    static final int NONE = 0;
    static final int RELU = 1;
    static final int TANH = 2;

    private LaneKernels() {
    }

    /**
     * One output unit for lanes {@code [0, m)}: {@code dst[j] = act(bias[j] + ((s0 + s1) + (s2 + s3)))}
     * where {@code s_r = 0.0 + w[row + r][j] * in[r][j] + w[row + r + 4][j] * in[r + 4][j] + ...}
     * (left to right) over {@code i = r mod 4}, the remainder {@code i >= 4 * (nIn / 4)} also going
     * to {@code s0}: MlpPolicy's order, operation for operation (a missing bias is {@code 0.0 + ...}).
     *
     * <p>The work is cut into loops with few array operands each (see {@link #init2}): C2's
     * superword pass vectorises those, while one big loop body is not unrolled and stays scalar.
     * The constant {@code 0.0} is read from the {@code z} array (all zeros) for the same reason.
     */
    static void unit(double[][] w, int row, double[] bias, double[][] in, int nIn, double[] dst, int mode, int m,
                     double[][] q, double[] z) {
        final double[] b = bias != null ? bias : z;
        final boolean relu = mode == RELU;
        final double[] q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3];
        if (nIn == 4) {
            pair(q0, z, w[row], in[0], w[row + 1], in[1], m);
            pair(q1, z, w[row + 2], in[2], w[row + 3], in[3], m);
            fin2(dst, b, q0, q1, relu, m);
        } else if (nIn < 4) {
            chain(q0, z, w, row, in, 0, 1, nIn, m);
            finSmall(dst, b, q0, z, relu, m);
        } else {
            final int g = nIn / 4;
            // s0 also takes the remainder inputs 4g .. nIn-1, after its own i = 0, 4, .., 4(g-1)
            chainStrided(q0, z, w, row, in, 0, g, nIn, m);
            chainStrided(q1, z, w, row, in, 1, g, 0, m);
            chainStrided(q2, z, w, row, in, 2, g, 0, m);
            chainStrided(q3, z, w, row, in, 3, g, 0, m);
            fin4(dst, b, q0, q1, q2, q3, relu, m);
        }
        if (mode == TANH) {
            for (int j = 0; j < m; j++) {
                dst[j] = Math.tanh(dst[j]);
            }
        }
    }

    /** {@code q = 0.0 + w[row+r]*in[r] + w[row+r+4]*in[r+4] + ...} (g terms), then the inputs {@code 4g .. end-1}. */
    static void chainStrided(double[] qr, double[] z, double[][] w, int row, double[][] in, int r, int g,
                                     int end, int m) {
        int i = r;
        int left = g;
        if (left >= 2) {
            init2(qr, z, w[row + i], in[i], w[row + i + 4], in[i + 4], m);
            i += 8;
            left -= 2;
        } else {
            init1(qr, z, w[row + i], in[i], m);
            i += 4;
            left -= 1;
        }
        for (; left >= 2; left -= 2, i += 8) {
            acc2(qr, w[row + i], in[i], w[row + i + 4], in[i + 4], m);
        }
        if (left == 1) {
            acc1(qr, w[row + i], in[i], m);
        }
        int k = 4 * g;
        for (; k + 1 < end; k += 2) {
            acc2(qr, w[row + k], in[k], w[row + k + 1], in[k + 1], m);
        }
        if (k < end) {
            acc1(qr, w[row + k], in[k], m);
        }
    }

    /** {@code q = 0.0 + w[row+i0]*in[i0] + ... } over the consecutive inputs {@code i0 .. end-1} (at least one). */
    static void chain(double[] qr, double[] z, double[][] w, int row, double[][] in, int i0, int i1, int end,
                              int m) {
        int k = i1;
        if (k < end) {
            // the first two terms in one loop (a 2-input layer's whole chain): one loop fewer per unit
            init2(qr, z, w[row + i0], in[i0], w[row + k], in[k], m);
            k++;
        } else {
            init1(qr, z, w[row + i0], in[i0], m);
        }
        for (; k + 1 < end; k += 2) {
            acc2(qr, w[row + k], in[k], w[row + k + 1], in[k + 1], m);
        }
        if (k < end) {
            acc1(qr, w[row + k], in[k], m);
        }
    }

    /** {@code q = (0.0 + wa*xa) + (0.0 + wb*xb)}. */
    static void pair(double[] q, double[] z, double[] wa, double[] xa, double[] wb, double[] xb, int m) {
        for (int j = 0; j < m; j++) {
            q[j] = (z[j] + wa[j] * xa[j]) + (z[j] + wb[j] * xb[j]);
        }
    }

    static void init1(double[] q, double[] z, double[] wa, double[] xa, int m) {
        for (int j = 0; j < m; j++) {
            q[j] = z[j] + wa[j] * xa[j];
        }
    }

    /** {@code q = (0.0 + wa*xa) + wb*xb}: a loop body small enough for C2 to unroll and vectorise. */
    static void init2(double[] q, double[] z, double[] wa, double[] xa, double[] wb, double[] xb, int m) {
        for (int j = 0; j < m; j++) {
            q[j] = (z[j] + wa[j] * xa[j]) + wb[j] * xb[j];
        }
    }

    static void acc1(double[] q, double[] wa, double[] xa, int m) {
        for (int j = 0; j < m; j++) {
            q[j] = q[j] + wa[j] * xa[j];
        }
    }

    static void acc2(double[] q, double[] wa, double[] xa, double[] wb, double[] xb, int m) {
        for (int j = 0; j < m; j++) {
            q[j] = (q[j] + wa[j] * xa[j]) + wb[j] * xb[j];
        }
    }

    /**
     * {@code dst = b + (t + u)}, then ReLU if asked. The ReLU is {@code (s + |s|) * 0.5}, which equals
     * MlpPolicy's {@code s > 0 ? s : 0.0} for every finite {@code s} up to half the largest double
     * and vectorises; where they differ (NaN, overflow) the non-finite value propagates to the
     * outputs, and such lanes are recomputed exactly (see the head in {@link LaneBlock#play}).
     */
    static void fin2(double[] dst, double[] b, double[] t, double[] u, boolean relu, int m) {
        if (relu) {
            for (int j = 0; j < m; j++) {
                final double s = b[j] + (t[j] + u[j]);
                dst[j] = (s + Math.abs(s)) * 0.5;
            }
        } else {
            for (int j = 0; j < m; j++) {
                dst[j] = b[j] + (t[j] + u[j]);
            }
        }
    }

    /** {@code dst = b + ((q0 + 0.0) + (0.0 + 0.0))} (a single partial sum), then ReLU if asked. */
    static void finSmall(double[] dst, double[] b, double[] q0, double[] z, boolean relu, int m) {
        if (relu) {
            for (int j = 0; j < m; j++) {
                final double s = b[j] + ((q0[j] + z[j]) + z[j]);
                dst[j] = (s + Math.abs(s)) * 0.5;
            }
        } else {
            for (int j = 0; j < m; j++) {
                dst[j] = b[j] + ((q0[j] + z[j]) + z[j]);
            }
        }
    }

    /** {@code dst = b + ((q0 + q1) + (q2 + q3))}, then ReLU if asked. */
    static void fin4(double[] dst, double[] b, double[] q0, double[] q1, double[] q2, double[] q3,
                             boolean relu, int m) {
        if (relu) {
            for (int j = 0; j < m; j++) {
                final double s = b[j] + ((q0[j] + q1[j]) + (q2[j] + q3[j]));
                dst[j] = (s + Math.abs(s)) * 0.5;
            }
        } else {
            for (int j = 0; j < m; j++) {
                dst[j] = b[j] + ((q0[j] + q1[j]) + (q2[j] + q3[j]));
            }
        }
    }
}
