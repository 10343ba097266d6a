package org.diffevo4j.core.baselines;

import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) used for gradient <i>ascent</i> on a search distribution's mean, as
 * OpenES (Salimans et al. 2017) and estool's PEPG do. Its moments are part of the strategy state.
 */
final class Adam {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private double[] m;
    private double[] v;
    private int t;

    Adam(int dimension, double beta1, double beta2, double epsilon) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new double[dimension];
        this.v = new double[dimension];
    }

    static void validate(double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        }
    }

    /** Moves {@code params} up the gradient estimate {@code grad} by one bias-corrected Adam step. */
    void ascend(double[] params, double[] grad, double learningRate) {
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.length; i++) {
            m[i] = beta1 * m[i] + (1 - beta1) * grad[i];
            v[i] = beta2 * v[i] + (1 - beta2) * grad[i] * grad[i];
            params[i] += learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon);
        }
    }

    void write(Map<String, double[]> arrays, Map<String, Double> scalars) {
        arrays.put("adam.m", m.clone());
        arrays.put("adam.v", v.clone());
        scalars.put("adam.t", (double) t);
    }

    /** Reads back the moments {@link #write} saved (already checked against the dimension by the caller). */
    void read(double[] m, double[] v, int t) {
        this.m = m;
        this.v = v;
        this.t = t;
    }
}
