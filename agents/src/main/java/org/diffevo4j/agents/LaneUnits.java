package org.diffevo4j.agents;

/**
 * One output unit of a lane-path layer for lanes {@code [0, m)} in a single loop, where
 * {@link LaneKernels} needs several: implemented with the Vector API ({@link VectorLaneUnits}) for
 * small layers. Per lane the result is {@link LaneKernels#unit}'s (see {@link VectorLaneUnits} for the
 * ReLU's NaN case).
 */
interface LaneUnits {

    /** Lanes per vector: lane arrays must hold {@code m} rounded up to a multiple of this. */
    int lanes();

    /**
     * {@code dst[j] = act(b[j] + ((s0 + s1) + (s2 + s3)))} over the inputs {@code in[0 .. nIn)} and the
     * weight rows {@code w[row ..]}, as {@link LaneKernels#unit}; lanes from {@code m} up to the next
     * multiple of {@link #lanes()} are computed from whatever those slots hold.
     *
     * @param b    the bias row (an all-zero row for a layer without bias)
     * @param relu apply the ReLU (else no activation)
     * @return false, having done nothing, for an input count it does not handle
     */
    boolean unit(double[][] w, int row, double[] b, double[][] in, int nIn, double[] dst, boolean relu, int m);

    /**
     * The Vector API units when asked for with the system property
     * {@code diffevo4j.agents.laneVector=true} and the Vector API kernels are in use (see
     * {@link DenseKernels}), else null. Off by default: warm, they cut the lane path's forward pass by
     * 24-31% for 128 lanes (bench/results/lane-forward-units.md) and the paper's protocols' CPU time by
     * 3-15% (bench/results/protocol-lane-vector-ab.md), but
     * until C2 has compiled them the JDK 17 Vector API runs as boxed objects: the evaluations of a
     * fresh JVM's first protocol run took 0.2-0.7 s longer (the CLI's whole CartPole run is 1.4 s). Worth it for long runs
     * in one JVM only. Read at every call, so a test can switch it.
     */
    static LaneUnits best() {
        if (!DenseKernels.VECTOR || !Boolean.getBoolean("diffevo4j.agents.laneVector")) {
            return null;
        }
        try {
            return (LaneUnits) Class.forName("org.diffevo4j.agents.VectorLaneUnits").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Vector API lane kernel failed to load after detection", e);
        }
    }
}
