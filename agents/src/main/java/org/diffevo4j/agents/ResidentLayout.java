package org.diffevo4j.agents;

/**
 * Where one copy's weights sit while the per-copy path plays its episode: layer by layer, the weight
 * matrix transposed (so that consecutive output units are contiguous for {@link DenseKernel}), then
 * the bias vector ({@code [outPad]}, zeros without biases); {@code outPad} is the layer's width
 * rounded up to the kernel's lane count, and the padding stays 0.0.
 *
 * <p>The transposed matrix is cut into <i>panels</i> of output units, the blocks the kernel computes
 * in one pass ({@link #panelWidth}): panel {@code [p0, p0 + pw)} is stored as {@code [in x pw]} from
 * {@code p0 * in} on, so each pass reads one contiguous stretch front to back rather than a few
 * vectors per row at a stride of the whole padded width (the hardware prefetcher then keeps up when
 * the weights come from L2, as 4-128-128-2's do). With a panel limit of 0 a layer is one panel,
 * {@code [in x outPad]}.
 *
 * <p>With a <i>row head</i> (float32 only, {@link #usesRowHead}) the last layer is instead stored as
 * PyTorch stores it, {@code [out x in]} row-major, then {@code out} biases: a narrow output layer (2
 * actions) is then {@code out} dot products vectorised over the inputs rather than {@code in}
 * multiply-adds into one mostly padded vector of outputs (4-64-64-2 with 16 float lanes: 8 vector
 * multiply-adds instead of 64).
 */
final class ResidentLayout {

    private final ParameterLayout layout;
    private final int[] wOff;
    private final int[] bOff;
    private final int[] outPad;
    private final int size;
    private final int maxPad;
    private final boolean rowHead;
    private final int lanes;
    private final int panel;

    /** Every layer transposed, one panel each. */
    ResidentLayout(ParameterLayout layout, int lanes) {
        this(layout, lanes, 0, false);
    }

    /**
     * @param lanes   output units are padded to a multiple of this
     * @param panel   the widest panel ({@code lanes} times a power of two), or 0 for one panel per layer
     * @param rowHead store the last layer row-major when that takes fewer vector multiply-adds
     *                ({@link #usesRowHead})
     */
    ResidentLayout(ParameterLayout layout, int lanes, int panel, boolean rowHead) {
        if (panel != 0 && (panel % lanes != 0 || Integer.bitCount(panel / lanes) != 1)) {
            throw new IllegalArgumentException("panel " + panel + " is not lanes (" + lanes + ") times a power of two");
        }
        this.layout = layout;
        this.lanes = lanes;
        this.panel = panel;
        final int last = layout.layerCount() - 1;
        this.rowHead = rowHead && usesRowHead(layout.inSize(last), layout.outSize(last), lanes);
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
            if (l == last && this.rowHead) {
                // [out x in] then the biases; no padding is read
                pad = layout.outSize(l);
            }
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

    /**
     * Whether a last layer of {@code nIn} inputs and {@code nOut} outputs takes fewer vector operations
     * as {@code nOut} dot products over the inputs (each with about four operations of horizontal sum)
     * than as {@code nIn} broadcast multiply-adds over the padded outputs.
     */
    static boolean usesRowHead(int nIn, int nOut, int lanes) {
        final long dots = (long) nOut * ((nIn + lanes - 1) / lanes + 4);
        final long transposed = (long) nIn * ((nOut + lanes - 1) / lanes);
        return dots < transposed;
    }

    /**
     * The width of the panel that starts where {@code remaining} padded output units are left: the
     * widest of {@code panel, panel / 2, ..., lanes} that fits ({@code remaining} is a multiple of the
     * lanes), or all of them when {@code panel} is 0.
     */
    static int panelWidth(int remaining, int panel, int lanes) {
        if (panel == 0) {
            return remaining;
        }
        int w = panel;
        while (w > remaining && w > lanes) {
            w >>= 1;
        }
        return w;
    }

    /** True when the last layer is stored row-major ({@code [out x in]}, then its biases). */
    boolean rowHead() {
        return rowHead;
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
            if (rowHead && l == layout.layerCount() - 1) {
                for (int k = 0; k < nOut * nIn; k++) {
                    dst[w + k] = (float) pop[src + k];
                }
            } else {
                for (int p0 = 0, pw; p0 < nOut; p0 += pw) {
                    pw = panelWidth(pad - p0, panel, lanes);
                    final int pbase = w + p0 * nIn - p0;
                    for (int o = p0, end = Math.min(nOut, p0 + pw); o < end; o++) {
                        final int so = src + o * nIn;
                        for (int i = 0; i < nIn; i++) {
                            dst[pbase + i * pw + o] = (float) pop[so + i];
                        }
                    }
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
        if (rowHead) {
            throw new IllegalStateException("the row head is a float32 layout");
        }
        for (int l = 0; l < layout.layerCount(); l++) {
            final int nIn = layout.inSize(l);
            final int nOut = layout.outSize(l);
            final int pad = outPad[l];
            final int src = base + layout.weightOffset(l);
            final int w = off + wOff[l];
            for (int p0 = 0, pw; p0 < nOut; p0 += pw) {
                pw = panelWidth(pad - p0, panel, lanes);
                final int pbase = w + p0 * nIn - p0;
                for (int o = p0, end = Math.min(nOut, p0 + pw); o < end; o++) {
                    final int so = src + o * nIn;
                    for (int i = 0; i < nIn; i++) {
                        dst[pbase + i * pw + o] = pop[so + i];
                    }
                }
            }
            final int bo = layout.biasOffset(l);
            if (bo >= 0) {
                System.arraycopy(pop, base + bo, dst, off + bOff[l], nOut);
            }
        }
    }
}
