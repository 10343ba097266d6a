package org.diffevo4j.trainer;

/**
 * Mean, population standard deviation, minimum and maximum of a sample (episode returns, or a
 * metric over seeds), as the CLI prints and writes them.
 */
record Summary(double mean, double std, double min, double max) {

    static Summary of(double[] v) {
        if (v.length == 0) {
            throw new IllegalArgumentException("cannot summarise an empty sample");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double mean = sum / v.length;
        double sq = 0;
        for (double x : v) {
            sq += (x - mean) * (x - mean);
        }
        return new Summary(mean, Math.sqrt(sq / v.length), min, max);
    }
}
