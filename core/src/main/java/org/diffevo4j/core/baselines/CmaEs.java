package org.diffevo4j.core.baselines;

import static org.diffevo4j.core.baselines.BaselineSupport.descendingOrder;
import static org.diffevo4j.core.baselines.BaselineSupport.initialMean;
import static org.diffevo4j.core.baselines.BaselineSupport.requirePositive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.diffevo4j.core.AbstractStrategy;

/**
 * CMA-ES, the covariance matrix adaptation evolution strategy, with the default parameters of
 * N. Hansen, "The CMA Evolution Strategy: A Tutorial" (arXiv:1604.00772): lambda = 4 + floor(3 ln D),
 * mu = floor(lambda / 2) positive log-rank weights, cumulative step-size adaptation (c_sigma,
 * d_sigma), rank-one (c_1, c_c, with the h_sigma stall) and rank-mu (c_mu) covariance updates. The
 * eigendecomposition of C is refreshed lazily, once every lambda / ((c_1 + c_mu) D 10) evaluations
 * (so every generation in small dimensions), as the tutorial recommends.
 *
 * <p>Stopping follows the tutorial's appendix: TolFun (recent best values and the current generation
 * within {@code tolFun}), TolX, NoEffectAxis, NoEffectCoord and ConditionCov. With
 * {@code restarts > 0} a triggered criterion starts a fresh run with the population multiplied by
 * {@code populationIncrease} (IPOP-CMA-ES, Auger and Hansen 2005) until the restarts or the
 * generation budget (counted over all restarts) run out; otherwise the strategy reports
 * {@link #isDone()} and {@link #stopReason()} names the criterion.
 *
 * <p>Memory and time: the full variant keeps C and its eigenvectors, O(D^2) memory and O(D^3) per
 * decomposition, which is practical up to a few hundred dimensions. {@code diagonal = true} gives
 * sep-CMA-ES (Ros and Hansen 2008): a diagonal C with learning rates scaled by (D + 2) / 3, O(D)
 * memory, for policies with thousands of parameters.
 *
 * <p>{@code active = true} adds the active covariance update of the tutorial's 2016 version
 * (Jastrebski and Arnold 2006): the worse half of the population gets negative recombination weights
 * in the rank-mu update (scaled by min(alpha_mu^-, alpha_mueff^-, alpha_posdef^-)), their steps
 * rescaled by D / ||C^{-1/2} y||^2, and the mean still uses the mu positive weights only.
 *
 * <p>{@code elitist = true} is pycma's {@code CMA_elitist=True} (as in {@code tell} of
 * {@code cma/evolution_strategy.py}, pycma 3.x): when the best solution seen so far in this run
 * scored strictly better than every member of the current generation, it is put in front of the
 * ranked population before the update. It then takes the first recombination weight in the mean and
 * in the rank-mu covariance update (its step (x_best - m) / sigma used as is, with no clipping: pycma's
 * {@code random_rescale_to_mahalanobis} call there discards its result), the former mu-th best
 * drops out of the positive weights, and the active update's negative weights stay on the same worse
 * ranks (pycma inserts a zero weight for the extra member). The evolution paths and the step size
 * follow from the mean shift as usual; stopping criteria and the flat-fitness rule see the
 * generation's own scores. The best-so-far starts afresh at an IPOP restart, as pycma's restarts
 * start a new {@code CMAEvolutionStrategy}. pycma's {@code CMA_elitist="initial"} (re-injecting the
 * initial mean, which needs its score) is not provided.
 *
 * <p>Scores are maximised like every {@link org.diffevo4j.core.Strategy}'s; only their ranks are used.
 */
public final class CmaEs extends AbstractStrategy {

    /** Registry name. */
    public static final String NAME = "cmaes";

