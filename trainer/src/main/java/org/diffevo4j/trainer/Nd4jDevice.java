package org.diffevo4j.trainer;

import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Starts ND4J's backend and says what it runs on. The backend is fixed at build time: the default
 * build carries the CPU backend ({@code nd4j-native}), the {@code -Pcuda} build the CUDA 11.6 backend.
 * A failure to start (no GPU, no driver, no native library) becomes one clear message instead of a
 * stack trace from deep inside ND4J's static initialisers.
 */
final class Nd4jDevice {

    static final List<String> CHOICES = List.of("auto", "cpu", "cuda");

    private Nd4jDevice() {
    }

    /**
     * Ensures ND4J runs on the requested device.
     *
     * @param requested {@code auto}, {@code cpu} or {@code cuda}
     * @throws UserError naming the problem and what to do about it
     */
    static void require(String requested) {
        String want = requested == null ? "auto" : requested.toLowerCase(Locale.ROOT);
        if (!CHOICES.contains(want)) {
            throw new UserError("--device '" + requested + "'; allowed values: " + String.join(", ", CHOICES));
        }
        if (cudaOnClassPath()) {
            // Probe the CUDA runtime first: ND4J's own probe prints a stack trace before giving up.
            try {
                Class.forName("org.bytedeco.cuda.global.cudart", true, Nd4jDevice.class.getClassLoader());
            } catch (Throwable t) {
                throw new UserError("this is the CUDA build of diffevo4j, but the CUDA driver cannot be "
                        + "loaded (" + rootMessage(t) + "): it needs an NVIDIA GPU with a driver for CUDA 11.6 (>= 510); "
                        + "on machines without one use the CPU build (`mvn package` without -Pcuda)", t);
            }
        }
        boolean cuda;
        try {
            Throwable preloadFailure = Nd4jPreload.awaitNd4j();   // the same failure as below, met earlier
            if (preloadFailure != null) {
                throw preloadFailure;
            }
            cuda = isCuda(Nd4j.getBackend().getClass().getName());
        } catch (Throwable t) {
            throw new UserError("ND4J could not start a backend" + (cudaOnClassPath()
                    ? " (this is the CUDA build: it needs an NVIDIA GPU and a driver for CUDA 11.6, i.e. >= 510; "
                    + "use the CPU build, `mvn package` without -Pcuda, on machines without one)"
                    : " (the CPU backend nd4j-native failed to load its native library for " + System.getProperty("os.name")
                    + "/" + System.getProperty("os.arch") + ")") + ": " + rootMessage(t), t);
        }
        if (want.equals("cuda") && !cuda) {
            throw new UserError("--device cuda asked for the GPU, but this build carries ND4J's CPU backend; "
                    + "build with `mvn -Pcuda package` (or use the diffevo4j:cuda Docker image)");
        }
        if (want.equals("cpu") && cuda) {
            throw new UserError("--device cpu asked for the CPU, but this build carries ND4J's CUDA backend; "
                    + "use the CPU build (`mvn package`) or the diffevo4j:cpu image");
        }
    }

    /** The running ND4J backend, for the start-up line and config.json. */
    static String backendName() {
        String cls = Nd4j.getBackend().getClass().getName();
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        return isCuda(cls) ? "nd4j-cuda-11.6 (" + simple + ")" : "nd4j-native (" + simple + ")";
    }

    /** The device ND4J computes on: the GPU's name and compute capability, or the CPU. */
    static String deviceName() {
        java.util.Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        // ND4J's CUDA executioner lists each GPU as a map under cuda.devicesInformation
        if (env.get("cuda.devicesInformation") instanceof List<?> devices && !devices.isEmpty()
                && devices.get(0) instanceof java.util.Map<?, ?> d) {
            return "GPU " + d.get("cuda.deviceName") + " (compute capability " + d.get("cuda.deviceMajor") + "."
                    + d.get("cuda.deviceMinor") + ", " + devices.size() + " device(s))";
        }
        return "CPU (" + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch") + ")";
    }

    static boolean isCuda(String backendClass) {
        return backendClass.contains("jcublas") || backendClass.contains("Cuda");
    }

    static boolean cudaOnClassPath() {
        try {
            Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, Nd4jDevice.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getClass().getSimpleName() + (r.getMessage() != null ? ": " + r.getMessage() : "");
    }
}
