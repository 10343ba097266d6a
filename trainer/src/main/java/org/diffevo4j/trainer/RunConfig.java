package org.diffevo4j.trainer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.diffevo4j.core.Strategies;

/**
 * Every setting of a training run, as written to and read from {@code config.json}.
 * Defaults reproduce the paper's RL protocol (docs/algorithm.md section 6): population 256, 10 steps of
 * the cosine schedule, eta 1, a 2-D latent space, one hidden layer of 8 ReLU units, one episode per
 * individual capped at 500 steps, temperature 1.
 *
 * <p>Names: the DDIM noise scale is {@code eta} (as in the library and the paper; {@code noise} is
 * accepted as an alias when reading); the population size is {@code population} (the library's
 * {@code populationSize}).
 *
 * <p>Two kinds of fields: hyperparameters, which define the result, and execution settings
 * ({@link #backend} and {@link #threads}), which only say how it is computed and may change when a
 * run is resumed (see {@link #withExecution}).
 *
 * <pre>{@code
 * {"env": "CartPole-v1", "population": 512, "hidden": [16, 16], "seed": 3}
 * }</pre>
 *
 * @param env              environment id (required)
 * @param strategy         a name of the strategy registry ({@link Strategies#names()}: built-ins and plugins)
 * @param population       population size N
 * @param steps            denoising steps T (generations for the baselines)
 * @param latentDim        latent dimension d, for strategies that declare a {@code latentDim} option;
 *                         null where the strategy has none (config.json records what was used)
 * @param hidden           hidden layer sizes
 * @param activation       hidden activation, {@code relu} or {@code tanh}
 * @param episodes         episodes per individual per step; fitness is the mean return
 * @param temperature      temperature of the RL fitness mapping; null where the strategy takes no fitness mapping
 * @param eta              DDIM noise scale eta (config alias {@code noise}); null where the strategy has none
 * @param seed             the run's seed
 * @param backend          rollout backend, {@code auto}, {@code jvm}, {@code nd4j} or {@code cuda} as asked
 *                         (execution setting; config.json's {@code runtime.rollout_backend} says what ran)
 * @param threads          rollout threads, 0 = one per core (execution setting)
 * @param maxEpisodeSteps  cap on episode length (the env's own limit applies if smaller)
 * @param engine           where populations are evaluated: {@code local} (this JVM) or {@code spark}
 * @param master           Spark master URL for the {@code spark} engine (null = {@code local[*]})
 * @param partitions       Spark tasks per evaluation (0 = one per core of the cluster)
 * @param selectTop        after training, how many of the final population (best training returns)
 *                         are re-evaluated, besides the best individual ever seen
 * @param selectEpisodes   fresh episodes per re-evaluated candidate; 0 skips the re-evaluation and
 *                         saves the individual with the best training return
 * @param checkpointEvery  write the checkpoint after every K-th step (and always after the last);
 *                         an execution setting
 * @param strategyOptions  options of the strategy beyond those the protocol sets, by the strategy's own
 *                         option names (see {@code diffevo4j strategies}), e.g. {@code {"diagonal": "true"}}
 * @param plugins          the plugin jars the run was started with (absolute paths); {@code --resume} loads them
 */
@JsonPropertyOrder({"env", "strategy", "population", "steps", "latent_dim", "hidden", "activation", "episodes",
        "temperature", "eta", "seed", "backend", "threads", "max_episode_steps", "engine", "master", "partitions",
        "select_top", "select_episodes", "checkpoint_every", "strategy_options", "plugins"})
