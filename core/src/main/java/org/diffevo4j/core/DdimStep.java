package org.diffevo4j.core;

/**
 * The DDIM step of docs/algorithm.md section 2 on row-major arrays, elementwise:
 * {@code eps = (x - sqrt(a) x0)/sqrt(1 - a)}, {@code x' = sqrt(a_prev) x0 + sqrt(1 - a_prev - sigma^2) eps + sigma z},
 * in the order of operations of {@link DiffusionUpdate#ddimStep} (so both give the same bits).
 */
final class DdimStep {

    private DdimStep() {
    }

    /**
     * @param sigma the noise scale ({@link DiffusionUpdate#sigma}); {@code noise} is read only when it
     *              is not 0
     */
    static void apply(double[] x, double[] x0, double alpha, double alphaPrev, double sigma, double[] noise,
                      double[] out) {
        double sa = Math.sqrt(alpha);
        double s1 = Math.sqrt(1 - alpha);
        double sp = Math.sqrt(alphaPrev);
        // sigma^2 may exceed 1 - a_prev by a rounding error when eta = 1: that factor is then 0
        double c = Math.sqrt(Math.max(0.0, 1 - alphaPrev - sigma * sigma));
        int len = x.length;
        if (sigma != 0) {
            for (int k = 0; k < len; k++) {
                double eps = (x[k] - x0[k] * sa) / s1;
                out[k] = x0[k] * sp + eps * c + noise[k] * sigma;
            }
        } else {
            for (int k = 0; k < len; k++) {
                double eps = (x[k] - x0[k] * sa) / s1;
                out[k] = x0[k] * sp + eps * c;
            }
        }
    }
}
