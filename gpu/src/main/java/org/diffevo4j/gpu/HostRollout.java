package org.diffevo4j.gpu;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code rollout.cu} built for the host CPU by gcc ({@code -DDIFFEVO4J_HOST -ffp-contract=off}, see
 * {@code gpu/build-kernels.sh}) and called through JNA: the kernel's logic, checked without a GPU.
 * Single-threaded; it exists for checking, not for speed.
 */
final class HostRollout implements RolloutKernel {

    /** The exported function of the host build. */
    interface Lib extends Library {
        int rollout_host(double[] population, long[] seeds, int[] icfg, double[] dcfg, double[] returns,
                         int[] lengths, int[] terminated, int[] badStep, double[] badValue, int copies);

        int rollout_coop_host(double[] population, long[] seeds, int[] icfg, double[] dcfg, double[] returns,
                              int[] lengths, int[] terminated, int[] badStep, double[] badValue, int copies, int stage);

        int update_host(double[] x, double[] features, double[] fe, double[] common, double[] noise, int[] uicfg,
                        double[] ucfg, double[] x0, double[] next);
    }

    private final Lib lib;
    private final Path path;

    HostRollout(Path library) {
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("no host build of rollout.cu at " + library
                    + " (gpu/build-kernels.sh builds it where gcc is present)");
        }
        this.path = library.toAbsolutePath();
        this.lib = Native.load(path.toString(), Lib.class);
    }

    @Override
    public void run(double[] population, long[] seeds, int[] icfg, double[] dcfg, double[] returns, int[] lengths,
                    int[] terminated, int[] badStep, double[] badValue, int copies, RolloutConfig.Layout layout) {
        int rc = layout == RolloutConfig.Layout.THREAD
                ? lib.rollout_host(population, seeds, icfg, dcfg, returns, lengths, terminated, badStep, badValue, copies)
                : lib.rollout_coop_host(population, seeds, icfg, dcfg, returns, lengths, terminated, badStep, badValue,
                        copies, layout == RolloutConfig.Layout.COOPERATIVE_SHARED ? 1 : 0);
        if (rc != 0) {
            throw new IllegalStateException("the host rollout (" + layout + ") returned " + rc);
        }
    }

    @Override
    public void update(double[] x, double[] features, double[] fe, double[] common, double[] noise, int[] uicfg,
                       double[] ucfg, double[] x0, double[] next) {
        int rc = lib.update_host(x, features, fe, common, noise, uicfg, ucfg, x0, next);
        if (rc != 0) {
            throw new IllegalStateException("update_host returned " + rc);
        }
    }

    @Override
    public String describe() {
        return "host CPU build of rollout.cu (" + path + ")";
    }

    @Override
    public void close() {
        // the library stays loaded; nothing is held per instance
    }
}
