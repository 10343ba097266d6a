package org.diffevo4j.gpu;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The resident loop's kernels from the host build of rollout.cu (gcc, see {@code gpu/build-kernels.sh}):
 * the same functions the GPU kernels call, over native host memory that stands in for device buffers. For
 * checking {@link ResidentDiffusion} without a GPU; single-threaded.
 */
final class HostResidentKernels implements ResidentKernels {

    /** The host build's exported functions, on raw buffers. */
    interface Lib extends Library {
        int rollout_host(Pointer pop, Pointer seeds, Pointer icfg, Pointer dcfg, Pointer ret, Pointer len,
                         Pointer term, Pointer badStep, Pointer badValue, int copies);

        int rollout_coop_host(Pointer pop, Pointer seeds, Pointer icfg, Pointer dcfg, Pointer ret, Pointer len,
                              Pointer term, Pointer badStep, Pointer badValue, int copies, int stage);

        int de_normal_fill_host(Pointer out, long count, long seed, int stream, int tag);

        int de_philox_host(int[] counter, int[] key, int[] out);

        int de_seeds_host(Pointer seeds, long count, long base);

        int de_scale_host(Pointer x, Pointer out, long count, double s);

        int de_project_host(Pointer x, Pointer p, int n, int dim, int d, Pointer features);

        int de_weighted_sum_host(Pointer x, Pointer fe, int n, int dim, Pointer common);

        int de_update_host(Pointer x, Pointer features, Pointer fe, Pointer common, int n, int dim, int d, double sa,
                           double c, double s1, double sp, double cdd, double sigma, double denCommon, long seed,
                           int stream, Pointer x0, Pointer next);
    }

    private final Lib lib;
    private final Path path;
    /** The blocks behind the handles, kept reachable until freed (JNA frees a Memory when it is collected). */
    private final Map<Long, Memory> blocks = new HashMap<>();

    HostResidentKernels(Path library) {
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("no host build of rollout.cu at " + library
                    + " (gpu/build-kernels.sh builds it where gcc is present)");
        }
        this.path = library.toAbsolutePath();
        this.lib = Native.load(path.toString(), Lib.class);
    }

    /** Philox4x32-10 of the C source, for the generator's known-answer test. */
    int[] philox(int[] counter, int[] key) {
        int[] out = new int[4];
        lib.de_philox_host(counter, key, out);
        return out;
    }

    private Memory block(long handle) {
        Memory m = blocks.get(handle);
        if (m == null) {
            throw new IllegalArgumentException("no buffer " + handle);
        }
        return m;
    }

    private static void ok(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException(what + " returned " + rc);
        }
    }

    @Override
    public long alloc(long bytes) {
        Memory m = new Memory(Math.max(bytes, 8));
        long h = Pointer.nativeValue(m);
        blocks.put(h, m);
        return h;
    }

    @Override
    public void free(long buffer) {
        Memory m = blocks.remove(buffer);
        if (m != null) {
            m.close();
        }
    }

    @Override
    public void upload(long dst, double[] src) {
        block(dst).write(0, src, 0, src.length);
    }

    @Override
    public void upload(long dst, int[] src) {
        block(dst).write(0, src, 0, src.length);
    }

    @Override
    public void download(long src, double[] dst, int count) {
        block(src).read(0, dst, 0, count);
    }

    @Override
    public void normalFill(long out, long count, long seed, int stream, int tag) {
        ok(lib.de_normal_fill_host(block(out), count, seed, stream, tag), "de_normal_fill_host");
    }

    @Override
    public void episodeSeeds(long seeds, long count, long base) {
        ok(lib.de_seeds_host(block(seeds), count, base), "de_seeds_host");
    }

    @Override
    public void scale(long x, long out, long count, double s) {
        ok(lib.de_scale_host(block(x), block(out), count, s), "de_scale_host");
    }

    @Override
    public void project(long x, long p, int n, int dim, int d, long features) {
        ok(lib.de_project_host(block(x), block(p), n, dim, d, block(features)), "de_project_host");
    }

    @Override
    public void rollout(long pop, long seeds, long icfg, long dcfg, long ret, long len, long term, long badStep,
                        long badValue, int copies, RolloutConfig.Layout layout, int sharedBytes) {
        int rc = layout == RolloutConfig.Layout.THREAD
                ? lib.rollout_host(block(pop), block(seeds), block(icfg), block(dcfg), block(ret), block(len),
                        block(term), block(badStep), block(badValue), copies)
                : lib.rollout_coop_host(block(pop), block(seeds), block(icfg), block(dcfg), block(ret), block(len),
                        block(term), block(badStep), block(badValue), copies,
                        layout == RolloutConfig.Layout.COOPERATIVE_SHARED ? 1 : 0);
        ok(rc, "the host rollout (" + layout + ")");
    }

    @Override
    public void weightedSum(long x, long fe, int n, int dim, long common) {
        ok(lib.de_weighted_sum_host(block(x), block(fe), n, dim, block(common)), "de_weighted_sum_host");
    }

    @Override
    public void update(long x, long features, long fe, long common, int n, int dim, int d, double[] s, long seed,
                       int stream, long x0, long next) {
        ok(lib.de_update_host(block(x), block(features), block(fe), block(common), n, dim, d, s[0], s[1], s[2], s[3],
                s[4], s[5], s[6], seed, stream, block(x0), block(next)), "de_update_host");
    }

    @Override
    public String describe() {
        return "host CPU build of rollout.cu (" + path + ")";
    }

    @Override
    public void close() {
        for (Memory m : blocks.values()) {
            m.close();
        }
        blocks.clear();
    }
}
