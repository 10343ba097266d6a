package org.diffevo4j.gpu;

/**
 * Something that runs {@code rollout.cu}'s per-copy rollout over all copies: the fat binary on a GPU
 * ({@link DeviceRollout}) or the same source built for the host CPU ({@link HostRollout}). Arguments
 * are those of the kernel; outputs are filled for every copy. {@code layout} picks the kernel
 * ({@code rollout}, one thread per copy, or {@code rollout_coop}, one warp per copy, weights staged in
 * shared memory or not); both give the same results.
 */
interface RolloutKernel extends AutoCloseable {

    void run(double[] population, long[] seeds, int[] icfg, double[] dcfg, double[] returns, int[] lengths,
             int[] terminated, int[] badStep, double[] badValue, int copies, RolloutConfig.Layout layout);

    /**
     * The tiled Diffusion Evolution update ({@code update} in rollout.cu): x0 and the next population.
     * Arguments as the kernel's (see {@link UpdateKernel}).
     */
    void update(double[] x, double[] features, double[] fe, double[] common, double[] noise, int[] uicfg,
                double[] ucfg, double[] x0, double[] next);

    /** Where it runs, for messages (e.g. the GPU's name). */
    String describe();

    @Override
    void close();
}