    /**
     * @param populationSize     lambda; 0 chooses 4 + floor(3 ln D)
     * @param sigma0             initial step size
     * @param generations        generation budget, over all restarts
     * @param mean               initial mean; {@code null} = the origin
     * @param restarts           maximum number of IPOP restarts (0 = none)
     * @param populationIncrease factor on lambda at each restart (2 in IPOP-CMA-ES)
     * @param tolFun             TolFun: stop when recent best values vary less than this
     * @param tolX               TolX: stop when every coordinate's step is below this
     * @param conditionLimit     ConditionCov: stop when the condition number of C exceeds this
     * @param diagonal           sep-CMA-ES: adapt only the diagonal of C
     * @param active             active CMA-ES: negative weights for the worse half in the covariance update
     * @param elitist            pycma's {@code CMA_elitist=True}: the best-so-far solution re-enters the
     *                           update when it beats the whole generation (see the class comment)
     */
    public record Config(int populationSize, double sigma0, int generations, double[] mean, int restarts,
                         double populationIncrease, double tolFun, double tolX, double conditionLimit,
                         boolean diagonal, boolean active, boolean elitist) {

        /** Not elitist. */
        public Config(int populationSize, double sigma0, int generations, double[] mean, int restarts,
                      double populationIncrease, double tolFun, double tolX, double conditionLimit,
                      boolean diagonal, boolean active) {
            this(populationSize, sigma0, generations, mean, restarts, populationIncrease, tolFun, tolX, conditionLimit,
                    diagonal, active, false);
        }

        /** Without the active update, not elitist. */
        public Config(int populationSize, double sigma0, int generations, double[] mean, int restarts,
                      double populationIncrease, double tolFun, double tolX, double conditionLimit,
                      boolean diagonal) {
            this(populationSize, sigma0, generations, mean, restarts, populationIncrease, tolFun, tolX, conditionLimit,
                    diagonal, false);
        }

        /** Validates the components and copies the mean. */
        public Config {
            if (populationSize != 0 && populationSize < 2) {
                throw new IllegalArgumentException("populationSize must be 0 (automatic) or >= 2, got " + populationSize);
            }
            requirePositive("sigma0", sigma0);
            if (generations < 1) {
                throw new IllegalArgumentException("generations must be >= 1, got " + generations);
            }
            if (restarts < 0) {
                throw new IllegalArgumentException("restarts must be >= 0, got " + restarts);
            }
            if (!(populationIncrease >= 1) || Double.isInfinite(populationIncrease)) {
                throw new IllegalArgumentException("populationIncrease must be >= 1, got " + populationIncrease);
            }
            if (!(tolFun >= 0) || !(tolX >= 0)) {
                throw new IllegalArgumentException("tolFun and tolX must be >= 0, got " + tolFun + ", " + tolX);
            }
            if (!(conditionLimit > 1)) {
                throw new IllegalArgumentException("conditionLimit must be > 1, got " + conditionLimit);
            }
            mean = mean == null ? null : mean.clone();
        }

        /** Automatic lambda, sigma0 1, 1000 generations, origin, no restarts, tutorial tolerances. */
        public static Config defaults() {
            return new Config(0, 1.0, 1000, null, 0, 2.0, 1e-12, 1e-12, 1e14, false);
        }

        /** The defaults with another population size, step size and budget. */
        public static Config of(int populationSize, double sigma0, int generations) {
            Config d = defaults();
            return new Config(populationSize, sigma0, generations, null, d.restarts, d.populationIncrease,
                    d.tolFun, d.tolX, d.conditionLimit, d.diagonal);
        }

        /**
         * The CMA-ES the Diffusion Evolution paper ran on its 2-D benchmarks (docs/algorithm.md
         * section 7): mean 0, sigma0 4, popsize 512 (mu 256, default weights and learning rates),
         * active covariance update, no restarts, 25 generations.
         */
        public static Config paper2d() {
            return paper2d(512, 25);
        }

        /** {@link #paper2d()} with another population size and budget. */
        public static Config paper2d(int populationSize, int generations) {
            Config d = defaults();
            return new Config(populationSize, 4.0, generations, null, 0, d.populationIncrease, d.tolFun, d.tolX,
                    d.conditionLimit, false, true);
        }

        /** This configuration with elitism on or off. */
        public Config withElitist(boolean on) {
            return new Config(populationSize, sigma0, generations, mean, restarts, populationIncrease, tolFun, tolX,
                    conditionLimit, diagonal, active, on);
        }

        /** A copy of the initial mean, or null for the origin. */
        @Override
        public double[] mean() {
            return mean == null ? null : mean.clone();
        }
    }

