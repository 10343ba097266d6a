package org.diffevo4j.agents;

/**
 * Where each weight of an MLP sits in the flat parameter vector: PyTorch {@code nn.Linear} order,
 * i.e. layer by layer, the weight matrix {@code [out x in]} row-major, then (if biases are on) the
 * bias vector {@code [out]}. A genome exported from PyTorch with
 * {@code torch.nn.utils.parameters_to_vector(model.parameters())} has exactly this layout.
 *
 * <p>CartPole 4-8-2 with biases: 4*8+8 + 8*2+2 = 58 parameters.
 */
public final class ParameterLayout {

    private final int[] sizes;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int parameterCount;
    private final boolean bias;

    /** The layout of a policy spec. */
    public ParameterLayout(PolicySpec spec) {
        this(spec.layerSizes(), spec.bias());
    }

    /**
     * The layout for layer widths {@code [in, hidden..., out]}.
     *
     * @throws IllegalArgumentException for fewer than two sizes, a size below 1, or more than
     *                                  {@code Integer.MAX_VALUE} parameters
     */
    public ParameterLayout(int[] layerSizes, boolean bias) {
        if (layerSizes == null || layerSizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output size");
        }
        this.sizes = layerSizes.clone();
        this.bias = bias;
        int layers = sizes.length - 1;
        weightOffset = new int[layers];
        biasOffset = new int[layers];
        long off = 0;
        for (int l = 0; l < layers; l++) {
            if (sizes[l] < 1 || sizes[l + 1] < 1) {
                throw new IllegalArgumentException("layer sizes must be >= 1");
            }
            weightOffset[l] = (int) off;
            off += (long) sizes[l] * sizes[l + 1];
            biasOffset[l] = bias ? (int) off : -1;
            if (bias) {
                off += sizes[l + 1];
            }
            if (off > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("too many parameters: " + off);
            }
        }
        parameterCount = (int) off;
    }

    /** Total number of parameters (genome dimension D). */
    public int parameterCount() {
        return parameterCount;
    }

    /** Number of linear layers (hidden layers + 1). */
    public int layerCount() {
        return weightOffset.length;
    }

    /** Input width of layer {@code l}. */
    public int inSize(int l) {
        return sizes[l];
    }

    /** Output width of layer {@code l}. */
    public int outSize(int l) {
        return sizes[l + 1];
    }

    /** True if layers carry bias vectors. */
    public boolean bias() {
        return bias;
    }

    /** Offset of layer {@code l}'s weight matrix (row-major {@code [out x in]}). */
    public int weightOffset(int l) {
        return weightOffset[l];
    }

    /** Offset of layer {@code l}'s bias vector, or -1 without biases. */
    public int biasOffset(int l) {
        return biasOffset[l];
    }

    /** Flat index of weight {@code W_l[o][i]}. */
    public int weightIndex(int l, int o, int i) {
        return weightOffset[l] + o * sizes[l] + i;
    }

    /** Largest layer width (input, hidden or output): the size of scratch activation buffers. */
    public int maxWidth() {
        int m = 0;
        for (int s : sizes) {
            m = Math.max(m, s);
        }
        return m;
    }

    /** Layer widths {@code [in, hidden..., out]}. */
    public int[] layerSizes() {
        return sizes.clone();
    }
}
