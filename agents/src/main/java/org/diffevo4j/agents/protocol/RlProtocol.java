package org.diffevo4j.agents.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.core.AbstractStrategy;
import org.diffevo4j.core.Candidate;
import org.diffevo4j.core.DiffusionEvolution;
import org.diffevo4j.core.FitnessMapping;
import org.diffevo4j.core.Rng;
import org.diffevo4j.core.Strategies;
import org.diffevo4j.core.Strategy;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The paper's RL protocol end to end, without any CLI: a strategy proposes genomes, the
 * {@link PopulationEvaluator} plays one (or E) episodes per genome in the batched environment, and
 * the mean returns are told back, until the strategy's budget is spent.
 *
 * <pre>{@code
 * try (RlProtocol run = new RlProtocol(ProtocolConfig.paper("CartPole-v1", "latent-diffusion", 7))) {
 *     ProtocolResult r = run.run((m, self) -> System.out.println(m));
 *     double[] best = r.bestParameters();
 * }
 * }</pre>
 *
 * <p>Randomness: the run's seed feeds one generator, from which the strategy's seed is drawn first,
 * then an independent generator (split) that draws every episode's reset seed, step by step in
 * individual-major order. Between steps, {@link #state()} captures everything needed to continue
 * bit-identically with {@link #resume(ProtocolConfig, ProtocolState)}.
 *
 * <p>Strategies: every name, built-in or from a provider, is created through {@link Strategies}
 * with the protocol's settings passed under the option names the strategy declares (see
 * {@link #createStrategy}); Diffusion Evolution variants get the RL mapping
 * {@code exp((R - max R) / temperature)} and keep their default cosine schedule and scaling 1.
 */
public final class RlProtocol implements AutoCloseable {

    private final ProtocolConfig config;
    private final EnvSpec env;
    private final PolicySpec policy;
    private final PopulationEvaluator evaluator;
    private final Strategy strategy;
    private Rng episodeRng;
    private int completed;
    private EvaluationResult last;
    private double[][] finalGenomes;
    private final List<StepMetrics> history = new ArrayList<>();
    private double seconds;
    /** The step's genomes, row-major; see {@link #askGenomes()}. */
    private double[] genomes;

    /**
     * A fresh run.
     *
     * @throws IllegalArgumentException for an unknown environment or strategy, or bad options
     */
    public RlProtocol(ProtocolConfig config) {
        this(config, null);
    }

    /**
     * A fresh run whose evaluator comes from {@code evaluators} (given the run's policy shape), e.g. one
     * of another {@link org.diffevo4j.agents.EvaluatorEngine}; null means the in-process evaluator of
     * {@link PopulationEvaluators#create}. The run owns the evaluator and closes it.
     *
     * @throws IllegalArgumentException for an unknown environment or strategy, bad options, or an
     *                                  evaluator of another genome dimension
     */
    public RlProtocol(ProtocolConfig config, Function<PolicySpec, PopulationEvaluator> evaluators) {
        this.config = config;
        this.env = Environments.spec(config.envId());
        this.policy = PolicySpec.forEnv(env, config.hidden()).withActivation(config.activation());
        Rng root = new Rng(config.seed());
        long strategySeed = root.nextLong();
        this.episodeRng = root.split();
        this.strategy = createStrategy(config, policy.parameterCount(), strategySeed);
        this.evaluator = evaluators == null
                ? PopulationEvaluators.create(config.backend(), config.envId(), policy, config.threads(),
                        config.maxEpisodeSteps())
                : evaluators.apply(policy);
        if (evaluator.dimension() != policy.parameterCount()) {
            evaluator.close();
            throw new IllegalArgumentException("evaluator takes genomes of dimension " + evaluator.dimension()
                    + ", the policy has " + policy.parameterCount() + " parameters");
        }
    }

    /**
     * Continues a run from a state saved by {@link #state()} under the same config.
     *
     * @throws IllegalArgumentException if the state does not fit the config's strategy
     */
    public static RlProtocol resume(ProtocolConfig config, ProtocolState state) {
        return resume(config, state, null);
    }

    /** {@link #resume(ProtocolConfig, ProtocolState)} with an evaluator factory as in the two-argument constructor. */
    public static RlProtocol resume(ProtocolConfig config, ProtocolState state,
                                    Function<PolicySpec, PopulationEvaluator> evaluators) {
        RlProtocol p = new RlProtocol(config, evaluators);
        if (!state.strategy().strategy().equals(p.strategy.name())) {
            p.close();
            throw new IllegalArgumentException("checkpoint was written by strategy '" + state.strategy().strategy()
                    + "', the config asks for '" + p.strategy.name() + "'");
        }
        p.strategy.restore(state.strategy());
        p.episodeRng = Rng.fromState(state.episodeRng());
        p.completed = state.completedSteps();
        return p;
    }

    /**
     * Creates the strategy a config names, for genome dimension {@code dimension}, through the
     * {@link Strategies} registry like any other: the protocol's settings are passed under the option
     * names the strategy declares ({@link Strategies#describe(String)}: a built-in's config record, a
     * provider's {@link org.diffevo4j.core.StrategyProvider#defaultOptions(String)}), each only where
     * declared: {@code populationSize}; {@code generations}, else {@code steps}; {@code eta};
     * {@code fitnessMapping} (the RL mapping {@code exp((R - max R) / temperature)}); {@code latentDim}.
     * {@link ProtocolConfig#strategyOptions()} override them. A provider that declares no options
     * gets {@code populationSize} and {@code generations}, as before the declarations existed.
     *
     * @throws IllegalArgumentException for an unknown strategy, an option it does not take, or a bad value
     */
    public static Strategy createStrategy(ProtocolConfig c, int dimension, long seed) {
        String name = c.strategy();
        Set<String> declared = Strategies.describe(name).defaultOptions().keySet();
        if (declared.isEmpty()) {
            declared = Set.of("populationSize", "generations");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        if (declared.contains("populationSize")) {
            options.put("populationSize", c.populationSize());
        }
        if (declared.contains("generations")) {
            options.put("generations", c.steps());
        } else if (declared.contains("steps")) {
            options.put("steps", c.steps());
        }
        if (declared.contains("eta")) {
            options.put("eta", c.eta());
        }
        if (declared.contains("fitnessMapping")) {
            options.put("fitnessMapping", FitnessMapping.rl(c.temperature(), 0.0).spec());
        }
        if (declared.contains("latentDim")) {
            options.put("latentDim", c.latentDim());
        }
        options.putAll(c.strategyOptions());
        return Strategies.create(name, dimension, seed, options);
    }

    /** Runs one step: ask, evaluate, tell. */
    public StepMetrics step() {
        if (strategy.isDone()) {
            throw new IllegalStateException("the run is finished after " + completed + " steps");
        }
        double alpha = strategy instanceof DiffusionEvolution de ? de.alpha() : Double.NaN;
        long t0 = System.nanoTime();
        double[] population = askGenomes();
        int p = population.length / policy.parameterCount();
        long[] seeds = new long[Math.multiplyExact(p, config.episodes())];
        for (int k = 0; k < seeds.length; k++) {
            seeds[k] = episodeRng.nextLong();
        }
        long t1 = System.nanoTime();
        EvaluationResult r = evaluator.evaluate(population, config.episodes(), seeds);
        long t2 = System.nanoTime();
        strategy.tell(r.meanReturns());
        long t3 = System.nanoTime();
        Candidate best = strategy.best();
        StepMetrics m = new StepMetrics(completed, alpha, r.mean(), r.std(), r.min(), r.max(), r.successRate(),
                best.fitness(), r.agentSteps(), (t2 - t1) / 1e9, ((t1 - t0) + (t3 - t2)) / 1e9);
        completed++;
        last = r;
        if (strategy.isDone()) {
            finalGenomes = rows(population, p);   // copied once, for a selection after training
        }
        history.add(m);
        seconds += (t3 - t0) / 1e9;
        return m;
    }

    /**
     * The genomes the strategy asks for, row-major, in {@link #genomes} (reused from step to step:
     * for the large RL policy it is 36 MB, and the matrix {@link Strategy#ask()} builds would be one
     * more off-heap copy that the evaluator copies back). A strategy built on {@link AbstractStrategy}
     * lends its pending rows without a copy; any other is asked for its matrix.
     */
    private double[] askGenomes() {
        if (strategy instanceof AbstractStrategy a) {
            double[][] rows = a.pendingRows();
            int d = policy.parameterCount();
            int length = Math.multiplyExact(rows.length, d);
            if (genomes == null || genomes.length != length) {
                genomes = new double[length];
            }
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rows[i], 0, genomes, i * d, d);
            }
            return genomes;
        }
        INDArray m = strategy.ask();
        if (m.rank() != 2 || m.columns() != policy.parameterCount()) {
            throw new IllegalArgumentException("population must be a P x " + policy.parameterCount() + " matrix, got "
                    + java.util.Arrays.toString(m.shape()));
        }
        return (m.ordering() == 'c' && !m.isView() && m.data().length() == m.length()
                ? m : m.dup('c')).data().asDouble();
    }

    private static double[][] rows(double[] flat, int p) {
        int d = flat.length / p;
        double[][] out = new double[p][];
        for (int i = 0; i < p; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }

    /** Runs steps until the strategy is done, calling the listener (may be null) after each. */
    public ProtocolResult run(StepListener listener) {
        while (!strategy.isDone()) {
            StepMetrics m = step();
            if (listener != null) {
                listener.onStep(m, this);
            }
        }
        return result();
    }

    /** The result so far (the last evaluation and the best genome); needs at least one step run by this object. */
    public ProtocolResult result() {
        if (last == null) {
            throw new IllegalStateException("no step has been run yet");
        }
        Candidate best = strategy.best();
        return new ProtocolResult(last, best.genome(), best.fitness(), history, seconds);
    }

    /**
     * The genomes of the final step, one per row, in the order of {@link #lastEvaluation()}; null
     * until this object has run the step that spent the strategy's budget.
     */
    public double[][] finalGenomes() {
        if (finalGenomes == null) {
            return null;
        }
        double[][] out = new double[finalGenomes.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = finalGenomes[i].clone();
        }
        return out;
    }

    /** The evaluation of the last step run by this object; null before the first step. */
    public EvaluationResult lastEvaluation() {
        return last;
    }

    /**
     * Plays each genome for {@code episodes} fresh episodes, capped like the training episodes. The
     * reset seeds are drawn from the run's episode generator (after those of the training steps), so
     * the result is part of what the seed determines: a run resumed from a {@link #state()} taken
     * before this call draws the same seeds. Does not touch the strategy.
     *
     * @param genomes  one genome per row, each of the policy's parameter count
     * @param episodes episodes per genome, >= 1
     * @throws IllegalArgumentException for no genomes, a genome of another length or {@code episodes < 1}
     */
    public EvaluationResult evaluateFresh(double[][] genomes, int episodes) {
        if (genomes == null || genomes.length == 0) {
            throw new IllegalArgumentException("no genomes to evaluate");
        }
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        int d = policy.parameterCount();
        double[] flat = new double[Math.multiplyExact(genomes.length, d)];
        for (int i = 0; i < genomes.length; i++) {
            if (genomes[i].length != d) {
                throw new IllegalArgumentException("genome " + i + " has " + genomes[i].length + " parameters, the policy "
                        + d);
            }
            System.arraycopy(genomes[i], 0, flat, i * d, d);
        }
        long[] seeds = new long[Math.multiplyExact(genomes.length, episodes)];
        for (int k = 0; k < seeds.length; k++) {
            seeds[k] = episodeRng.nextLong();
        }
        return evaluator.evaluate(flat, episodes, seeds);
    }

    /** The state to save between steps. */
    public ProtocolState state() {
        return new ProtocolState(completed, strategy.state(), episodeRng.state());
    }

    /** True once the strategy's budget is spent. */
    public boolean isDone() {
        return strategy.isDone();
    }

    /** Steps completed (including those before a resume). */
    public int completedSteps() {
        return completed;
    }

    public ProtocolConfig config() {
        return config;
    }

    public EnvSpec env() {
        return env;
    }

    public PolicySpec policy() {
        return policy;
    }

    public Strategy strategy() {
        return strategy;
    }

    public PopulationEvaluator evaluator() {
        return evaluator;
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
