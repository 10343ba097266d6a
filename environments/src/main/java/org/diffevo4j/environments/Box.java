package org.diffevo4j.environments;

import java.util.Arrays;

/**
 * A box in R^n with per-component bounds (Gymnasium's {@code Box}, one-dimensional shape).
 * Bounds may be infinite. For {@link DType#FLOAT32} boxes the bounds are the float32 values, stored
 * exactly as doubles.
 *
 * @param low   lower bounds, one per component
 * @param high  upper bounds, one per component
 * @param dtype element type
 */
public record Box(double[] low, double[] high, DType dtype) implements Space {

    /** Validates the bounds and copies them. */
    public Box {
        if (low.length != high.length || low.length == 0) {
            throw new IllegalArgumentException("Box bounds must be non-empty and of equal length, got "
                    + low.length + " and " + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (!(low[i] <= high[i])) {
                throw new IllegalArgumentException("Box bound " + i + ": low " + low[i] + " > high " + high[i]);
            }
        }
        low = low.clone();
        high = high.clone();
    }

    /** A copy of the lower bounds. */
    @Override
    public double[] low() {
        return low.clone();
    }

    /** A copy of the upper bounds. */
    @Override
    public double[] high() {
        return high.clone();
    }

    /** The lower bound of component {@code i}. */
    public double low(int i) {
        return low[i];
    }

    /** The upper bound of component {@code i}. */
    public double high(int i) {
        return high[i];
    }

    @Override
    public int flatSize() {
        return low.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high) && dtype == b.dtype;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(low) + Arrays.hashCode(high)) + dtype.hashCode();
    }

    @Override
    public String toString() {
        return "Box(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ", (" + low.length + ",), "
                + dtype.numpyName() + ")";
    }
}
