package org.diffevo4j.agents;

/**
 * The {@link DenseKernel} in plain Java (used when the Vector API module is not enabled): for each
 * input, one unit-stride loop over the output units updates that input's partial sum, which C2's
 * superword pass vectorises; without fused multiply-add, as Java's semantics require.
 */
final class PlainDenseKernel implements DenseKernel {

    static final int LANES = 8;

    private double[] s0 = new double[0];
    private double[] s1 = s0;
    private double[] s2 = s0;
    private double[] s3 = s0;

    @Override
    public int lanes() {
        return LANES;
    }

    /** One panel per layer: the loops run over all output units at a stride of {@code nOutPad}. */
    @Override
    public int panel() {
        return 0;
    }

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public void layer(double[] w, int wOff, int bOff, int nIn, int nOutPad, double[] in, double[] out, boolean relu) {
        if (s0.length < nOutPad) {
            s0 = new double[nOutPad];
            s1 = new double[nOutPad];
            s2 = new double[nOutPad];
            s3 = new double[nOutPad];
        }
        final double[] a0 = s0, a1 = s1, a2 = s2, a3 = s3;
        for (int o = 0; o < nOutPad; o++) {
            a0[o] = 0.0;
            a1[o] = 0.0;
            a2[o] = 0.0;
            a3[o] = 0.0;
        }
        final int g4 = nIn & ~3;
        int i = 0;
        int row = wOff;
        for (; i < g4; i += 4, row += 4 * nOutPad) {
            acc(a0, w, row, in[i], nOutPad);
            acc(a1, w, row + nOutPad, in[i + 1], nOutPad);
            acc(a2, w, row + 2 * nOutPad, in[i + 2], nOutPad);
            acc(a3, w, row + 3 * nOutPad, in[i + 3], nOutPad);
        }
        for (; i < nIn; i++, row += nOutPad) {
            acc(a0, w, row, in[i], nOutPad);
        }
        for (int o = 0; o < nOutPad; o++) {
            final double s = w[bOff + o] + ((a0[o] + a1[o]) + (a2[o] + a3[o]));
            out[o] = relu ? (s > 0 ? s : 0.0) : s;
        }
    }

    private static void acc(double[] a, double[] w, int row, double x, int n) {
        for (int o = 0; o < n; o++) {
            a[o] = a[o] + w[row + o] * x;
        }
    }
}
