package org.diffevo4j.gpu;

/**
 * The kernels of the resident Diffusion Evolution loop ({@link ResidentDiffusion}) on buffers that live
 * where the kernels run: on a GPU ({@link DeviceResidentKernels}, buffers are device pointers) or in native
 * host memory for the host build of rollout.cu ({@link HostResidentKernels}, buffers are addresses), so
 * that the loop is one piece of code for both. Buffers are opaque {@code long} handles from {@link #alloc}.
 */
interface ResidentKernels extends AutoCloseable {

    long alloc(long bytes);

    void free(long buffer);

    void upload(long dst, double[] src);

    void upload(long dst, int[] src);

    void download(long src, double[] dst, int count);

    /** {@code out[q] = PhiloxNormal.normal(seed, stream, tag, q)} for q below count. */
    void normalFill(long out, long count, long seed, int stream, int tag);

    /** {@code seeds[k] = EpisodeSeeds.derive(base, count)[k]}. */
    void episodeSeeds(long seeds, long count, long base);

    /** {@code out = s * x}. */
    void scale(long x, long out, long count, double s);

    /** Kernel features {@code x P^T} (N x d) of the population (N x D) under P (d x D). */
    void project(long x, long p, int n, int dim, int d, long features);

    /** A rollout kernel reading the population from a buffer (arguments as rollout.cu's). */
    void rollout(long pop, long seeds, long icfg, long dcfg, long ret, long len, long term, long badStep,
                 long badValue, int copies, RolloutConfig.Layout layout, int sharedBytes);

    /** {@code common_k = 1e-9 sum_j fe_j x_jk}. */
    void weightedSum(long x, long fe, int n, int dim, long common);

    /**
     * x0 and the DDIM step (rollout.cu's {@code de_update}), the step's noise from stream {@code stream}
     * of the generator. {@code s}: sqrt(a), -1/(2(1-a)), sqrt(1-a), sqrt(a_prev), sqrt(1-a_prev-sigma^2),
     * sigma, denCommon.
     */
    void update(long x, long features, long fe, long common, int n, int dim, int d, double[] s, long seed,
                int stream, long x0, long next);

    String describe();

    @Override
    void close();
}
