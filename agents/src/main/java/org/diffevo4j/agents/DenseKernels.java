package org.diffevo4j.agents;

/**
 * Picks the {@link DenseKernel} once, at class load, the way Apache Lucene picks its vectorised code:
 * the Vector API kernel when the {@code jdk.incubator.vector} module is in the boot layer (the launcher
 * adds {@code --add-modules jdk.incubator.vector}; a library user opts in the same way) and its
 * preferred species holds at least 4 doubles, else the plain-Java kernel. The system property
 * {@code diffevo4j.agents.vector=false} forces the plain kernel.
 */
final class DenseKernels {

    private static final String VECTOR_CLASS = "org.diffevo4j.agents.VectorDenseKernel";
    private static final String VECTOR_FLOAT_CLASS = "org.diffevo4j.agents.VectorFloatDenseKernel";
    /** True when the Vector API kernel is used. */
    static final boolean VECTOR = detect();

    private DenseKernels() {
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("diffevo4j.agents.vector", "true"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return load().lanes() >= 4;
        } catch (LinkageError | ReflectiveOperationException e) {
            return false;
        }
    }

    private static DenseKernel load() throws ReflectiveOperationException {
        return (DenseKernel) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
    }

    /** A new kernel instance (kernels keep per-thread scratch: one per worker). */
    static DenseKernel best() {
        if (VECTOR) {
            try {
                return load();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Vector API kernel failed to load after detection", e);
            }
        }
        return new PlainDenseKernel();
    }

    /** A new float32 kernel (Vector API with FMA when available, else plain loops). */
    static FloatDenseKernel bestFloat() {
        if (VECTOR) {
            try {
                return (FloatDenseKernel) Class.forName(VECTOR_FLOAT_CLASS).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Vector API kernel failed to load after detection", e);
            }
        }
        return new PlainFloatDenseKernel();
    }

    /** Lanes of {@link #best()}'s kernel (output units are padded to a multiple of this). */
    static int lanes() {
        return best().lanes();
    }

    /** Lanes of {@link #bestFloat()}'s kernel. */
    static int floatLanes() {
        return bestFloat().lanes();
    }

    /** The kernel's name: {@code vector-<bits>} or {@code plain}. */
    static String name() {
        return best().name();
    }
}
