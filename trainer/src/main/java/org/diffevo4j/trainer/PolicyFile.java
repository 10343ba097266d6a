package org.diffevo4j.trainer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.environments.EnvSpec;

/**
 * {@code best-policy.json}: a policy diffevo4j can load again, its shape and its flat parameters
 * (PyTorch {@code nn.Linear} order).
 *
 * <pre>{@code
 * {"format": "diffevo4j-policy/1", "env": "CartPole-v1", "hidden": [8], "activation": "relu",
 *  "bias": true, "normalize": true, "parameter_count": 58, "parameters": [...], "return": 500.0,
 *  "selection_return_mean": 471.3, "selection_return_std": 60.2, "selection_episodes": 32,
 *  "selection_candidates": 17, "max_episode_steps": 500}
 * }</pre>
 *
 * <p>{@code return} is the single training score that made it stand out (one of N x T noisy
 * episodes); the {@code selection_*} fields are its mean and standard deviation over fresh episodes
 * after training (see {@link Selection}), the number to expect from {@code eval}. They are absent
 * when the run skipped the re-evaluation ({@code select_episodes} 0) and in files of older versions.
 *
 * @param format         {@value #FORMAT}
 * @param env            environment id the policy was trained on
 * @param hidden         hidden layer sizes
 * @param activation     {@code relu} or {@code tanh}
 * @param bias           whether layers have biases
 * @param normalize      whether observations are normalised (docs/algorithm.md section 6)
 * @param parameterCount number of parameters, a consistency check
 * @param parameters     the flat parameter vector
 * @param trainReturn    the score the strategy saw for it during training
 * @param selectionMean  mean return over the fresh episodes of the selection (null: not re-evaluated)
 * @param selectionStd   standard deviation (ddof 0) of those returns (null: not re-evaluated)
 * @param selectionEpisodes  number of those episodes (null: not re-evaluated)
 * @param selectionCandidates number of individuals that competed in the selection (null: not re-evaluated)
 * @param maxEpisodeSteps the episode cap of training, which {@code eval} applies by default (null in
 *                        files of older versions: then the environment's own limit)
 */
@JsonPropertyOrder({"format", "env", "hidden", "activation", "bias", "normalize", "parameter_count", "parameters", "return",
        "selection_return_mean", "selection_return_std", "selection_episodes", "selection_candidates", "max_episode_steps"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyFile(@JsonProperty("format") String format, @JsonProperty("env") String env,
                         @JsonProperty("hidden") List<Integer> hidden, @JsonProperty("activation") String activation,
                         @JsonProperty("bias") boolean bias, @JsonProperty("normalize") boolean normalize,
                         @JsonProperty("parameter_count") int parameterCount,
                         @JsonProperty("parameters") double[] parameters,
                         @JsonProperty("return") double trainReturn,
                         @JsonProperty("selection_return_mean") Double selectionMean,
                         @JsonProperty("selection_return_std") Double selectionStd,
                         @JsonProperty("selection_episodes") Integer selectionEpisodes,
                         @JsonProperty("selection_candidates") Integer selectionCandidates,
                         @JsonProperty("max_episode_steps") Integer maxEpisodeSteps) {

    public static final String FORMAT = "diffevo4j-policy/1";

    /** The policy file for a genome chosen after training with the given episode cap. */
    public static PolicyFile of(String env, PolicySpec spec, Selection.Choice choice, int maxEpisodeSteps) {
        List<Integer> hidden = java.util.Arrays.stream(spec.hiddenSizes()).boxed().toList();
        boolean reevaluated = choice.episodes() > 0;
        return new PolicyFile(FORMAT, env, hidden, spec.activation().name().toLowerCase(java.util.Locale.ROOT),
                spec.bias(), spec.normalizer() != null, choice.genome().length, choice.genome(), choice.trainReturn(),
                choice.mean(), choice.std(), reevaluated ? choice.episodes() : null,
                reevaluated ? choice.candidates() : null, maxEpisodeSteps);
    }

    /** Rebuilds the policy shape for the environment it was trained on (or a compatible one). */
    public PolicySpec spec(String envId) {
        EnvSpec env = UserInput.env(envId);
        int[] h = hidden.stream().mapToInt(Integer::intValue).toArray();
        PolicySpec s = PolicySpec.forEnv(env, h).withActivation(Activation.parse(activation)).withBias(bias);
        if (!normalize) {
            s = s.withNormalizer(null);
        }
        if (s.parameterCount() != parameters.length) {
            throw new UserError(mismatch(envId, s));
        }
        return s;
    }

    /** Why this policy does not fit an environment, in the sizes a user can compare. */
    private String mismatch(String envId, PolicySpec wanted) {
        String have = sizes(wanted.observationSize(), wanted.actionSize());
        if (!envId.equals(this.env) && org.diffevo4j.environments.Environments.ids().contains(this.env)) {
            PolicySpec trained = PolicySpec.forEnv(org.diffevo4j.environments.Environments.spec(this.env),
                    hidden.stream().mapToInt(Integer::intValue).toArray());
            return envId + " has " + have + ", the policy takes " + sizes(trained.observationSize(), trained.actionSize())
                    + " (it was trained on " + this.env + "); pass --env " + this.env + " or a policy for " + envId;
        }
        return "the policy's " + parameters.length + " parameters do not fit " + envId + " (" + have + ") with hidden "
                + hidden + ", which needs " + wanted.parameterCount();
    }

    private static String sizes(int observations, int actions) {
        return "observation size " + observations + " and " + actions + " action output" + (actions == 1 ? "" : "s");
    }

    public void write(Path file) {
        AtomicFiles.write(file, ConfigFiles.toJson(this));
    }

    /** Reads a policy file, naming the file and the problem on failure. */
    public static PolicyFile read(Path file) {
        if (isZip(file)) {
            throw new UserError(file + " is the DL4J export of a policy (load it with DL4J's ModelSerializer); "
                    + "diffevo4j reads the policy from " + RunDirectory.BEST_POLICY + " (or pass the run folder)");
        }
        PolicyFile p;
        try {
            p = Checkpoint.JSON.readValue(Files.readString(file), PolicyFile.class);
        } catch (NoSuchFileException e) {
            throw new UserError("no policy file at " + file, e);
        } catch (JsonProcessingException e) {
            throw new UserError("policy file " + file + " is not a valid diffevo4j policy: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot read policy file " + file + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(p.format())) {
            throw new UserError("policy file " + file + " has format '" + p.format() + "', expected '"
                    + FORMAT + "'");
        }
        if (p.env() == null || p.hidden() == null || p.parameters() == null || p.activation() == null) {
            throw new UserError("policy file " + file + " is incomplete (env, hidden, activation and parameters are required)");
        }
        if (p.parameters().length != p.parameterCount()) {
            throw new UserError("policy file " + file + " is truncated: parameter_count "
                    + p.parameterCount() + " but " + p.parameters().length + " parameters");
        }
        return p;
    }

    private static boolean isZip(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && magic[0] == 'P' && magic[1] == 'K';
        } catch (IOException e) {
            return false;   // reading it properly below reports the problem
        }
    }
}
