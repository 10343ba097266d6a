package org.diffevo4j.gpu;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

/**
 * The resident loop's kernels on one GPU: buffers are device pointers ({@code cuMemAlloc}), kernels are
 * launched on the default stream, so each launch sees its predecessors' results and a download waits for
 * them. Built and checked on the CPU only (its host twin is {@link HostResidentKernels}); not run on a GPU.
 */
final class DeviceResidentKernels implements ResidentKernels {

    private static final int BLOCK = DeviceRollout.BLOCK;
    /** Columns per block row of {@code de_update} ({@code DE_CHUNK} in rollout.cu). */
    static final int UPDATE_CHUNK = 64;

    private final DeviceRollout gpu;
    private final CudaDriver cu;
    private final Pointer normalFill;
    private final Pointer seeds;
    private final Pointer scale;
    private final Pointer project;
    private final Pointer rollout;
    private final Pointer rolloutCoop;
    private final Pointer weightedSum;
    private final Pointer update;

    DeviceResidentKernels(int device) {
        this.gpu = new DeviceRollout(device);
        try {
            this.cu = gpu.driver();
            gpu.makeCurrent();
            this.normalFill = gpu.function("de_normal_fill");
            this.seeds = gpu.function("de_seeds");
            this.scale = gpu.function("de_scale");
            this.project = gpu.function("de_project");
            this.rollout = gpu.function("rollout");
            this.rolloutCoop = gpu.function("rollout_coop");
            this.weightedSum = gpu.function("de_weighted_sum");
            this.update = gpu.function("de_update");
        } catch (RuntimeException e) {
            gpu.close();
            throw e;
        }
    }

    private static int blocks(long count) {
        return (int) ((count + BLOCK - 1) / BLOCK);
    }

    private void launch(Pointer fn, String name, int gridX, int gridY, int block, int shared, Object... args) {
        gpu.makeCurrent();
        gpu.launch(fn, name, gridX, gridY, block, shared, args);
    }

    @Override
    public long alloc(long bytes) {
        gpu.makeCurrent();
        LongByReference p = new LongByReference();
        gpu.check(cu.cuMemAlloc_v2(p, Math.max(bytes, 8)), "cuMemAlloc (" + bytes + " bytes)");
        return p.getValue();
    }

    @Override
    public void free(long buffer) {
        gpu.makeCurrent();
        cu.cuMemFree_v2(buffer);
    }

    @Override
    public void upload(long dst, double[] src) {
        gpu.makeCurrent();
        Memory m = new Memory(8L * Math.max(src.length, 1));
        m.write(0, src, 0, src.length);
        gpu.check(cu.cuMemcpyHtoD_v2(dst, m, 8L * src.length), "cuMemcpyHtoD");
    }

    @Override
    public void upload(long dst, int[] src) {
        gpu.makeCurrent();
        Memory m = new Memory(4L * Math.max(src.length, 1));
        m.write(0, src, 0, src.length);
        gpu.check(cu.cuMemcpyHtoD_v2(dst, m, 4L * src.length), "cuMemcpyHtoD");
    }

    @Override
    public void download(long src, double[] dst, int count) {
        gpu.makeCurrent();
        Memory m = new Memory(8L * Math.max(count, 1));
        // waits for the kernels before it on the default stream; a kernel's fault surfaces here
        gpu.check(cu.cuMemcpyDtoH_v2(m, src, 8L * count), "cuMemcpyDtoH (after the step's kernels)");
        m.read(0, dst, 0, count);
    }

    @Override
    public void normalFill(long out, long count, long seed, int stream, int tag) {
        launch(normalFill, "de_normal_fill", blocks(count), 1, BLOCK, 0, out, count, seed, stream, tag);
    }

    @Override
    public void episodeSeeds(long seedBuffer, long count, long base) {
        launch(seeds, "de_seeds", blocks(count), 1, BLOCK, 0, seedBuffer, count, base);
    }

    @Override
    public void scale(long x, long out, long count, double s) {
        launch(scale, "de_scale", blocks(count), 1, BLOCK, 0, x, out, count, s);
    }

    @Override
    public void project(long x, long p, int n, int dim, int d, long features) {
        launch(project, "de_project", blocks(n), 1, BLOCK, 0, x, p, n, dim, d, features);
    }

    @Override
    public void rollout(long pop, long seedBuffer, long icfg, long dcfg, long ret, long len, long term, long badStep,
                        long badValue, int copies, RolloutConfig.Layout layout, int sharedBytes) {
        if (layout == RolloutConfig.Layout.THREAD) {
            launch(rollout, "rollout", blocks(copies), 1, BLOCK, 0, pop, seedBuffer, icfg, dcfg, ret, len, term,
                    badStep, badValue, copies);
        } else {
            launch(rolloutCoop, "rollout_coop", copies, 1, RolloutConfig.LANES, sharedBytes, pop, seedBuffer, icfg,
                    dcfg, ret, len, term, badStep, badValue, copies,
                    layout == RolloutConfig.Layout.COOPERATIVE_SHARED ? 1 : 0);
        }
    }

    @Override
    public void weightedSum(long x, long fe, int n, int dim, long common) {
        launch(weightedSum, "de_weighted_sum", blocks(dim), 1, BLOCK, 0, x, fe, n, dim, common);
    }

    @Override
    public void update(long x, long features, long fe, long common, int n, int dim, int d, double[] s, long seed,
                       int stream, long x0, long next) {
        launch(update, "de_update", blocks(n), (dim + UPDATE_CHUNK - 1) / UPDATE_CHUNK, BLOCK, 0, x, features, fe,
                common, n, dim, d, s[0], s[1], s[2], s[3], s[4], s[5], s[6], seed, stream, x0, next);
    }

    @Override
    public String describe() {
        return gpu.describe();
    }

    @Override
    public void close() {
        gpu.close();
    }
}
