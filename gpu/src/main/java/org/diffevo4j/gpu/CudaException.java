package org.diffevo4j.gpu;

/**
 * The CUDA path cannot be used: no NVIDIA driver (libcuda) on this host, no GPU, a driver too old for
 * the shipped fat binary, or a driver call that failed. The message says which and what to do.
 */
public final class CudaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The driver's error code, or -1 when the driver could not be reached at all. */
    private final int code;

    public CudaException(String message) {
        this(message, -1, null);
    }

    public CudaException(String message, int code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The CUresult of the failed call, or -1. */
    public int code() {
        return code;
    }
}
