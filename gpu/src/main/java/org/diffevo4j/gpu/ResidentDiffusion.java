package org.diffevo4j.gpu;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.EvaluatorChecks;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.core.DiffusionConfig;
import org.diffevo4j.core.DiffusionUpdate;
import org.diffevo4j.core.FitnessMapping;
import org.diffevo4j.environments.EnvSpec;

/**
 * A Diffusion Evolution training run whose population stays on the GPU: the population, its next
 * state, x0, the kernel features, the fitness weights, the reset seeds and the rollout outputs are
 * allocated on the device once; per generation only the N x E returns come to the host (for the fitness
 * mapping) and N fitness weights go back. On the device: the reset seeds ({@code EpisodeSeeds.derive}'s
 * SplitMix64), the rollout (rollout.cu's kernels reading the population buffer), the kernel features
 * (x itself, or {@code x P^T} for a fixed random projection P), the common numerator
 * {@code 1e-9 sum_j fe_j x_j}, the x0 estimate and the DDIM step, whose Gaussian noise comes from a
 * counter-based generator (Philox4x32-10, {@link PhiloxNormal}) keyed by (seed, generation, element),
 * so no N x D array crosses the bus. The initial population is drawn on the device the same way.
 *
 * <p>The run follows {@code DiffusionEvolution}'s protocol: T generations ({@code config.steps()}), each
 * evaluates the population at {@code scaling * x}; the first T - 1 map the mean returns through the
 * configured {@link FitnessMapping} and make one update with {@code (alpha[t], alpha[t-1])},
 * {@code t = T - 1 - generation}. It is not a {@code Strategy} (no ask/tell, no state saving) and its
 * random streams are not {@code DiffusionEvolution}'s: the same seed gives another run than the JVM
 * strategy, but the same run on every machine up to the last bits of {@code exp}, {@code log} and
 * {@code cos}. Fitness mappings that read the genomes (weight decay, {@code identity(lambda)}) are
 * refused: they would need the population on the host.
 *
 * <p>Limits: kernel features of dimension d at most {@link #MAX_FEATURES} (plain Diffusion Evolution, the
 * population as features, therefore needs D &lt;= 16; above that give a latent dimension); D itself is
 * not limited (the update runs over column chunks of 64). Memory on the device: about
 * {@code 8 (3 N D + N d + N) + 36 N E} bytes (one more N D doubles with a scaling other than 1).
 *
 * <p>{@link #onHost} runs the same loop on the host build of rollout.cu (for checking without a GPU).
 * Built and checked on the CPU; not yet run on a GPU.
 */
public final class ResidentDiffusion implements AutoCloseable {

    /** Largest kernel feature dimension d. */
    public static final int MAX_FEATURES = 16;

    private final ResidentKernels k;
    private final int n;
    private final int dim;
    private final int latentDim;
    private final int featureDim;
    private final int episodes;
    private final int copies;
    private final double[] alphas;
    private final double eta;
    private final double scaling;
    private final FitnessMapping mapping;
    private final long seed;
    private final long[] episodeBases;
    private final RolloutConfig.Layout layout;
    private final int sharedBytes;
    private final double[] returns;
    private long x;
    private long next;
    private final long x0;
    /** scaling * x for the rollout; 0 with a scaling of 1 (the rollout then reads x). */
    private final long genomes;
    private final long projection;
    private final long features;
    private final long fe;
    private final long common;
    private final long seeds;
    private final long icfg;
    private final long dcfg;
    private final long ret;
    private final long len;
    private final long term;
    private final long badStep;
    private final long badValue;
    private int generation;
    private boolean closed;

