package org.diffevo4j.environments.classic;

import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.DType;

/** Spaces as Gymnasium declares them: float32 boxes whose bounds are the float32 roundings of the constants. */
final class ClassicSpaces {

    private ClassicSpaces() {
    }

    /** A float32 box; each bound is rounded to float32 (as {@code np.array(..., dtype=np.float32)} does). */
    static Box float32Box(double[] low, double[] high) {
        double[] lo = new double[low.length];
        double[] hi = new double[high.length];
        for (int i = 0; i < low.length; i++) {
            lo[i] = (float) low[i];
            hi[i] = (float) high[i];
        }
        return new Box(lo, hi, DType.FLOAT32);
    }

    /** A float32 box symmetric around 0: {@code [-high, high]}. */
    static Box symmetricFloat32Box(double... high) {
        double[] low = new double[high.length];
        for (int i = 0; i < high.length; i++) {
            low[i] = -high[i];
        }
        return float32Box(low, high);
    }
}
