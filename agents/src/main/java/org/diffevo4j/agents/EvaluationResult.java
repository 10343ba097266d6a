package org.diffevo4j.agents;

/**
 * What one population evaluation produced. Per-episode arrays are indexed {@code k = i * E + e}
 * (individual i, episode e).
 *
 * <p>Success rule: if the environment declares a reward threshold, an episode succeeds when its
 * return is {@code >= threshold} (CartPole-v1 475, Acrobot-v1 -100, MountainCar-v0 -110,
 * MountainCarContinuous-v0 90); otherwise (e.g. Pendulum-v1) it succeeds when it reached a terminal
 * state ({@code terminated}) before any time limit or cap. The arrays are owned by this object and
 * returned without copying, so callers must not modify them.
 */
public final class EvaluationResult {

    private final int populationSize;
    private final int episodes;
    private final double[] meanReturns;
    private final double[] returns;
    private final int[] lengths;
    private final boolean[] terminated;
    private final boolean[] success;
    private final long agentSteps;
    private final double seconds;

    /** Assembles a result; computes the per-individual means. */
    public EvaluationResult(int populationSize, int episodes, double[] returns, int[] lengths,
                            boolean[] terminated, boolean[] success, double seconds) {
        int n = populationSize * episodes;
        if (returns.length != n || lengths.length != n || terminated.length != n || success.length != n) {
            throw new IllegalArgumentException("per-episode arrays must have length P*E = " + n);
        }
        this.populationSize = populationSize;
        this.episodes = episodes;
        this.returns = returns;
        this.lengths = lengths;
        this.terminated = terminated;
        this.success = success;
        this.seconds = seconds;
        this.meanReturns = new double[populationSize];
        long steps = 0;
        for (int i = 0; i < populationSize; i++) {
            double s = 0;
            for (int e = 0; e < episodes; e++) {
                s += returns[i * episodes + e];
                steps += lengths[i * episodes + e];
            }
            meanReturns[i] = s / episodes;
        }
        this.agentSteps = steps;
    }

    /** Number of individuals P. */
    public int populationSize() {
        return populationSize;
    }

    /** Episodes per individual E. */
    public int episodes() {
        return episodes;
    }

    /** Mean return of each individual over its episodes (length P) — the raw score for {@code tell}. */
    public double[] meanReturns() {
        return meanReturns;
    }

    /** Return of every episode (length P*E). */
    public double[] returns() {
        return returns;
    }

    /** Return of episode e of individual i. */
    public double episodeReturn(int individual, int episode) {
        return returns[individual * episodes + episode];
    }

    /** Steps of every episode (length P*E). */
    public int[] lengths() {
        return lengths;
    }

    /** Whether every episode reached a terminal state (length P*E). */
    public boolean[] terminated() {
        return terminated;
    }

    /** Success flag of every episode (length P*E), see the class comment for the rule. */
    public boolean[] success() {
        return success;
    }

    /** Fraction of successful episodes. */
    public double successRate() {
        int c = 0;
        for (boolean b : success) {
            if (b) {
                c++;
            }
        }
        return success.length == 0 ? 0 : (double) c / success.length;
    }

    /** Total environment steps taken by all episodes. */
    public long agentSteps() {
        return agentSteps;
    }

    /** Wall time of the evaluation in seconds. */
    public double seconds() {
        return seconds;
    }

    /** Mean of {@link #meanReturns()}. */
    public double mean() {
        double s = 0;
        for (double r : meanReturns) {
            s += r;
        }
        return s / meanReturns.length;
    }

    /** Population standard deviation of {@link #meanReturns()}. */
    public double std() {
        double m = mean();
        double s = 0;
        for (double r : meanReturns) {
            s += (r - m) * (r - m);
        }
        return Math.sqrt(s / meanReturns.length);
    }

    /** Smallest of {@link #meanReturns()}. */
    public double min() {
        double m = Double.POSITIVE_INFINITY;
        for (double r : meanReturns) {
            m = Math.min(m, r);
        }
        return m;
    }

    /** Largest of {@link #meanReturns()}. */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double r : meanReturns) {
            m = Math.max(m, r);
        }
        return m;
    }

    /** Index of the individual with the highest mean return (lowest index on ties). */
    public int bestIndex() {
        int b = 0;
        for (int i = 1; i < meanReturns.length; i++) {
            if (meanReturns[i] > meanReturns[b]) {
                b = i;
            }
        }
        return b;
    }
}