public record RunConfig(
        @JsonProperty("env") String env,
        @JsonProperty("strategy") String strategy,
        @JsonProperty("population") int population,
        @JsonProperty("steps") int steps,
        @JsonProperty("latent_dim") Integer latentDim,
        @JsonProperty("hidden") List<Integer> hidden,
        @JsonProperty("activation") String activation,
        @JsonProperty("episodes") int episodes,
        @JsonProperty("temperature") Double temperature,
        @JsonProperty("eta") Double eta,
        @JsonProperty("seed") long seed,
        @JsonProperty("backend") String backend,
        @JsonProperty("threads") int threads,
        @JsonProperty("max_episode_steps") int maxEpisodeSteps,
        @JsonProperty("engine") String engine,
        @JsonProperty("master") String master,
        @JsonProperty("partitions") int partitions,
        @JsonProperty("select_top") int selectTop,
        @JsonProperty("select_episodes") int selectEpisodes,
        @JsonProperty("checkpoint_every") int checkpointEvery,
        @JsonProperty("strategy_options") Map<String, String> strategyOptions,
        @JsonProperty("plugins") List<String> plugins) {

    public static final List<String> ACTIVATIONS = List.of("relu", "tanh");
    public static final List<String> BACKENDS = List.of("auto", "jvm", "nd4j", "cuda");
    /** local: this JVM; spark: the distributed module; cuda: the gpu module (both found at run time, see the README). */
    public static final List<String> ENGINES = List.of("local", "spark", "cuda");

    /** The paper's protocol for an environment, plus the default selection of the saved policy. */
    public static RunConfig defaults(String env) {
        return new RunConfig(env, "latent-diffusion", 256, 10, 2, List.of(8), "relu", 1, 1.0, 1.0, 0L, "auto", 0, 500,
                "local", null, 0, 16, 32, 1, Map.of(), List.of());
    }

    /** Jackson entry point: absent fields take the protocol defaults; {@code noise} is an alias of {@code eta}. */
    @JsonCreator
    static RunConfig fromJson(
            @JsonProperty("env") String env,
            @JsonProperty("strategy") String strategy,
            @JsonProperty("population") Integer population,
            @JsonProperty("steps") Integer steps,
            @JsonProperty("latent_dim") Integer latentDim,
            @JsonProperty("hidden") List<Integer> hidden,
            @JsonProperty("activation") String activation,
            @JsonProperty("episodes") Integer episodes,
            @JsonProperty("temperature") Double temperature,
            @JsonProperty("eta") Double eta,
            @JsonProperty("noise") Double noise,
            @JsonProperty("seed") Long seed,
            @JsonProperty("backend") String backend,
            @JsonProperty("threads") Integer threads,
            @JsonProperty("max_episode_steps") Integer maxEpisodeSteps,
            @JsonProperty("engine") String engine,
            @JsonProperty("master") String master,
            @JsonProperty("partitions") Integer partitions,
            @JsonProperty("select_top") Integer selectTop,
            @JsonProperty("select_episodes") Integer selectEpisodes,
            @JsonProperty("checkpoint_every") Integer checkpointEvery,
            @JsonProperty("strategy_options") Map<String, Object> strategyOptions,
            @JsonProperty("plugins") List<String> plugins) {
        RunConfig d = defaults(env);
        return new RunConfig(env,
                strategy != null ? strategy : d.strategy,
                population != null ? population : d.population,
                steps != null ? steps : d.steps,
                latentDim != null ? latentDim : d.latentDim,
                hidden != null ? hidden : d.hidden,
                activation != null ? activation : d.activation,
                episodes != null ? episodes : d.episodes,
                temperature != null ? temperature : d.temperature,
                eta("config field", eta, noise, d.eta),
                seed != null ? seed : d.seed,
                backend != null ? backend : d.backend,
                threads != null ? threads : d.threads,
                maxEpisodeSteps != null ? maxEpisodeSteps : d.maxEpisodeSteps,
                engine != null ? engine : d.engine,
                master,
                partitions != null ? partitions : d.partitions,
                selectTop != null ? selectTop : d.selectTop,
                selectEpisodes != null ? selectEpisodes : d.selectEpisodes,
                checkpointEvery != null ? checkpointEvery : d.checkpointEvery,
                strategyOptions != null ? stringValues(strategyOptions) : d.strategyOptions,
                plugins != null ? plugins : d.plugins);
    }

    /** Option values as the strings the strategy registry parses ({@code true}, {@code 0.5}, {@code 1,2,3}). */
    static Map<String, String> stringValues(Map<String, ?> options) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : options.entrySet()) {
            Object v = e.getValue();
            if (v == null || v instanceof Map) {
                throw new UserError("config field 'strategy_options': option '" + e.getKey()
                        + "' needs a number, a boolean, a string or a list of numbers");
            }
            out.put(e.getKey(), v instanceof List<?> l
                    ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v));
        }
        return out;
    }

    /**
     * The noise scale from its name and its alias; giving both with different values is an error.
     *
     * @param what     how the two are called in the message ("config field" or "option")
     * @param fallback used when neither is given (null when there is none)
     */
    static Double eta(String what, Double eta, Double noise, Double fallback) {
        if (eta != null && noise != null && Double.compare(eta, noise) != 0) {
            throw new UserError(what + " 'eta' is " + eta + " but its alias 'noise' is " + noise
                    + "; give only one (eta is the documented name)");
        }
        return eta != null ? eta : noise != null ? noise : fallback;
    }

    public RunConfig {
        hidden = hidden == null ? null : List.copyOf(hidden);
        strategyOptions = strategyOptions == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(strategyOptions));
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        strategy = strategy == null ? null : strategy.toLowerCase(Locale.ROOT);
        activation = activation == null ? null : activation.toLowerCase(Locale.ROOT);
        backend = backend == null ? null : backend.toLowerCase(Locale.ROOT);
        engine = engine == null ? null : engine.toLowerCase(Locale.ROOT);
    }

    /**
     * Checks every field and names the first bad one with its allowed values.
     *
     * @return this, for chaining
     * @throws UserError naming the field
     */
    public RunConfig validate() {
        if (env == null || env.isBlank()) {
            throw new UserError("config field 'env' is required (see `diffevo4j envs` for the ids)");
        }
        oneOf("strategy", strategy, Strategies.names());   // built-ins and StrategyProvider plugins
        oneOf("activation", activation, ACTIVATIONS);
        oneOf("backend", backend, BACKENDS);
        atLeast("population", population, 2);
        atLeast("steps", steps, 2);
        if (latentDim != null) {
            atLeast("latent_dim", latentDim, 1);
        }
        atLeast("episodes", episodes, 1);
        atLeast("threads", threads, 0);
        atLeast("max_episode_steps", maxEpisodeSteps, 1);
        oneOf("engine", engine, ENGINES);
        atLeast("partitions", partitions, 0);
        atLeast("select_top", selectTop, 0);
        atLeast("select_episodes", selectEpisodes, 0);
        atLeast("checkpoint_every", checkpointEvery, 1);
        if (!engine.equals("spark") && (master != null || partitions != 0)) {
            throw new UserError("config fields 'master' and 'partitions' need \"engine\": \"spark\"");
        }
        if (master != null && master.isBlank()) {
            throw new UserError("config field 'master' is empty; e.g. local[*] or spark://host:7077");
        }
        if (hidden == null || hidden.isEmpty()) {
            throw new UserError("config field 'hidden' must list at least one hidden layer size, e.g. [8]");
        }
        for (Integer h : hidden) {
            if (h == null || h < 1) {
                throw new UserError("config field 'hidden' has size " + h + "; layer sizes must be >= 1");
            }
        }
        if (temperature != null && (!(temperature > 0) || Double.isInfinite(temperature))) {
            throw new UserError("config field 'temperature' must be a positive number, got " + temperature);
        }
        if (eta != null && !(eta >= 0 && eta <= 1)) {
            // above 1 the DDIM step's sqrt(1 - a_prev - sigma^2) can be undefined
            throw new UserError("config field 'eta' must be in [0, 1], got " + eta);
        }
        return this;
    }

    /**
     * A copy with other execution settings: they say how the run is computed, not what it computes,
     * so a resumed run may change them (see the README on when they change results bit for bit).
     */
    public RunConfig withExecution(String backend, int threads) {
        return new RunConfig(env, strategy, population, steps, latentDim, hidden, activation, episodes, temperature,
                eta, seed, backend, threads, maxEpisodeSteps, engine, master, partitions, selectTop, selectEpisodes,
                checkpointEvery, strategyOptions, plugins);
    }

    /** A copy with another checkpoint interval (an execution setting). */
    public RunConfig withCheckpointEvery(int k) {
        return new RunConfig(env, strategy, population, steps, latentDim, hidden, activation, episodes, temperature,
                eta, seed, backend, threads, maxEpisodeSteps, engine, master, partitions, selectTop, selectEpisodes,
                k, strategyOptions, plugins);
    }

    /** A copy with another Spark master and partition count (execution settings: the results do not depend on them). */
    public RunConfig withCluster(String master, int partitions) {
        return new RunConfig(env, strategy, population, steps, latentDim, hidden, activation, episodes, temperature,
                eta, seed, backend, threads, maxEpisodeSteps, engine, master, partitions, selectTop, selectEpisodes,
                checkpointEvery, strategyOptions, plugins);
    }

    /** A copy with the plugin jars recorded. */
    public RunConfig withPlugins(List<String> jars) {
        return new RunConfig(env, strategy, population, steps, latentDim, hidden, activation, episodes, temperature,
                eta, seed, backend, threads, maxEpisodeSteps, engine, master, partitions, selectTop, selectEpisodes,
                checkpointEvery, strategyOptions, jars);
    }

    /** A copy where the settings that do not apply are null and the episode cap is the effective one. */
    RunConfig applicable(Integer latentDim, Double temperature, Double eta, int maxEpisodeSteps) {
        return new RunConfig(env, strategy, population, steps, latentDim, hidden, activation, episodes, temperature,
                eta, seed, backend, threads, maxEpisodeSteps, engine, master, partitions, selectTop, selectEpisodes,
                checkpointEvery, strategyOptions, plugins);
    }

    /** Whether two configs define the same run, whatever their execution settings. */
    public boolean sameRunAs(RunConfig other) {
        return other != null && execution().equals(other.execution());
    }

    private RunConfig execution() {
        return withExecution("auto", 0).withCheckpointEvery(1).withCluster(null, 0).withPlugins(List.of());
    }

    private static void oneOf(String field, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new UserError("config field '" + field + "' is " + (value == null ? "missing" : "'" + value + "'")
                    + "; allowed values: " + String.join(", ", allowed));
        }
    }

    private static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw new UserError("config field '" + field + "' must be >= " + min + ", got " + value);
        }
    }
}
