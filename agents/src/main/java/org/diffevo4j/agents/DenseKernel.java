package org.diffevo4j.agents;

/**
 * One dense layer of one policy copy over its weights in the {@link ResidentLayout} (transposed,
 * output units contiguous and padded to {@link #lanes()}), computed across output units:
 * {@code out[o] = bias[o] + ((s0 + s1) + (s2 + s3))} with {@code s_r = 0.0 + w[o][r] * in[r] + w[o][r + 4]
 * * in[r + 4] + ...} (left to right, the remainder inputs {@code i >= 4 * (nIn / 4)} also going to
 * {@code s0}), then ReLU as {@code s > 0 ? s : 0.0} if asked: {@link MlpPolicy#forward}'s arithmetic,
 * operation for operation (no fused multiply-add), so the outputs are bit-identical to it.
 *
 * <p>Two implementations: {@code VectorDenseKernel} (the JDK Vector API, used when the
 * {@code jdk.incubator.vector} module is enabled) and {@link PlainDenseKernel} (plain loops).
 * {@link DenseKernels#best()} picks one once, at class load.
 */
interface DenseKernel {

    /** Output units are padded to a multiple of this. */
    int lanes();

    /**
     * The widest panel of output units the kernel computes in one pass ({@link ResidentLayout}),
     * or 0 when it takes each layer as one panel.
     */
    int panel();

    /**
     * @param w     packed weights in panels ({@link ResidentLayout#panelWidth} with {@link #panel()}):
     *              for output {@code o} in the panel {@code [p0, p0 + pw)}, {@code w[wOff + p0 * nIn +
     *              i * pw + (o - p0)]} is the weight from input {@code i}; {@code w[bOff + o]} the
     *              bias (0.0 where the policy has none); padding entries are 0.0
     * @param nIn   inputs read: {@code in[0 .. nIn)}
     * @param out   receives {@code nOutPad} values (the padded ones are meaningless)
     */
    void layer(double[] w, int wOff, int bOff, int nIn, int nOutPad, double[] in, double[] out, boolean relu);

    /** A short name for benchmark output, e.g. {@code vector-512} or {@code plain}. */
    String name();
}
