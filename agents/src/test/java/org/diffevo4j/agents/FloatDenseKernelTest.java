package org.diffevo4j.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float32 kernels ({@link FloatDenseKernel}) against a double-precision reference computed here
 * from the same float weights, for the plain kernel and, when the Vector API is enabled (the
 * with-vector-api test run), the Vector API one: every block width of {@code layer} and every loop of
 * {@code dot}. Also: a kernel's results do not change once the JIT has compiled it.
 */
class FloatDenseKernelTest {

    private static List<FloatDenseKernel> kernels() {
        List<FloatDenseKernel> ks = new ArrayList<>();
        ks.add(new PlainFloatDenseKernel());
        if (DenseKernels.VECTOR) {
            ks.add(DenseKernels.bestFloat());
        }
        return ks;
    }

    private static float[] randoms(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** Where the weight from input i to output o sits: the panel layout, written out independently. */
    private static int index(FloatDenseKernel k, int nIn, int nOutPad, int i, int o) {
        if (k.panel() == 0) {
            return i * nOutPad + o;
        }
        int p0 = 0;
        while (true) {
            int pw = k.panel();
            while (pw > nOutPad - p0) {
                pw /= 2;
            }
            if (o < p0 + pw) {
                return p0 * nIn + i * pw + (o - p0);
            }
            p0 += pw;
        }
    }

    @Test
    void panelWidthsAreTheWidestThatFit() {
        assertEquals(128, ResidentLayout.panelWidth(128, 128, 16));
        assertEquals(64, ResidentLayout.panelWidth(112, 128, 16));
        assertEquals(32, ResidentLayout.panelWidth(48, 128, 16));
        assertEquals(16, ResidentLayout.panelWidth(16, 128, 16));
        assertEquals(256, ResidentLayout.panelWidth(256, 0, 16), "panel 0: the whole layer");
        assertEquals(32, ResidentLayout.panelWidth(96, 32, 8));
    }

    @Test
    void layerMatchesDoubleReferenceForEveryBlockWidth() {
        for (FloatDenseKernel k : kernels()) {
            final int lanes = k.lanes();
            // 8 + 4 + 2 + 1 blocks of lanes and 3 more units: every block routine, then padding
            final int nOut = 15 * lanes + 3;
            final int nOutPad = 16 * lanes;
            for (int nIn : new int[] {1, 4, 7, 37}) {
                Random r = new Random(nIn);
                final int wOff = 5;
                final int bOff = wOff + nIn * nOutPad;
                float[] w = new float[bOff + nOutPad];
                float[] in = randoms(r, nIn);
                for (int i = 0; i < nIn; i++) {
                    for (int o = 0; o < nOut; o++) {
                        w[wOff + index(k, nIn, nOutPad, i, o)] = (float) r.nextGaussian();
                    }
                }
                for (int o = 0; o < nOut; o++) {
                    w[bOff + o] = (float) r.nextGaussian();
                }
                for (boolean relu : new boolean[] {false, true}) {
                    float[] out = new float[nOutPad];
                    k.layer(w, wOff, bOff, nIn, nOutPad, in, out, relu);
                    for (int o = 0; o < nOut; o++) {
                        double ref = w[bOff + o];
                        double mag = Math.abs(ref);
                        for (int i = 0; i < nIn; i++) {
                            final double wio = w[wOff + index(k, nIn, nOutPad, i, o)];
                            ref += wio * in[i];
                            mag += Math.abs(wio * in[i]);
                        }
                        if (relu) {
                            ref = Math.max(ref, 0.0);
                        }
                        assertEquals(ref, out[o], 1e-6 * mag + 1e-30,
                                k.name() + " nIn " + nIn + " unit " + o + " relu " + relu);
                    }
                }
            }
        }
    }

    @Test
    void dotMatchesDoubleReference() {
        for (FloatDenseKernel k : kernels()) {
            final int lanes = k.lanes();
            // two-vector steps, one single vector, a scalar tail; and inputs shorter than a vector
            for (int nIn : new int[] {3, lanes, 3 * lanes + 5, 4 * lanes}) {
                Random r = new Random(100 + nIn);
                final int nOut = 3;
                final int wOff = 7;
                final int bOff = wOff + nOut * nIn;
                float[] w = randoms(r, bOff + nOut);
                float[] in = randoms(r, nIn);
                float[] out = new float[nOut];
                k.dot(w, wOff, bOff, nIn, nOut, in, out);
                for (int o = 0; o < nOut; o++) {
                    double ref = w[bOff + o];
                    double mag = Math.abs(ref);
                    for (int i = 0; i < nIn; i++) {
                        ref += (double) w[wOff + o * nIn + i] * in[i];
                        mag += Math.abs((double) w[wOff + o * nIn + i] * in[i]);
                    }
                    assertEquals(ref, out[o], 1e-6 * mag, k.name() + " nIn " + nIn + " output " + o);
                }
            }
        }
    }

    /** The result of the first (interpreted) call equals the result once C2 has compiled the kernel. */
    @Test
    void resultsDoNotDependOnJitWarmUp() {
        for (FloatDenseKernel k : kernels()) {
            final int lanes = k.lanes();
            final int nIn = 4 * lanes + 3;
            final int nOutPad = 8 * lanes;
            Random r = new Random(5);
            float[] w = randoms(r, nIn * nOutPad + nOutPad);
            float[] in = randoms(r, nIn);
            float[] first = new float[nOutPad];
            float[] firstDot = new float[2];
            k.layer(w, 0, nIn * nOutPad, nIn, nOutPad, in, first, true);
            k.dot(w, 0, 2 * nIn, nIn, 2, in, firstDot);
            float[] out = new float[nOutPad];
            float[] dot = new float[2];
            for (int it = 0; it < 40_000; it++) {
                k.layer(w, 0, nIn * nOutPad, nIn, nOutPad, in, out, true);
                k.dot(w, 0, 2 * nIn, nIn, 2, in, dot);
            }
            for (int o = 0; o < nOutPad; o++) {
                assertEquals(Float.floatToRawIntBits(first[o]), Float.floatToRawIntBits(out[o]), k.name() + " unit " + o);
            }
            for (int o = 0; o < 2; o++) {
                assertEquals(Float.floatToRawIntBits(firstDot[o]), Float.floatToRawIntBits(dot[o]),
                        k.name() + " dot " + o);
            }
        }
    }

    @Test
    void rowHeadOnlyWhereItSavesWork() {
        assertTrue(ResidentLayout.usesRowHead(64, 2, 16), "4-64-64-2's output layer");
        assertTrue(ResidentLayout.usesRowHead(128, 1, 8));
        assertFalse(ResidentLayout.usesRowHead(64, 64, 16), "a hidden-sized layer stays transposed");
        assertFalse(ResidentLayout.usesRowHead(4, 2, 16), "too few inputs to fill a vector");
        ParameterLayout layout = new ParameterLayout(new int[] {4, 64, 64, 2}, true);
        ResidentLayout rows = new ResidentLayout(layout, 16, 0, true);
        ResidentLayout transposed = new ResidentLayout(layout, 16, 0, false);
        assertTrue(rows.rowHead());
        assertFalse(transposed.rowHead());
        // 2 x 64 weights and 2 biases instead of 64 x 16 and 16
        assertEquals(transposed.size() - (64 * 16 + 16) + (2 * 64 + 2), rows.size());
    }
}