    private static final String[] STOP_REASONS = {"tolfun", "tolx", "noeffectaxis", "noeffectcoord", "conditioncov",
        "sigma"};

    private final Config config;
    private final int n;
    private final double[] initialMean;

    // strategy parameters, derived from lambda
    private int lambda;
    private int mu;
    private double[] weights;
    /** Active update: weights of ranks mu..lambda-1 (all <= 0); empty otherwise. */
    private double[] negWeights;
    private double mueff;
    private double cs;
    private double damps;
    private double cc;
    private double c1;
    private double cmu;
    private final double chiN;

    // dynamic state
    private double[] mean;
    private double sigma;
    private double[][] cov;      // full variant
    private double[] diagCov;    // diagonal variant
    private double[][] basis;    // eigenvectors of C as columns (full variant)
    private double[] scales;     // square roots of C's eigenvalues (full) or of its diagonal
    private double[] pSigma;
    private double[] pc;
    private int restartGeneration;
    private int eigenGeneration;
    private int restartsDone;
    private List<Double> history = new ArrayList<>();
    private int stopReason = -1;
    /** Elitist mode: the best solution of this run (since the last restart) and its score; null before any. */
    private double[] eliteGenome;
    private double eliteScore = Double.NEGATIVE_INFINITY;

    /** A new run. */
    public CmaEs(Config config, int dimension, long seed) {
        super(NAME, dimension, config.generations(), config, seed);
        this.config = config;
        this.n = dimension;
        this.initialMean = initialMean(NAME, config.mean, dimension);
        this.chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        setLambda(config.populationSize() == 0 ? defaultPopulationSize(dimension) : config.populationSize());
        resetDistribution();
    }

    /** The tutorial's default population size, 4 + floor(3 ln D). */
    public static int defaultPopulationSize(int dimension) {
        return 4 + (int) Math.floor(3 * Math.log(dimension));
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** Current lambda (grows with IPOP restarts). */
    public int populationSize() {
        return lambda;
    }

    /** The current mean of the search distribution (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The current global step size. */
    public double sigma() {
        return sigma;
    }

    /** A copy of the covariance matrix C (diagonal variant: a diagonal matrix). */
    public double[][] covariance() {
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (config.diagonal()) {
                out[i][i] = diagCov[i];
            } else {
                out[i] = cov[i].clone();
            }
        }
        return out;
    }

    /** The recombination weights (for tests and diagnostics). */
    double[] weights() {
        return weights.clone();
    }

    /** The active update's weights of the worse ranks (empty unless active). */
    double[] negativeWeights() {
        return negWeights.clone();
    }

    /** mu_eff = 1 / sum w_i^2. */
    double mueff() {
        return mueff;
    }

    /** Restarts made so far. */
    public int restartsDone() {
        return restartsDone;
    }

    /**
     * The criterion that stopped the run ({@code tolfun}, {@code tolx}, {@code noeffectaxis},
     * {@code noeffectcoord}, {@code conditioncov}, {@code sigma}), or {@code null} while it runs or
     * when only the budget ended it.
     */
    public String stopReason() {
        return stopReason < 0 ? null : STOP_REASONS[stopReason];
    }

    @Override
    public boolean isDone() {
        return super.isDone() || stopReason >= 0;
    }

