package org.diffevo4j.agents;

import java.util.Arrays;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.Space;

/**
 * Maps observations to roughly unit variance from the observation space's bounds (docs/algorithm.md
 * section 6): a bound with {@code |bound| > 1e3} (including infinite ones) is replaced by -1 (low)
 * or +1 (high), then {@code obs' = (2 (obs - low) / (high - low) - 1) * sqrt(3)}. A uniform variable
 * on {@code [low, high]} becomes one of variance 1.
 *
 * <p>The formula is evaluated literally (not folded into a scale and shift) so that every evaluator
 * backend and the single-policy path produce bit-identical normalised inputs.
 */
public final class ObservationNormalizer {

    /** Bounds above this magnitude are treated as unbounded. */
    public static final double UNBOUNDED = 1e3;

    private static final double SQRT3 = Math.sqrt(3.0);

    private final double[] low;
    private final double[] high;
    private final double[] range;

    /**
     * A normaliser with explicit bounds (before the {@code |bound| > 1e3} replacement).
     *
     * @throws IllegalArgumentException if lengths differ, a bound is NaN, or low >= high after replacement
     */
    public ObservationNormalizer(double[] low, double[] high) {
        if (low == null || high == null || low.length != high.length || low.length == 0) {
            throw new IllegalArgumentException("observation bounds must be non-empty arrays of equal length");
        }
        this.low = new double[low.length];
        this.high = new double[low.length];
        this.range = new double[low.length];
        for (int i = 0; i < low.length; i++) {
            if (Double.isNaN(low[i]) || Double.isNaN(high[i])) {
                throw new IllegalArgumentException("observation bound " + i + " is NaN");
            }
            this.low[i] = Math.abs(low[i]) > UNBOUNDED ? -1.0 : low[i];
            this.high[i] = Math.abs(high[i]) > UNBOUNDED ? 1.0 : high[i];
            if (!(this.high[i] > this.low[i])) {
                throw new IllegalArgumentException("observation component " + i + ": effective low " + this.low[i]
                        + " is not below effective high " + this.high[i] + " (cannot normalise)");
            }
            this.range[i] = this.high[i] - this.low[i];
        }
    }

    /** The normaliser for a {@link Box} observation space. */
    public static ObservationNormalizer forSpace(Space space) {
        if (!(space instanceof Box box)) {
            throw new IllegalArgumentException("observation normalisation needs a Box observation space, got " + space);
        }
        return new ObservationNormalizer(box.low(), box.high());
    }

    /** Number of observation components. */
    public int size() {
        return low.length;
    }

    /** Effective lower bounds (after replacement). */
    public double[] low() {
        return low.clone();
    }

    /** Effective upper bounds (after replacement). */
    public double[] high() {
        return high.clone();
    }

    /** Normalises one component. */
    public double normalize(int component, double value) {
        return (2.0 * (value - low[component]) / range[component] - 1.0) * SQRT3;
    }

    /** Normalises {@code size()} values from {@code src[srcOff..]} into {@code dst[dstOff..]}. */
    public void normalize(double[] src, int srcOff, double[] dst, int dstOff) {
        final int n = low.length;
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (2.0 * (src[srcOff + i] - low[i]) / range[i] - 1.0) * SQRT3;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObservationNormalizer n && Arrays.equals(low, n.low) && Arrays.equals(high, n.high);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "ObservationNormalizer(low=" + Arrays.toString(low) + ", high=" + Arrays.toString(high) + ")";
    }
}
