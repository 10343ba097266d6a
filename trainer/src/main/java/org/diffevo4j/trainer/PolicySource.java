package org.diffevo4j.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.environments.EnvSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The policy a command plays ({@code eval}, {@code render}): a run folder or a policy file, and the
 * environment to play it in (by default the one it was trained on), with the episode cap of training.
 */
final class PolicySource {

    @Parameters(index = "0", paramLabel = "RUN_DIR|POLICY.json", description = "Run folder or policy file.")
    Path source;

    @Option(names = "--env", paramLabel = "ID", description = "Environment (default: the one the policy was trained on).")
    String env;

    /** What was loaded: the file, the policy, where it plays, its shape, and the cap training used. */
    record Loaded(Path file, PolicyFile policy, String envId, EnvSpec envSpec, PolicySpec spec, int trainingCap) {
    }

    /** The policy file a source names: a run folder's best policy, or the file itself. */
    Path file() {
        if (!Files.exists(source)) {
            throw new UserError("no policy file or run folder at " + source);
        }
        return Files.isDirectory(source) ? source.resolve(RunDirectory.BEST_POLICY) : source;
    }

    /** The environment the policy plays in: --env, else the one it was trained on. */
    String envId() {
        return env != null ? env : PolicyFile.read(file()).env();
    }

    /**
     * Reads the policy and checks it fits the environment.
     *
     * @throws UserError for a missing or unreadable policy, an unknown environment, or a policy that does not fit it
     */
    Loaded load() {
        Path file = file();
        PolicyFile policy = PolicyFile.read(file);
        String envId = env != null ? env : policy.env();
        EnvSpec envSpec = UserInput.env(envId);
        PolicySpec spec = policy.spec(envId);
        return new Loaded(file, policy, envId, envSpec, spec, Math.min(envSpec.maxEpisodeSteps(),
                trainingCap(file, policy, envSpec.maxEpisodeSteps())));
    }

    /**
     * The episode cap training used: recorded in the policy file, or (files of older versions) in the
     * run's config.json beside it, else the environment's own limit. A policy trained on 500-step
     * episodes is judged on 500 by default.
     */
    static int trainingCap(Path policyFile, PolicyFile policy, int envLimit) {
        if (policy.maxEpisodeSteps() != null && policy.maxEpisodeSteps() >= 1) {
            return policy.maxEpisodeSteps();
        }
        Path config = policyFile.toAbsolutePath().resolveSibling(RunDirectory.CONFIG);
        try {
            if (Files.isRegularFile(config)) {
                JsonNode cap = ConfigFiles.JSON.readTree(config.toFile()).get("max_episode_steps");
                if (cap != null && cap.canConvertToInt() && cap.asInt() >= 1) {
                    return cap.asInt();
                }
            }
        } catch (IOException e) {
            // an unreadable config only loses the cap; the policy itself was read already
        }
        return envLimit;
    }
}
