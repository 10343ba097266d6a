package org.diffevo4j.agents;

/**
 * The float32 variant of {@link DenseKernel}, for the opt-in {@link JvmEvaluator.Precision#FLOAT32}:
 * the same packed layout and partial-sum structure over {@code float} weights and activations. The
 * Vector API implementation uses fused multiply-add, the plain one separate multiplies and adds, so
 * float32 results are <b>not</b> bit-identical to {@link MlpPolicy} (nor between the two kernels):
 * actions can differ where two outputs are within float32 rounding of each other, and episodes then
 * diverge.
 */
interface FloatDenseKernel {

    /** Output units are padded to a multiple of this. */
    int lanes();

    /** As {@link DenseKernel#layer}, in float32. */
    void layer(float[] w, int wOff, int bOff, int nIn, int nOutPad, float[] in, float[] out, boolean relu);

    /** A short name, e.g. {@code vector-512-fma} or {@code plain}. */
    String name();
}