    private void setLambda(int lam) {
        lambda = lam;
        mu = lam / 2;
        weights = new double[mu];
        double sum = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] = Math.log((lam + 1) / 2.0) - Math.log(i + 1);
            sum += weights[i];
        }
        double sq = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] /= sum;
            sq += weights[i] * weights[i];
        }
        mueff = 1 / sq;
        cs = (mueff + 2) / (n + mueff + 5);
        damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
        cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
        c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
        cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
        negWeights = new double[0];
        if (config.active() && !config.diagonal()) {
            // Hansen's tutorial (2016), eq. (53): w'_i = ln((lambda + 1) / 2) - ln i for the worse ranks
            int m = lam - mu;
            double[] raw = new double[m];
            double negSum = 0;
            double negSq = 0;
            for (int i = 0; i < m; i++) {
                raw[i] = Math.log((lam + 1) / 2.0) - Math.log(mu + i + 1);
                negSum += -raw[i];
                negSq += raw[i] * raw[i];
            }
            double mueffMinus = negSq > 0 ? negSum * negSum / negSq : 0;
            double alphaMu = 1 + c1 / cmu;
            double alphaMueff = 1 + 2 * mueffMinus / (mueff + 2);
            double alphaPosdef = (1 - c1 - cmu) / (n * cmu);
            double scale = Math.min(alphaMu, Math.min(alphaMueff, alphaPosdef));
            negWeights = new double[m];
            for (int i = 0; i < m; i++) {
                negWeights[i] = negSum > 0 ? scale * raw[i] / negSum : 0;
            }
        }
        if (config.diagonal()) {
            // sep-CMA-ES learns a diagonal, which has only D free parameters, so it may learn faster
            double boost = (n + 2) / 3.0;
            c1 = Math.min(1, c1 * boost);
            cmu = Math.min(1 - c1, cmu * boost);
        }
    }

    private void resetDistribution() {
        mean = initialMean.clone();
        sigma = config.sigma0();
        scales = new double[n];
        java.util.Arrays.fill(scales, 1.0);
        if (config.diagonal()) {
            diagCov = new double[n];
            java.util.Arrays.fill(diagCov, 1.0);
        } else {
            cov = identity(n);
            basis = identity(n);
        }
        pSigma = new double[n];
        pc = new double[n];
        restartGeneration = 0;
        eigenGeneration = 0;
        history = new ArrayList<>();
        eliteGenome = null;
        eliteScore = Double.NEGATIVE_INFINITY;
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1.0;
        }
        return m;
    }

    @Override
    protected double[][] sample() {
        double[][] x = new double[lambda][n];
        // the scaled normals D z, drawn individual by individual
        double[][] zs = new double[lambda][n];
        for (int k = 0; k < lambda; k++) {
            double[] z = zs[k];
            for (int j = 0; j < n; j++) {
                z[j] = scales[j] * rng().nextGaussian();
            }
        }
        if (config.diagonal()) {
            for (int k = 0; k < lambda; k++) {
                for (int i = 0; i < n; i++) {
                    x[k][i] = mean[i] + sigma * zs[k][i];
                }
            }
            return x;
        }
        // x_k = mean + sigma B z_k; (B z_k)_i = sum_j B_ij z_kj summed over j in ascending order, by
        // 4 x 4 register tiles (individuals x coordinates) where both counts allow
        int k = 0;
        for (; k + 4 <= lambda; k += 4) {
            double[] z0 = zs[k];
            double[] z1 = zs[k + 1];
            double[] z2 = zs[k + 2];
            double[] z3 = zs[k + 3];
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                double[] b0 = basis[i];
                double[] b1 = basis[i + 1];
                double[] b2 = basis[i + 2];
                double[] b3 = basis[i + 3];
                double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
                double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
                for (int j = 0; j < n; j++) {
                    double v0 = b0[j];
                    double v1 = b1[j];
                    double v2 = b2[j];
                    double v3 = b3[j];
                    double w = z0[j];
                    c00 += v0 * w;
                    c01 += v1 * w;
                    c02 += v2 * w;
                    c03 += v3 * w;
                    w = z1[j];
                    c10 += v0 * w;
                    c11 += v1 * w;
                    c12 += v2 * w;
                    c13 += v3 * w;
                    w = z2[j];
                    c20 += v0 * w;
                    c21 += v1 * w;
                    c22 += v2 * w;
                    c23 += v3 * w;
                    w = z3[j];
                    c30 += v0 * w;
                    c31 += v1 * w;
                    c32 += v2 * w;
                    c33 += v3 * w;
                }
                store(x[k], i, c00, c01, c02, c03);
                store(x[k + 1], i, c10, c11, c12, c13);
                store(x[k + 2], i, c20, c21, c22, c23);
                store(x[k + 3], i, c30, c31, c32, c33);
            }
            for (; i < n; i++) {
                for (int r = 0; r < 4; r++) {
                    x[k + r][i] = mean[i] + sigma * dot(basis[i], zs[k + r]);
                }
            }
        }
        for (; k < lambda; k++) {
            for (int i = 0; i < n; i++) {
                x[k][i] = mean[i] + sigma * dot(basis[i], zs[k]);
            }
        }
        return x;
    }

    private void store(double[] xk, int i, double c0, double c1, double c2, double c3) {
        xk[i] = mean[i] + sigma * c0;
        xk[i + 1] = mean[i + 1] + sigma * c1;
        xk[i + 2] = mean[i + 2] + sigma * c2;
        xk[i + 3] = mean[i + 3] + sigma * c3;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    @Override
    protected void update(double[][] x, double[] scores) {
        int[] order = descendingOrder(scores);
        // the mu points that get the positive weights, best first; with elitism (pycma's CMA_elitist) the
        // best-so-far goes in front when it beats the whole generation, and the mu-th best drops out
        double[][] selected = new double[mu][];
        int shift = 0;
        if (config.elitist() && eliteGenome != null && eliteScore > scores[order[0]]) {
            selected[0] = eliteGenome;
            shift = 1;
        }
        for (int k = shift; k < mu; k++) {
            selected[k] = x[order[k - shift]];
        }
        double[] old = mean;
        double[] next = new double[n];
        for (int k = 0; k < mu; k++) {
            double[] xk = selected[k];
            for (int i = 0; i < n; i++) {
                next[i] += weights[k] * xk[i];
            }
        }
        double[] yw = new double[n];
        for (int i = 0; i < n; i++) {
            yw[i] = (next[i] - old[i]) / sigma;
        }
        double[] white = invSqrtC(yw);
        double a = Math.sqrt(cs * (2 - cs) * mueff);
        double psNorm2 = 0;
        for (int i = 0; i < n; i++) {
            pSigma[i] = (1 - cs) * pSigma[i] + a * white[i];
            psNorm2 += pSigma[i] * pSigma[i];
        }
        double psNorm = Math.sqrt(psNorm2);
        // h_sigma stalls the rank-one update while the step-size path is still long (sigma is rising)
        double correction = Math.sqrt(1 - Math.pow(1 - cs, 2.0 * (restartGeneration + 1)));
        boolean hsig = psNorm / correction < (1.4 + 2.0 / (n + 1)) * chiN;
        double b = hsig ? Math.sqrt(cc * (2 - cc) * mueff) : 0;
        for (int i = 0; i < n; i++) {
            pc[i] = (1 - cc) * pc[i] + b * yw[i];
        }
        double delta = hsig ? 0 : cc * (2 - cc);
        double negTotal = 0;
        for (double w : negWeights) {
            negTotal += w;
        }
        // sum of all weights is 1 + negTotal (the positive ones sum to 1)
        double keep = 1 + c1 * delta - c1 - cmu * (1 + negTotal);
        double[][] y = new double[mu][n];
        for (int k = 0; k < mu; k++) {
            double[] xk = selected[k];
            for (int i = 0; i < n; i++) {
                y[k][i] = (xk[i] - old[i]) / sigma;
            }
        }
        if (config.diagonal()) {
            for (int i = 0; i < n; i++) {
                double r = 0;
                for (int k = 0; k < mu; k++) {
                    r += weights[k] * y[k][i] * y[k][i];
                }
                diagCov[i] = keep * diagCov[i] + c1 * pc[i] * pc[i] + cmu * r;
            }
        } else {
            int m = mu + negWeights.length;
            double[][] ys = y;
            double[] ws = weights;
            if (negWeights.length > 0) {
                // the worse steps, rescaled by D / ||C^{-1/2} y||^2 (tutorial eq. (46))
                ys = new double[m][];
                ws = new double[m];
                System.arraycopy(y, 0, ys, 0, mu);
                System.arraycopy(weights, 0, ws, 0, mu);
                for (int k = 0; k < negWeights.length; k++) {
                    double[] xk = x[order[mu + k]];
                    double[] yk = new double[n];
                    for (int i = 0; i < n; i++) {
                        yk[i] = (xk[i] - old[i]) / sigma;
                    }
                    // ||C^{-1/2} y|| = ||D^{-1} B^T y|| (B orthogonal)
                    double[] wy = whitened(yk);
                    double nrm = 0;
                    for (double v : wy) {
                        nrm += v * v;
                    }
                    ys[mu + k] = yk;
                    ws[mu + k] = nrm > 0 ? negWeights[k] * n / nrm : 0;
                }
            }
            // rank-mu sum as a k-outer accumulation into the lower triangle (cache-friendly)
            double[][] r = new double[n][n];
            for (int k = 0; k < m; k++) {
                double w = ws[k];
                if (w == 0) {
                    continue;
                }
                double[] yk = ys[k];
                for (int i = 0; i < n; i++) {
                    double wi = w * yk[i];
                    double[] ri = r[i];
                    for (int j = 0; j <= i; j++) {
                        ri[j] += wi * yk[j];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = keep * cov[i][j] + c1 * pc[i] * pc[j] + cmu * r[i][j];
                    cov[i][j] = v;
                    cov[j][i] = v;
                }
            }
        }
        // capped like Hansen's purecma so that one generation cannot blow sigma up by more than e
        sigma *= Math.exp(Math.min(1.0, (cs / damps) * (psNorm / chiN - 1)));
        int flatIndex = (int) Math.ceil(0.7 * lambda) - 1;
        if (scores[order[0]] == scores[order[flatIndex]]) {
            // flat scores: most of the population scored the same, so widen the search
            sigma *= Math.exp(0.2 + cs / damps);
        }
        mean = next;
        restartGeneration++;
        double bestNow = scores[order[0]];
        if (config.elitist() && (eliteGenome == null || bestNow > eliteScore)) {
            eliteGenome = x[order[0]].clone();
            eliteScore = bestNow;
        }
        history.add(bestNow);
        int histLen = historyLength();
        while (history.size() > histLen) {
            history.remove(0);
        }
        refreshDecomposition(false);
        int reason = stopCriterion(scores[order[0]] - scores[order[lambda - 1]]);
        if (reason >= 0) {
            // the budget check in isDone() uses generation, which the base class increments after us
            if (restartsDone < config.restarts() && generation() + 1 < generations()) {
                restartsDone++;
                setLambda((int) Math.ceil(lambda * config.populationIncrease()));
                resetDistribution();
            } else {
                stopReason = reason;
            }
        }
    }

    private int historyLength() {
        return 10 + (int) Math.ceil(30.0 * n / lambda);
    }

    private void refreshDecomposition(boolean force) {
        if (config.diagonal()) {
            for (int i = 0; i < n; i++) {
                scales[i] = Math.sqrt(Math.max(diagCov[i], 0));
            }
            return;
        }
        // the tutorial's O(D^2) amortisation: decompose every lambda / ((c_1 + c_mu) D 10) evaluations,
        // i.e. every 1 / ((c_1 + c_mu) D 10) generations (every generation unless D is large)
        double gap = 1.0 / ((c1 + cmu) * n * 10);
        if (!force && restartGeneration - eigenGeneration < gap) {
            return;
        }
        eigenGeneration = restartGeneration;
        SymmetricEigen e = SymmetricEigen.of(cov);
        basis = e.vectors;
        for (int i = 0; i < n; i++) {
            scales[i] = Math.sqrt(Math.max(e.values[i], 0));
        }
    }

    /**
     * D^{-1} B^T v, accumulated along contiguous rows of B (each component summed over i in
     * ascending order, as a column dot product would).
     */
    private double[] whitened(double[] v) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double vi = v[i];
            double[] bi = basis[i];
            for (int k = 0; k < n; k++) {
                t[k] += bi[k] * vi;
            }
        }
        for (int k = 0; k < n; k++) {
            t[k] = t[k] / scales[k];
        }
        return t;
    }

    /** C^{-1/2} v from the current (possibly slightly stale) decomposition. */
    private double[] invSqrtC(double[] v) {
        double[] out = new double[n];
        if (config.diagonal()) {
            for (int i = 0; i < n; i++) {
                out[i] = v[i] / scales[i];
            }
            return out;
        }
        double[] t = whitened(v);
        for (int i = 0; i < n; i++) {
            double s = 0;
            double[] bi = basis[i];
            for (int k = 0; k < n; k++) {
                s += bi[k] * t[k];
            }
            out[i] = s;
        }
        return out;
    }

    private int stopCriterion(double currentRange) {
        if (!Double.isFinite(sigma) || sigma <= 0) {
            return 5;
        }
        if (history.size() >= historyLength()) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double h : history) {
                lo = Math.min(lo, h);
                hi = Math.max(hi, h);
            }
            if (hi - lo < config.tolFun() && currentRange < config.tolFun()) {
                return 0;
            }
        }
        boolean tolX = true;
        for (int i = 0; i < n && tolX; i++) {
            double cii = config.diagonal() ? diagCov[i] : cov[i][i];
            tolX = sigma * Math.abs(pc[i]) < config.tolX() && sigma * Math.sqrt(cii) < config.tolX();
        }
        if (tolX) {
            return 1;
        }
        if (!config.diagonal()) {
            int axis = restartGeneration % n;
            boolean noEffect = true;
            for (int i = 0; i < n && noEffect; i++) {
                noEffect = mean[i] + 0.1 * sigma * scales[axis] * basis[i][axis] == mean[i];
            }
            if (noEffect) {
                return 2;
            }
        }
        for (int i = 0; i < n; i++) {
            double cii = config.diagonal() ? diagCov[i] : cov[i][i];
            if (mean[i] + 0.2 * sigma * Math.sqrt(cii) == mean[i]) {
                return 3;
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double s : scales) {
            lo = Math.min(lo, s * s);
            hi = Math.max(hi, s * s);
        }
        if (!(hi <= config.conditionLimit() * lo)) {
            return 4;
        }
        return -1;
    }

    @Override
    protected void writeState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        arrays.put("mean", mean.clone());
        if (config.diagonal()) {
            arrays.put("cov", diagCov.clone());
        } else {
            arrays.put("cov", flatten(cov));
            arrays.put("basis", flatten(basis));
        }
        arrays.put("scales", scales.clone());
        arrays.put("pSigma", pSigma.clone());
        arrays.put("pc", pc.clone());
        double[] h = new double[history.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = history.get(i);
        }
        arrays.put("history", h);
        scalars.put("sigma", sigma);
        scalars.put("lambda", (double) lambda);
        scalars.put("restartGeneration", (double) restartGeneration);
        scalars.put("eigenGeneration", (double) eigenGeneration);
        scalars.put("restartsDone", (double) restartsDone);
        scalars.put("stopReason", (double) stopReason);
        if (eliteGenome != null) {
            arrays.put("elite.genome", eliteGenome.clone());
            scalars.put("elite.fitness", eliteScore);
        }
    }

    @Override
    protected void readState(Map<String, double[]> arrays, Map<String, Double> scalars) {
        int lam = scalar(scalars, "lambda").intValue();
        if (lam < 2) {
            throw new IllegalArgumentException(NAME + ": state has lambda " + lam);
        }
        double[] m = array(arrays, "mean", n);
        double[] c = array(arrays, "cov", config.diagonal() ? n : n * n);
        double[] bas = config.diagonal() ? null : array(arrays, "basis", n * n);
        double[] sc = array(arrays, "scales", n);
        double[] ps = array(arrays, "pSigma", n);
        double[] p = array(arrays, "pc", n);
        double[] h = array(arrays, "history", -1);
        double[] elite = null;
        double eliteFit = Double.NEGATIVE_INFINITY;
        if (config.elitist() && (arrays.containsKey("elite.genome") || scalars.containsKey("elite.fitness"))) {
            elite = array(arrays, "elite.genome", n);
            eliteFit = scalar(scalars, "elite.fitness");
        }
        setLambda(lam);
        mean = m;
        if (config.diagonal()) {
            diagCov = c;
        } else {
            cov = unflatten(c, n, n);
            basis = unflatten(bas, n, n);
        }
        scales = sc;
        pSigma = ps;
        pc = p;
        history = new ArrayList<>();
        for (double v : h) {
            history.add(v);
        }
        sigma = scalar(scalars, "sigma");
        restartGeneration = scalar(scalars, "restartGeneration").intValue();
        eigenGeneration = scalar(scalars, "eigenGeneration").intValue();
        restartsDone = scalar(scalars, "restartsDone").intValue();
        stopReason = scalar(scalars, "stopReason").intValue();
        eliteGenome = elite;
        eliteScore = eliteFit;
    }
}
