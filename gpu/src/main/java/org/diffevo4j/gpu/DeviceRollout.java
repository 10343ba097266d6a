package org.diffevo4j.gpu;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The fat binary {@code rollout.fatbin} (built from {@code rollout.cu}, shipped in this jar) loaded on
 * one GPU through the CUDA driver API: primary context of the device, {@code cuModuleLoadData},
 * {@code cuModuleGetFunction("rollout")} and {@code ("rollout_coop")}, then per call: allocate, copy in,
 * {@code cuLaunchKernel} (blocks of {@link #BLOCK} threads, one thread per episode copy, or for wide policies
 * one block of 32 threads, one warp, per copy with {@link RolloutConfig#sharedDoubles} doubles of dynamic
 * shared memory), synchronise, copy out, free.
 *
 * <p>Built and checked on the CPU only; not yet run on a GPU (see gpu/README.md).
 */
final class DeviceRollout implements RolloutKernel {

    static final String FATBIN = "/org/diffevo4j/gpu/rollout.fatbin";
    static final int BLOCK = 128;

    private static final int CUDA_ERROR_NO_DEVICE = 100;
    private static final int CUDA_ERROR_NO_BINARY_FOR_GPU = 209;
    private static final int CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222;

    private final CudaDriver cu;
    private final int device;
    private final Pointer context;
    private final Pointer module;
    private final Pointer function;
    private final Pointer coopFunction;
    private final Pointer updateFunction;
    private final String name;
    private boolean closed;

    /**
     * @param ordinal GPU index (0 for the first)
     * @throws CudaException without a driver or GPU, or when the fat binary does not load
     */
    DeviceRollout(int ordinal) {
        this.cu = init(ordinal);
        int rc;
        IntByReference dev = new IntByReference();
        check(cu.cuDeviceGet(dev, ordinal), "cuDeviceGet");
        this.device = dev.getValue();
        byte[] nameBytes = new byte[256];
        check(cu.cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName");
        int end = 0;
        while (end < nameBytes.length && nameBytes[end] != 0) {
            end++;
        }
        this.name = new String(nameBytes, 0, end, StandardCharsets.UTF_8);
        PointerByReference ctx = new PointerByReference();
        check(cu.cuDevicePrimaryCtxRetain(ctx, device), "cuDevicePrimaryCtxRetain");
        this.context = ctx.getValue();
        try {
            check(cu.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            byte[] image = fatbin();
            Memory img = new Memory(image.length);
            img.write(0, image, 0, image.length);
            PointerByReference mod = new PointerByReference();
            rc = cu.cuModuleLoadData(mod, img);
            if (rc == CUDA_ERROR_NO_BINARY_FOR_GPU || rc == CUDA_ERROR_UNSUPPORTED_PTX_VERSION) {
                throw new CudaException("the shipped kernels (sm_80, sm_86, sm_89, sm_90 machine code, compute_90 PTX "
                        + "from CUDA 13) cannot run on " + name + " with this driver: " + error(rc)
                        + "; update the NVIDIA driver to 580 or newer", rc, null);
            }
            check(rc, "cuModuleLoadData");
            this.module = mod.getValue();
            PointerByReference fn = new PointerByReference();
            check(cu.cuModuleGetFunction(fn, module, "rollout"), "cuModuleGetFunction(rollout)");
            this.function = fn.getValue();
            PointerByReference cfn = new PointerByReference();
            check(cu.cuModuleGetFunction(cfn, module, "rollout_coop"), "cuModuleGetFunction(rollout_coop)");
            this.coopFunction = cfn.getValue();
            PointerByReference ufn = new PointerByReference();
            check(cu.cuModuleGetFunction(ufn, module, "update"), "cuModuleGetFunction(update)");
            this.updateFunction = ufn.getValue();
        } catch (RuntimeException e) {
            cu.cuDevicePrimaryCtxRelease_v2(device);
            throw e;
        }
    }

    static byte[] fatbin() {
        try (InputStream in = DeviceRollout.class.getResourceAsStream(FATBIN)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + FATBIN);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + FATBIN, e);
        }
    }

    @Override
    public synchronized void run(double[] population, long[] seeds, int[] icfg, double[] dcfg, double[] returns,
                                 int[] lengths, int[] terminated, int[] badStep, double[] badValue, int copies,
                                 RolloutConfig.Layout layout) {
        if (closed) {
            throw new IllegalStateException("evaluator closed");
        }
        check(cu.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        long[] buffers = new long[9];
        long[] sizes = {8L * population.length, 8L * seeds.length, 4L * icfg.length, 8L * dcfg.length,
                8L * copies, 4L * copies, 4L * copies, 4L * copies, 8L * copies};
        try {
            for (int i = 0; i < buffers.length; i++) {
                LongByReference p = new LongByReference();
                check(cu.cuMemAlloc_v2(p, sizes[i]), "cuMemAlloc (" + sizes[i] + " bytes)");
                buffers[i] = p.getValue();
            }
            copyIn(buffers[0], population, sizes[0]);
            Memory m = new Memory(sizes[1]);
            m.write(0, seeds, 0, seeds.length);
            check(cu.cuMemcpyHtoD_v2(buffers[1], m, sizes[1]), "cuMemcpyHtoD");
            m = new Memory(sizes[2]);
            m.write(0, icfg, 0, icfg.length);
            check(cu.cuMemcpyHtoD_v2(buffers[2], m, sizes[2]), "cuMemcpyHtoD");
            copyIn(buffers[3], dcfg, sizes[3]);

            if (layout == RolloutConfig.Layout.THREAD) {
                launch(function, "rollout", (copies + BLOCK - 1) / BLOCK, 1, BLOCK, 0, buffers[0], buffers[1],
                        buffers[2], buffers[3], buffers[4], buffers[5], buffers[6], buffers[7], buffers[8], copies);
            } else {
                boolean stage = layout == RolloutConfig.Layout.COOPERATIVE_SHARED;
                int[] layerSizes = java.util.Arrays.copyOfRange(icfg, 10, 10 + icfg[5] + 1);
                int shared = 8 * RolloutConfig.sharedDoubles(layerSizes, stage);
                launch(coopFunction, "rollout_coop", copies, 1, RolloutConfig.LANES, shared, buffers[0], buffers[1],
                        buffers[2], buffers[3], buffers[4], buffers[5], buffers[6], buffers[7], buffers[8], copies,
                        stage ? 1 : 0);
            }
            check(cu.cuCtxSynchronize(), "rollout kernel");

            Memory out = new Memory(8L * copies);
            check(cu.cuMemcpyDtoH_v2(out, buffers[4], 8L * copies), "cuMemcpyDtoH");
            out.read(0, returns, 0, copies);
            check(cu.cuMemcpyDtoH_v2(out, buffers[8], 8L * copies), "cuMemcpyDtoH");
            out.read(0, badValue, 0, copies);
            check(cu.cuMemcpyDtoH_v2(out, buffers[5], 4L * copies), "cuMemcpyDtoH");
            out.read(0, lengths, 0, copies);
            check(cu.cuMemcpyDtoH_v2(out, buffers[6], 4L * copies), "cuMemcpyDtoH");
            out.read(0, terminated, 0, copies);
            check(cu.cuMemcpyDtoH_v2(out, buffers[7], 4L * copies), "cuMemcpyDtoH");
            out.read(0, badStep, 0, copies);
        } finally {
            for (long b : buffers) {
                if (b != 0) {
                    cu.cuMemFree_v2(b);
                }
            }
        }
    }

    @Override
    public synchronized void update(double[] x, double[] features, double[] fe, double[] common, double[] noise,
                                    int[] uicfg, double[] ucfg, double[] x0, double[] next) {
        if (closed) {
            throw new IllegalStateException("evaluator closed");
        }
        check(cu.cuCtxSetCurrent(context), "cuCtxSetCurrent");
        int n = uicfg[0];
        double[] z = noise != null ? noise : new double[1];
        long[] buffers = new long[9];
        long[] sizes = {8L * x.length, 8L * features.length, 8L * fe.length, 8L * common.length, 8L * z.length,
                4L * uicfg.length, 8L * ucfg.length, 8L * x.length, 8L * x.length};
        try {
            for (int i = 0; i < buffers.length; i++) {
                LongByReference p = new LongByReference();
                check(cu.cuMemAlloc_v2(p, sizes[i]), "cuMemAlloc (" + sizes[i] + " bytes)");
                buffers[i] = p.getValue();
            }
            copyIn(buffers[0], x, sizes[0]);
            copyIn(buffers[1], features, sizes[1]);
            copyIn(buffers[2], fe, sizes[2]);
            copyIn(buffers[3], common, sizes[3]);
            copyIn(buffers[4], z, sizes[4]);
            Memory m = new Memory(sizes[5]);
            m.write(0, uicfg, 0, uicfg.length);
            check(cu.cuMemcpyHtoD_v2(buffers[5], m, sizes[5]), "cuMemcpyHtoD");
            copyIn(buffers[6], ucfg, sizes[6]);
            launch(updateFunction, "update", (n + BLOCK - 1) / BLOCK, 1, BLOCK, 0, buffers[0], buffers[1], buffers[2],
                    buffers[3], buffers[4], buffers[5], buffers[6], buffers[7], buffers[8]);
            check(cu.cuCtxSynchronize(), "update kernel");
            Memory out = new Memory(sizes[7]);
            check(cu.cuMemcpyDtoH_v2(out, buffers[7], sizes[7]), "cuMemcpyDtoH");
            out.read(0, x0, 0, x.length);
            check(cu.cuMemcpyDtoH_v2(out, buffers[8], sizes[8]), "cuMemcpyDtoH");
            out.read(0, next, 0, x.length);
        } finally {
            for (long b : buffers) {
                if (b != 0) {
                    cu.cuMemFree_v2(b);
                }
            }
        }
    }

    /** The driver binding, for {@link DeviceResidentKernels}. */
    CudaDriver driver() {
        return cu;
    }

    /** Makes this GPU's context current on the calling thread. */
    void makeCurrent() {
        if (closed) {
            throw new IllegalStateException("evaluator closed");
        }
        check(cu.cuCtxSetCurrent(context), "cuCtxSetCurrent");
    }

    /** A kernel of the loaded fat binary by name. */
    Pointer function(String kernel) {
        PointerByReference fn = new PointerByReference();
        check(cu.cuModuleGetFunction(fn, module, kernel), "cuModuleGetFunction(" + kernel + ")");
        return fn.getValue();
    }

    /**
     * Launches {@code fn} on the default stream (the caller has made the context current), one 8-byte
     * argument slot per argument (Long: a device pointer or long long, Integer, Double); the launch copies
     * the values, so the slots need not outlive it.
     */
    void launch(Pointer fn, String name, int gridX, int gridY, int block, int shared, Object... args) {
        Memory values = new Memory(8L * args.length);
        Memory params = new Memory((long) Native.POINTER_SIZE * args.length);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Long v) {
                values.setLong(8L * i, v);
            } else if (a instanceof Integer v) {
                values.setInt(8L * i, v);
            } else {
                values.setDouble(8L * i, (Double) a);
            }
            params.setPointer((long) Native.POINTER_SIZE * i, values.share(8L * i));
        }
        check(cu.cuLaunchKernel(fn, gridX, gridY, 1, block, 1, 1, shared, null, params, null),
                "cuLaunchKernel(" + name + ")");
    }

    private void copyIn(long dst, double[] src, long bytes) {
        Memory m = new Memory(bytes);
        m.write(0, src, 0, src.length);
        check(cu.cuMemcpyHtoD_v2(dst, m, bytes), "cuMemcpyHtoD");
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            cu.cuModuleUnload(module);
            cu.cuDevicePrimaryCtxRelease_v2(device);
        }
    }

    /**
     * Loads the driver, initialises it and checks that GPU {@code ordinal} exists; allocates nothing.
     *
     * @throws CudaException without a driver or GPU (one line saying so)
     */
    static CudaDriver init(int ordinal) {
        CudaDriver cu = CudaDriver.load();
        int rc = cu.cuInit(0);
        if (rc == CUDA_ERROR_NO_DEVICE) {
            throw new CudaException("the NVIDIA driver is installed but reports no CUDA-capable GPU; use the jvm or "
                    + "nd4j backend instead", rc, null);
        }
        if (rc != 0) {
            throw new CudaException("the NVIDIA driver did not initialise (cuInit: " + error(cu, rc)
                    + "); use the jvm or nd4j backend instead", rc, null);
        }
        IntByReference count = new IntByReference();
        rc = cu.cuDeviceGetCount(count);
        if (rc != 0) {
            throw new CudaException("cuDeviceGetCount failed: " + error(cu, rc), rc, null);
        }
        if (ordinal < 0 || ordinal >= count.getValue()) {
            throw new CudaException("GPU " + ordinal + " does not exist; this machine has " + count.getValue());
        }
        return cu;
    }

    private String error(int rc) {
        return error(cu, rc);
    }

    private static String error(CudaDriver cu, int rc) {
        PointerByReference s = new PointerByReference();
        if (cu.cuGetErrorString(rc, s) == 0 && s.getValue() != null) {
            return s.getValue().getString(0) + " (" + rc + ")";
        }
        return "CUresult " + rc;
    }

    /** Throws a {@link CudaException} naming {@code what} when {@code rc} is not success. */
    void check(int rc, String what) {
        if (rc != 0) {
            throw new CudaException(what + " failed: " + error(rc), rc, null);
        }
    }
}
