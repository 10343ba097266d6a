package org.diffevo4j.gpu;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few CUDA driver API functions the evaluator uses, bound with JNA to the host's {@code libcuda}
 * (installed with the NVIDIA driver; no CUDA toolkit or runtime is needed). Signatures follow
 * {@code cuda.h} of CUDA 13: {@code CUdevice} is an {@code int}, {@code CUdeviceptr} a 64-bit integer,
 * {@code size_t} a {@code long} (64-bit hosts only), handles ({@code CUcontext}, {@code CUmodule},
 * {@code CUfunction}, {@code CUstream}) pointers. The {@code _v2} names are the symbols that
 * {@code cuda.h} maps {@code cuMemAlloc}, {@code cuMemFree}, {@code cuMemcpyHtoD}, {@code cuMemcpyDtoH}
 * and {@code cuDevicePrimaryCtxRelease} to. Every function returns a {@code CUresult} (0 = success).
 */
public interface CudaDriver extends Library {

    int cuInit(int flags);

    int cuDriverGetVersion(IntByReference version);

    int cuDeviceGetCount(IntByReference count);

    int cuDeviceGet(IntByReference device, int ordinal);

    int cuDeviceGetName(byte[] name, int len, int device);

    int cuDevicePrimaryCtxRetain(PointerByReference ctx, int device);

    int cuDevicePrimaryCtxRelease_v2(int device);

    int cuCtxSetCurrent(Pointer ctx);

    int cuCtxSynchronize();

    int cuModuleLoadData(PointerByReference module, Pointer image);

    int cuModuleUnload(Pointer module);

    int cuModuleGetFunction(PointerByReference function, Pointer module, String name);

    int cuMemAlloc_v2(LongByReference dptr, long bytes);

    int cuMemFree_v2(long dptr);

    int cuMemcpyHtoD_v2(long dst, Pointer src, long bytes);

    int cuMemcpyDtoH_v2(Pointer dst, long src, long bytes);

    int cuLaunchKernel(Pointer function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                       int sharedMemBytes, Pointer stream, Pointer kernelParams, Pointer extra);

    int cuGetErrorString(int error, PointerByReference str);

    /**
     * Loads {@code libcuda} ({@code libcuda.so}, else {@code libcuda.so.1} as driver-only installs and
     * containers provide it; {@code nvcuda} on Windows).
     *
     * @throws CudaException with one actionable message when no driver library can be loaded
     */
    static CudaDriver load() {
        String[] names = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")
                ? new String[] {"nvcuda"}
                : new String[] {"cuda", "libcuda.so.1"};
        UnsatisfiedLinkError last = null;
        for (String n : names) {
            try {
                return Native.load(n, CudaDriver.class);
            } catch (UnsatisfiedLinkError e) {
                last = e;
            }
        }
        throw new CudaException("the cuda backend needs an NVIDIA GPU and its driver (libcuda, driver 580 or newer "
                + "for CUDA 13), and none was found on this machine (" + names[names.length - 1] + " not loadable); "
                + "use --backend jvm or nd4j instead", -1, last);
    }

    /**
     * Whether a driver may be present, judged from files alone (no JNA, no native code): on Linux
     * {@code /proc/driver/nvidia} (the kernel module) or a {@code libcuda.so*} in the dynamic linker's
     * cache, {@code LD_LIBRARY_PATH}, {@code jna.library.path} or the usual driver folders (WSL's
     * {@code /usr/lib/wsl/lib} included); on Windows {@code nvcuda.dll} in the system folder; never on
     * macOS. A false answer lets {@code auto} skip loading JNA on the CPU-only machines most users run;
     * a true one is confirmed by {@link #load} and {@code cuInit}.
     */
    static boolean maybePresent() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("windows")) {
            String root = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
            return java.nio.file.Files.exists(java.nio.file.Path.of(root, "System32", "nvcuda.dll"));
        }
        if (!os.contains("linux")) {
            return false;
        }
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/driver/nvidia"))) {
            return true;
        }
        java.util.List<String> dirs = new java.util.ArrayList<>(java.util.List.of("/usr/lib/wsl/lib",
                "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/lib64",
                "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib"));
        for (String var : new String[] {System.getenv("LD_LIBRARY_PATH"), System.getProperty("jna.library.path")}) {
            if (var != null) {
                dirs.addAll(java.util.Arrays.asList(var.split(java.io.File.pathSeparator)));
            }
        }
        for (String d : dirs) {
            if (!d.isEmpty() && (java.nio.file.Files.exists(java.nio.file.Path.of(d, "libcuda.so.1"))
                    || java.nio.file.Files.exists(java.nio.file.Path.of(d, "libcuda.so")))) {
                return true;
            }
        }
        try {
            byte[] cache = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/etc/ld.so.cache"));
            return new String(cache, java.nio.charset.StandardCharsets.ISO_8859_1).contains("libcuda.so");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
