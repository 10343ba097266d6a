package org.diffevo4j.trainer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.protocol.ProtocolConfig;
import org.diffevo4j.agents.protocol.ProtocolResult;
import org.diffevo4j.agents.protocol.RlProtocol;
import org.diffevo4j.agents.protocol.StepMetrics;

/**
 * The paper's RL table (docs/algorithm.md section 6) as runs of the library's {@link RlProtocol}: one
 * run per (environment, method, seed), each with one rollout thread so that runs can go in parallel
 * and a run's numbers depend only on (environment, method, seed, scaling).
 *
 * <p>Methods: {@code diffusion} (full parameter space), {@code latent-diffusion} (d = 2),
 * {@code large-latent-diffusion} (latent, two hidden layers of 128) and {@code cmaes} as the paper
 * ran it (popsize 256, sigma0 1, mean 0, raw returns, 10 generations, elitist: core's
 * {@code elitist} option, which follows pycma's {@code CMA_elitist=True} re-injection of the
 * best-so-far solution, and the active covariance update, pycma's default {@code CMA_active=True}).
 *
 * <p>Scaling x (the genome is evaluated at x * genome): Diffusion Evolution's own {@code scaling}
 * option; for CMA-ES from mean 0, evaluating x * genome with step size 1 is the same search as
 * step size x on the genome itself, so sigma0 = x.
 */
final class RlSuite {

    /** The paper's environments, in the order of its table. */
    static final List<String> ENVS = List.of("CartPole-v1", "Acrobot-v1", "MountainCar-v0",
            "MountainCarContinuous-v0", "Pendulum-v1");

    /** The paper's methods, in the order of its table. */
    static final List<String> METHODS = List.of("diffusion", "latent-diffusion", "large-latent-diffusion", "cmaes");

    /** The paper's success thresholds (CartPole: the full 500, not Gymnasium's 475); null: none. */
    private static final Map<String, Double> SUCCESS = Map.of("CartPole-v1", 500.0, "Acrobot-v1", -100.0,
            "MountainCar-v0", -110.0, "MountainCarContinuous-v0", 90.0);

    private RlSuite() {
    }

    /** The success threshold of an environment, or null where the paper defines none. */
    static Double threshold(String env) {
        return SUCCESS.get(env);
    }

    /**
     * One seed's result.
     *
     * @param returnMean  mean return of the final population
     * @param returnStd   its population std
     * @param successRate fraction of the final population at or above the threshold (NaN: none)
     * @param seconds     wall time of the run
     * @param curve       mean return of the population at every step
     * @param steps       steps run
     * @param goalRate    fraction of the final population whose episode ended by reaching the goal
     *                    (terminated, not truncated) in the goal-reaching environments (Acrobot, both
     *                    MountainCars); NaN elsewhere
     */
    record Run(long seed, double returnMean, double returnStd, double successRate, double seconds, double[] curve,
               int steps, double goalRate) {
    }

    /** Environments whose episodes terminate only by reaching the goal. */
    static boolean goalEnv(String env) {
        return env.equals("Acrobot-v1") || env.equals("MountainCar-v0") || env.equals("MountainCarContinuous-v0");
    }

    /** The protocol config of a cell's run (population and steps overridable for quick checks). */
    static ProtocolConfig config(String env, String method, long seed, double scaling, Integer population,
                                 Integer steps) {
        ProtocolConfig c = ProtocolConfig.paper(env, method.equals("large-latent-diffusion") ? "latent-diffusion"
                : method, seed).withBackend(Backend.JVM).withThreads(1);
        Map<String, String> options = new HashMap<>();
        switch (method) {
            case "diffusion", "latent-diffusion" -> options.put("scaling", Double.toString(scaling));
            case "large-latent-diffusion" -> {
                c = c.withHidden(128, 128);
                options.put("scaling", Double.toString(scaling));
            }
            case "cmaes" -> {
                options.put("sigma0", Double.toString(scaling));
                options.put("elitist", "true");
                options.put("active", "true");
            }
            default -> throw new IllegalArgumentException("unknown RL method '" + method + "'; known: " + METHODS);
        }
        c = c.withStrategyOptions(options);
        if (population != null) {
            c = c.withPopulationSize(population);
        }
        if (steps != null) {
            c = c.withSteps(steps);
        }
        return c;
    }

    /** Runs one seed of a cell to its end. */
    static Run run(String env, String method, long seed, double scaling, Integer population, Integer steps) {
        long t0 = System.nanoTime();
        try (RlProtocol p = new RlProtocol(config(env, method, seed, scaling, population, steps))) {
            ProtocolResult r = p.run(null);
            double[] curve = r.history().stream().mapToDouble(StepMetrics::returnMean).toArray();
            double[] finals = r.finalReturns();
            Summary s = Summary.of(finals);
            Double th = threshold(env);
            double success = Double.NaN;
            if (th != null) {
                int ok = 0;
                for (double v : finals) {
                    if (v >= th) {
                        ok++;
                    }
                }
                success = (double) ok / finals.length;
            }
            double goal = Double.NaN;
            if (goalEnv(env)) {
                int reached = 0;
                for (boolean t : r.finalEvaluation().terminated()) {
                    if (t) {
                        reached++;
                    }
                }
                goal = (double) reached / r.finalEvaluation().terminated().length;
            }
            return new Run(seed, s.mean(), s.std(), success, (System.nanoTime() - t0) / 1e9, curve, curve.length,
                    goal);
        }
    }
}
