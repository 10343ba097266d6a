package org.diffevo4j.agents;

/**
 * The float32 variant of {@link DenseKernel}, for the opt-in {@link JvmEvaluator.Precision#FLOAT32}:
 * the same packed layout over {@code float} weights and activations (plus {@link #dot} for a
 * row-major output layer), each implementation free to choose its summation order. The Vector API
 * implementation uses fused multiply-add, the plain one separate multiplies and adds, so float32
 * results are <b>not</b> bit-identical to {@link MlpPolicy} (nor between the two kernels): actions
 * can differ where two outputs are within float32 rounding of each other, and episodes then diverge.
 * Each kernel's order is fixed, though, so its results depend only on its inputs (not on threads or
 * JIT warm-up).
 */
interface FloatDenseKernel {

    /** Output units are padded to a multiple of this. */
    int lanes();

    /** As {@link DenseKernel#panel()}. */
    int panel();

    /** As {@link DenseKernel#layer}, in float32. */
    void layer(float[] w, int wOff, int bOff, int nIn, int nOutPad, float[] in, float[] out, boolean relu);

    /**
     * A layer stored row-major ({@link ResidentLayout#rowHead()}): {@code out[o] = w[bOff + o] +
     * dot(w[wOff + o * nIn ..], in[0 .. nIn))} for {@code o < nOut}, no activation. The dot product's
     * summation order is fixed by the implementation (never left to a horizontal-sum intrinsic whose
     * order may differ between the interpreter and compiled code).
     */
    void dot(float[] w, int wOff, int bOff, int nIn, int nOut, float[] in, float[] out);

    /** A short name, e.g. {@code vector-512-fma} or {@code plain}. */
    String name();
}
