package org.diffevo4j.trainer;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.core.Strategies;
import org.diffevo4j.environments.EnvSpec;

/**
 * Settings that cannot work are refused, settings the chosen strategy does not use are reported
 * (one line each) and recorded as null, and the episode cap is the one that applies: so a run never
 * silently does something other than what its config.json says.
 */
final class SettingsCheck {

    /** Option names the RL protocol fills from the run's own fields, with the flag that sets each. */
    private static final Map<String, String> PROTOCOL_OPTIONS = Map.of(
            "populationSize", "--population", "generations", "--steps", "steps", "--steps", "eta", "--eta",
            "fitnessMapping", "--temperature", "latentDim", "--latent-dim");

    private SettingsCheck() {
    }

    /**
     * The config as it will run.
     *
     * @param warn receives one line per setting that has no effect
     * @throws UserError for a setting that cannot work (a latent space larger than the genome, an
     *                   option the strategy does not have)
     */
    static RunConfig resolve(RunConfig c, Consumer<String> warn) {
        EnvSpec env = UserInput.env(c.env());
        Strategies.Description d;
        try {
            d = Strategies.describe(c.strategy());
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);
        }
        Set<String> declared = d.defaultOptions().keySet();
        for (String key : c.strategyOptions().keySet()) {
            if (declared.contains(key) && PROTOCOL_OPTIONS.containsKey(key)) {
                throw new UserError("strategy option '" + key + "' is set by the run itself; use "
                        + PROTOCOL_OPTIONS.get(key) + " instead");
            }
            if (!declared.isEmpty() && !declared.contains(key)) {
                Set<String> own = new LinkedHashSet<>(declared);
                own.removeAll(PROTOCOL_OPTIONS.keySet());
                throw new UserError("strategy '" + c.strategy() + "' has no option '" + key + "'; its options: "
                        + (own.isEmpty() ? "none besides the run's own settings" : String.join(", ", own))
                        + " (see `diffevo4j strategies`)");
            }
        }
        RunConfig defaults = RunConfig.defaults(c.env());
        String who = "strategy '" + c.strategy() + "'";
        Integer latent = c.latentDim();
        if (declared.contains("latentDim")) {
            int[] hidden = c.hidden().stream().mapToInt(Integer::intValue).toArray();
            int parameters = PolicySpec.forEnv(env, hidden).withActivation(Activation.parse(c.activation()))
                    .parameterCount();
            if (latent != null && latent > parameters) {
                throw new UserError("latent_dim " + latent + " is larger than the policy's " + parameters
                        + " parameters: a projection cannot have more dimensions than the genome; use at most "
                        + parameters + " (the paper uses 2)");
            }
        } else {
            latent = unused("latent_dim", latent, defaults.latentDim(), who + " has no latent space", warn);
        }
        Double eta = declared.contains("eta") ? c.eta()
                : unused("eta", c.eta(), defaults.eta(), who + " takes no DDIM noise scale", warn);
        Double temperature = declared.contains("fitnessMapping") ? c.temperature()
                : unused("temperature", c.temperature(), defaults.temperature(), who + " uses raw returns", warn);
        int cap = c.maxEpisodeSteps();
        if (cap > env.maxEpisodeSteps()) {
            if (cap != defaults.maxEpisodeSteps()) {
                warn.accept("max_episode_steps " + cap + " is above " + env.id() + "'s own limit of "
                        + env.maxEpisodeSteps() + " steps: episodes end there");
            }
            cap = env.maxEpisodeSteps();
        }
        return c.applicable(latent, temperature, eta, cap);
    }

    private static <T> T unused(String field, T value, T defaultValue, String why, Consumer<String> warn) {
        if (value != null && !value.equals(defaultValue)) {
            warn.accept(field + " " + value + " is ignored: " + why);
        }
        return null;
    }

    /** The warning line as printed. */
    static String line(String message) {
        return "warning: " + message;
    }
}