    private ResidentDiffusion(EnvSpec env, PolicySpec policy, DiffusionConfig config, int latentDim, int episodes,
                              int maxEpisodeSteps, long seed, Supplier<ResidentKernels> kernels) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(config, "config");
        EvaluatorChecks.checkCompatible(env, policy);
        RolloutConfig.checkSupported(env, policy);
        this.dim = policy.parameterCount();
        if (latentDim < 0 || latentDim > MAX_FEATURES) {
            throw new IllegalArgumentException("latent dimension must be 0 (plain Diffusion Evolution) to "
                    + MAX_FEATURES + ", got " + latentDim);
        }
        if (latentDim == 0 && dim > MAX_FEATURES) {
            throw new IllegalArgumentException("the resident update compares individuals by at most " + MAX_FEATURES
                    + " features: plain Diffusion Evolution (the population as features) needs D <= " + MAX_FEATURES
                    + ", policy " + policy + " has D = " + dim + "; give a latent dimension (1 to " + MAX_FEATURES
                    + ")");
        }
        if (episodes < 1 || maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("episodes and maxEpisodeSteps must be >= 1, got " + episodes + ", "
                    + maxEpisodeSteps);
        }
        this.mapping = config.mapping();
        if (mapping.needsGenomes()) {
            throw new IllegalArgumentException("fitness mapping " + mapping.spec() + " reads the genomes, which stay "
                    + "on the GPU in the resident loop; use one without a norm penalty (e.g. rl, energy, power)");
        }
        this.n = config.populationSize();
        this.latentDim = latentDim;
        this.featureDim = latentDim == 0 ? dim : latentDim;
        this.episodes = episodes;
        this.copies = Math.multiplyExact(n, episodes);
        this.alphas = config.alphaSchedule().alphas(config.steps());
        this.eta = config.eta();
        this.scaling = config.scaling();
        this.seed = seed;
        this.episodeBases = EpisodeSeeds.derive(seed, config.steps());
        this.layout = RolloutConfig.choose(policy);
        this.sharedBytes = layout == RolloutConfig.Layout.THREAD ? 0 : 8 * RolloutConfig.sharedDoubles(policy,
                layout == RolloutConfig.Layout.COOPERATIVE_SHARED);
        this.returns = new double[copies];
        int maxSteps = Math.min(maxEpisodeSteps, env.maxEpisodeSteps());
        long nd = (long) n * dim;
        this.k = kernels.get();
        try {
            x = k.alloc(8 * nd);
            next = k.alloc(8 * nd);
            x0 = k.alloc(8 * nd);
            genomes = scaling == 1.0 ? 0 : k.alloc(8 * nd);
            projection = latentDim == 0 ? 0 : k.alloc(8L * latentDim * dim);
            features = latentDim == 0 ? 0 : k.alloc(8L * n * latentDim);
            fe = k.alloc(8L * n);
            common = k.alloc(8L * dim);
            seeds = k.alloc(8L * copies);
            int[] ic = RolloutConfig.ints(env, policy, episodes, maxSteps);
            double[] dc = RolloutConfig.doubles(policy);
            icfg = k.alloc(4L * ic.length);
            dcfg = k.alloc(8L * dc.length);
            ret = k.alloc(8L * copies);
            len = k.alloc(4L * copies);
            term = k.alloc(4L * copies);
            badStep = k.alloc(4L * copies);
            badValue = k.alloc(8L * copies);
            k.upload(icfg, ic);
            k.upload(dcfg, dc);
            if (latentDim != 0) {
                k.upload(projection, PhiloxNormal.projection(seed, latentDim, dim));
            }
            k.normalFill(x, nd, seed, 0, PhiloxNormal.TAG_INITIAL);
        } catch (RuntimeException e) {
            k.close();
            throw e;
        }
    }

    /**
     * A run on GPU {@code device}.
     *
     * @param latentDim        0 for plain Diffusion Evolution (D &lt;= 16), else the dimension d of the
     *                         random projection the kernel compares individuals by
     * @param episodes         episodes per individual per generation (its score is their mean return)
     * @param maxEpisodeSteps  episode cap (at most the environment's own)
     * @throws CudaException without a driver or GPU
     * @throws IllegalArgumentException for an environment, policy, latent dimension or mapping it does not take
     */
    public static ResidentDiffusion onDevice(EnvSpec env, PolicySpec policy, DiffusionConfig config, int latentDim,
                                             int episodes, int maxEpisodeSteps, long seed, int device) {
        return new ResidentDiffusion(env, policy, config, latentDim, episodes, maxEpisodeSteps, seed,
                () -> new DeviceResidentKernels(device));
    }

    /** The same run on the host build of rollout.cu at {@code library} (checking without a GPU; slow). */
    public static ResidentDiffusion onHost(EnvSpec env, PolicySpec policy, DiffusionConfig config, int latentDim,
                                           int episodes, int maxEpisodeSteps, long seed, Path library) {
        return new ResidentDiffusion(env, policy, config, latentDim, episodes, maxEpisodeSteps, seed,
                () -> new HostResidentKernels(library));
    }

    /**
     * One generation: evaluates the population (every individual's {@code episodes} episodes), and unless
     * it is the last of the T, maps the scores to fitness and makes one update on the device.
     *
     * @return each individual's mean return in this generation (length N)
     * @throws IllegalStateException after T generations, or when a return is not finite
     */
    public double[] step() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (generation >= alphas.length) {
            throw new IllegalStateException("the run's " + alphas.length + " generations are done");
        }
        long nd = (long) n * dim;
        long pop = x;
        if (genomes != 0) {
            k.scale(x, genomes, nd, scaling);
            pop = genomes;
        }
        k.episodeSeeds(seeds, copies, episodeBases[generation]);
        k.rollout(pop, seeds, icfg, dcfg, ret, len, term, badStep, badValue, copies, layout, sharedBytes);
        k.download(ret, returns, copies);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int e = 0; e < episodes; e++) {
                double r = returns[i * episodes + e];
                if (!Double.isFinite(r)) {
                    throw new IllegalStateException("episode " + e + " of individual " + i + " returned " + r
                            + " in generation " + generation);
                }
                s += r;
            }
            scores[i] = s / episodes;
        }
        int t = alphas.length - 1 - generation;
        if (t >= 1) {
            update(mapping.apply(scores), alphas[t], alphas[t - 1]);
        }
        generation++;
        return scores;
    }

    private void update(double[] fitness, double a, double aPrev) {
        double sigma = DiffusionUpdate.sigma(a, aPrev, eta);
        double eps = DiffusionUpdate.EPSILON;
        double p = DiffusionUpdate.uniformDensity(n);
        double[] w = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            w[j] = (fitness[j] + eps) / p;
            sum += w[j];
        }
        k.upload(fe, w);
        long f = x;
        if (latentDim != 0) {
            k.project(x, projection, n, dim, latentDim, features);
            f = features;
        }
        k.weightedSum(x, fe, n, dim, common);
        double[] s = {Math.sqrt(a), -1.0 / (2 * (1 - a)), Math.sqrt(1 - a), Math.sqrt(aPrev),
            Math.sqrt(Math.max(0.0, 1 - aPrev - sigma * sigma)), sigma, eps * sum + eps};
        k.update(x, f, fe, common, n, dim, featureDim, s, seed, generation, x0, next);
        long tmp = x;
        x = next;
        next = tmp;
    }

    /** Generations made so far (0 to T). */
    public int generation() {
        return generation;
    }

    /** T, the number of generations. */
    public int steps() {
        return alphas.length;
    }

    /** Whether all T generations are done. */
    public boolean done() {
        return generation >= alphas.length;
    }

    /** The population x (N x D, row-major), copied from the device; not part of the loop. */
    public double[] population() {
        double[] out = new double[n * dim];
        k.download(x, out, out.length);
        return out;
    }

    /** The last x0 estimate (N x D, row-major), copied from the device; undefined before the first update. */
    public double[] x0() {
        double[] out = new double[n * dim];
        k.download(x0, out, out.length);
        return out;
    }

    /** Where it runs (the GPU's name, or the host build). */
    public String device() {
        return k.describe();
    }

    /** Frees the device buffers. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            for (long b : new long[] {x, next, x0, genomes, projection, features, fe, common,
                seeds, icfg, dcfg, ret, len, term, badStep, badValue}) {
                if (b != 0) {
                    k.free(b);
                }
            }
            k.close();
        }
    }
}
