package org.diffevo4j.agents;

/**
 * Where one copy's weights sit while the per-copy path plays its episode: layer by layer, the weight
 * matrix transposed ({@code [in x outPad]}, so that consecutive output units are contiguous for
 * {@link DenseKernel}), then the bias vector ({@code [outPad]}, zeros without biases); {@code outPad}
 * is the layer's width rounded up to the kernel's lane count, and the padding stays 0.0.
 */
final class ResidentLayout {

    private final ParameterLayout layout;
    private final int[] wOff;
    private final int[] bOff;
    private final int[] outPad;
    private final int size;
    private final int maxPad;

    ResidentLayout(ParameterLayout layout, int lanes) {
        this.layout = layout;
        int layers = layout.layerCount();
        wOff = new int[layers];
        bOff = new int[layers];
        outPad = new int[layers];
        long off = 0;
        int mp = layout.inSize(0);
        for (int l = 0; l < layers; l++) {
            int pad = (layout.outSize(l) + lanes - 1) / lanes * lanes;
            outPad[l] = pad;
            wOff[l] = (int) off;
            off += (long) layout.inSize(l) * pad;
            bOff[l] = (int) off;
            off += pad;
            mp = Math.max(mp, pad);
        }
        if (off > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("policy too large for the per-copy path: " + off + " packed weights");
        }
        size = (int) off;
        maxPad = mp;
    }

    /** Packed doubles per copy. */
    int size() {
        return size;
    }

    /** The largest padded width (and the input width): scratch activation buffers need this many. */
    int maxWidth() {
        return maxPad;
    }

    int weightOffset(int l) {
        return wOff[l];
    }

    int biasOffset(int l) {
        return bOff[l];
    }

    int outPad(int l) {
        return outPad[l];
    }

    /** As {@link #pack}, rounding each weight to float32 (for the opt-in float32 forward pass). */
    void packFloat(double[] pop, int base, float[] dst, int off) {
        for (int l = 0; l < layout.layerCount(); l++) {
            final int nIn = layout.inSize(l);
            final int nOut = layout.outSize(l);
            final int pad = outPad[l];
            final int src = base + layout.weightOffset(l);
            final int w = off + wOff[l];
            for (int o = 0; o < nOut; o++) {
                final int so = src + o * nIn;
                for (int i = 0; i < nIn; i++) {
                    dst[w + i * pad + o] = (float) pop[so + i];
                }
            }
            final int bo = layout.biasOffset(l);
            if (bo >= 0) {
                for (int o = 0; o < nOut; o++) {
                    dst[off + bOff[l] + o] = (float) pop[base + bo + o];
                }
            }
        }
    }

    /**
     * Writes the genome at {@code pop[base ..]} (in {@link ParameterLayout} order) into
     * {@code dst[off .. off + size())}; padding entries are left as they are (zero once allocated).
     */
    void pack(double[] pop, int base, double[] dst, int off) {
        for (int l = 0; l < layout.layerCount(); l++) {
            final int nIn = layout.inSize(l);
            final int nOut = layout.outSize(l);
            final int pad = outPad[l];
            final int src = base + layout.weightOffset(l);
            final int w = off + wOff[l];
            for (int o = 0; o < nOut; o++) {
                final int so = src + o * nIn;
                for (int i = 0; i < nIn; i++) {
                    dst[w + i * pad + o] = pop[so + i];
                }
            }
            final int bo = layout.biasOffset(l);
            if (bo >= 0) {
                System.arraycopy(pop, base + bo, dst, off + bOff[l], nOut);
            }
        }
    }
}
