package org.diffevo4j.agents;

/** The {@link FloatDenseKernel} in plain Java (no Vector API): loops over output units, no FMA. */
final class PlainFloatDenseKernel implements FloatDenseKernel {

    static final int LANES = 16;

    private float[] s0 = new float[0];
    private float[] s1 = s0;
    private float[] s2 = s0;
    private float[] s3 = s0;

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
    public void layer(float[] w, int wOff, int bOff, int nIn, int nOutPad, float[] in, float[] out, boolean relu) {
        if (s0.length < nOutPad) {
            s0 = new float[nOutPad];
            s1 = new float[nOutPad];
            s2 = new float[nOutPad];
            s3 = new float[nOutPad];
        }
        final float[] a0 = s0, a1 = s1, a2 = s2, a3 = s3;
        for (int o = 0; o < nOutPad; o++) {
            a0[o] = 0f;
            a1[o] = 0f;
            a2[o] = 0f;
            a3[o] = 0f;
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
            final float s = w[bOff + o] + ((a0[o] + a1[o]) + (a2[o] + a3[o]));
            out[o] = relu ? (s > 0 ? s : 0f) : s;
        }
    }

    @Override
    public void dot(float[] w, int wOff, int bOff, int nIn, int nOut, float[] in, float[] out) {
        final int g4 = nIn & ~3;
        for (int o = 0, row = wOff; o < nOut; o++, row += nIn) {
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            int i = 0;
            for (; i < g4; i += 4) {
                s0 += w[row + i] * in[i];
                s1 += w[row + i + 1] * in[i + 1];
                s2 += w[row + i + 2] * in[i + 2];
                s3 += w[row + i + 3] * in[i + 3];
            }
            for (; i < nIn; i++) {
                s0 += w[row + i] * in[i];
            }
            out[o] = w[bOff + o] + ((s0 + s1) + (s2 + s3));
        }
    }

    private static void acc(float[] a, float[] w, int row, float x, int n) {
        for (int o = 0; o < n; o++) {
            a[o] = a[o] + w[row + o] * x;
        }
    }
}
