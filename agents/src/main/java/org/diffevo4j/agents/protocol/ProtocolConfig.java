package org.diffevo4j.agents.protocol;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.Backend;

/**
 * Everything that defines one run of the RL protocol (docs/algorithm.md section 6). Immutable; the
 * {@code with...} methods return modified copies. {@link #paper(String, String, long)} gives the
 * paper's settings.
 *
 * @param envId           registered environment id
 * @param strategy        {@code latent-diffusion}, {@code diffusion}, or any name of core's {@code Strategies} registry
 * @param populationSize  N
 * @param steps           T: schedule length for Diffusion Evolution (T evaluations), generations for the others
 * @param latentDim       latent dimension d of {@code latent-diffusion}
 * @param hidden          hidden layer sizes of the MLP
 * @param activation      hidden activation
 * @param episodes        episodes per individual per evaluation (the score is their mean return)
 * @param temperature     temperature of the RL fitness mapping (Diffusion Evolution only)
 * @param eta             DDIM noise scale (Diffusion Evolution only)
 * @param seed            the run's seed
 * @param backend         evaluator backend
 * @param threads         JVM evaluator threads
 * @param maxEpisodeSteps episode cap (the protocol's 500; an environment's own lower limit still applies)
 * @param strategyOptions extra options passed to the strategy (registry option names), override the above
 */
public record ProtocolConfig(String envId, String strategy, int populationSize, int steps, int latentDim,
                             int[] hidden, Activation activation, int episodes, double temperature, double eta,
                             long seed, Backend backend, int threads, int maxEpisodeSteps,
                             Map<String, String> strategyOptions) {

    /** Validates every field. */
    public ProtocolConfig {
        if (envId == null || envId.isBlank()) {
            throw new IllegalArgumentException("protocol: envId must be set");
        }
        if (strategy == null || strategy.isBlank()) {
            throw new IllegalArgumentException("protocol: strategy must be set");
        }
        if (populationSize < 2) {
            throw new IllegalArgumentException("protocol: populationSize must be >= 2, got " + populationSize);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("protocol: steps must be >= 2, got " + steps);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("protocol: latentDim must be >= 1, got " + latentDim);
        }
        Objects.requireNonNull(hidden, "hidden");
        hidden = hidden.clone();
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("protocol: hidden sizes must be >= 1, got " + Arrays.toString(hidden));
            }
        }
        if (activation == null) {
            throw new IllegalArgumentException("protocol: activation must be set");
        }
        if (episodes < 1) {
            throw new IllegalArgumentException("protocol: episodes must be >= 1, got " + episodes);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("protocol: temperature must be positive and finite, got " + temperature);
        }
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("protocol: eta must be in [0, 1], got " + eta);
        }
        if (backend == null) {
            throw new IllegalArgumentException("protocol: backend must be set");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("protocol: threads must be >= 1, got " + threads);
        }
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("protocol: maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
        }
        strategyOptions = strategyOptions == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(strategyOptions));
    }

    /**
     * The paper's protocol: population 256, 10 steps, latent dimension 2, one hidden layer of 8 ReLU
     * units, 1 episode, temperature 1, eta 1, backend AUTO, all processors, episodes capped at 500.
     */
    public static ProtocolConfig paper(String envId, String strategy, long seed) {
        return new ProtocolConfig(envId, strategy, 256, 10, 2, new int[] {8}, Activation.RELU, 1, 1.0, 1.0, seed,
                Backend.AUTO, Runtime.getRuntime().availableProcessors(), 500, Map.of());
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public ProtocolConfig withEnv(String id) {
        return new ProtocolConfig(id, strategy, populationSize, steps, latentDim, hidden, activation, episodes,
                temperature, eta, seed, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withStrategy(String s) {
        return new ProtocolConfig(envId, s, populationSize, steps, latentDim, hidden, activation, episodes,
                temperature, eta, seed, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withPopulationSize(int n) {
        return new ProtocolConfig(envId, strategy, n, steps, latentDim, hidden, activation, episodes,
                temperature, eta, seed, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withSteps(int t) {
        return new ProtocolConfig(envId, strategy, populationSize, t, latentDim, hidden, activation, episodes,
                temperature, eta, seed, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withHidden(int... h) {
        return new ProtocolConfig(envId, strategy, populationSize, steps, latentDim, h, activation, episodes,
                temperature, eta, seed, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withEpisodes(int e) {
        return new ProtocolConfig(envId, strategy, populationSize, steps, latentDim, hidden, activation, e,
                temperature, eta, seed, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withSeed(long s) {
        return new ProtocolConfig(envId, strategy, populationSize, steps, latentDim, hidden, activation, episodes,
                temperature, eta, s, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withBackend(Backend b) {
        return new ProtocolConfig(envId, strategy, populationSize, steps, latentDim, hidden, activation, episodes,
                temperature, eta, seed, b, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withThreads(int n) {
        return new ProtocolConfig(envId, strategy, populationSize, steps, latentDim, hidden, activation, episodes,
                temperature, eta, seed, backend, n, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withMaxEpisodeSteps(int n) {
        return new ProtocolConfig(envId, strategy, populationSize, steps, latentDim, hidden, activation, episodes,
                temperature, eta, seed, backend, threads, n, strategyOptions);
    }

    public ProtocolConfig withTemperature(double t) {
        return new ProtocolConfig(envId, strategy, populationSize, steps, latentDim, hidden, activation, episodes,
                t, eta, seed, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withEta(double e) {
        return new ProtocolConfig(envId, strategy, populationSize, steps, latentDim, hidden, activation, episodes,
                temperature, e, seed, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withLatentDim(int d) {
        return new ProtocolConfig(envId, strategy, populationSize, steps, d, hidden, activation, episodes,
                temperature, eta, seed, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withActivation(Activation a) {
        return new ProtocolConfig(envId, strategy, populationSize, steps, latentDim, hidden, a, episodes,
                temperature, eta, seed, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    public ProtocolConfig withStrategyOptions(Map<String, String> o) {
        return new ProtocolConfig(envId, strategy, populationSize, steps, latentDim, hidden, activation, episodes,
                temperature, eta, seed, backend, threads, maxEpisodeSteps, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtocolConfig c && envId.equals(c.envId) && strategy.equals(c.strategy)
                && populationSize == c.populationSize && steps == c.steps && latentDim == c.latentDim
                && Arrays.equals(hidden, c.hidden) && activation == c.activation && episodes == c.episodes
                && Double.compare(temperature, c.temperature) == 0 && Double.compare(eta, c.eta) == 0
                && seed == c.seed && backend == c.backend && threads == c.threads
                && maxEpisodeSteps == c.maxEpisodeSteps && strategyOptions.equals(c.strategyOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(envId, strategy, populationSize, steps, latentDim, Arrays.hashCode(hidden), activation,
                episodes, temperature, eta, seed, backend, threads, maxEpisodeSteps, strategyOptions);
    }

    @Override
    public String toString() {
        return "ProtocolConfig[env=" + envId + ", strategy=" + strategy + ", N=" + populationSize + ", T=" + steps
                + ", latent=" + latentDim + ", hidden=" + Arrays.toString(hidden) + " " + activation + ", episodes="
                + episodes + ", temperature=" + temperature + ", eta=" + eta + ", seed=" + seed + ", backend="
                + backend + ", threads=" + threads + ", maxEpisodeSteps=" + maxEpisodeSteps + ", options="
                + strategyOptions + "]";
    }
}
