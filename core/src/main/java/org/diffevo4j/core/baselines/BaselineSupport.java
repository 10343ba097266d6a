package org.diffevo4j.core.baselines;

import java.util.Arrays;

/** Score shaping and argument checks the baselines share. */
final class BaselineSupport {

    private BaselineSupport() {
    }

    /** Centred ranks in [-0.5, 0.5] (Salimans et al. 2017); tied scores share their mean rank. */
    static double[] centredRanks(double[] scores) {
        int n = scores.length;
        if (n < 2) {
            throw new IllegalArgumentException("centred ranks need at least 2 scores, got " + n);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double[] out = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            // ties share the mean of their ranks so that equal scores get equal weight
            double rank = (i + j) / 2.0;
            for (int k = i; k <= j; k++) {
                out[order[k]] = rank / (n - 1) - 0.5;
            }
            i = j + 1;
        }
        return out;
    }

    /** Indices sorting {@code scores} from best (largest) to worst; ties keep index order. */
    static int[] descendingOrder(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** The initial mean: {@code mean} if given (checked against D), else the origin. */
    static double[] initialMean(String name, double[] mean, int dimension) {
        if (mean == null) {
            return new double[dimension];
        }
        if (mean.length != dimension) {
            throw new IllegalArgumentException(name + ": mean has length " + mean.length + ", dimension is " + dimension);
        }
        return mean.clone();
    }

    static void requirePositive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
    }
}
