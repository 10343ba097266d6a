package org.diffevo4j.trainer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.environments.EnvSpec;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code diffevo4j eval}: plays a trained policy for many episodes and reports its returns. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a trained policy (a run folder or a best-policy.json).",
        footer = {"", "Example:", "  diffevo4j eval runs/CartPole-v1-20260101-120000 --episodes 100 --out result.json"})
final class EvalCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    PluginOptions pluginOptions;

    @CommandLine.Mixin
    PolicySource policySource;

    @Option(names = "--episodes", paramLabel = "E", description = "Episodes (default 100).")
    int episodes = 100;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the episodes' resets (default 0).")
    long seed;

    @Option(names = "--max-episode-steps", paramLabel = "K",
            description = "Episode cap (default: the cap the policy was trained with, as recorded in best-policy.json; "
                    + "for older files the environment's own time limit).")
    Integer maxEpisodeSteps;

    @Option(names = "--backend", description = "Rollout backend: jvm (default), nd4j, cuda (an NVIDIA GPU; fails clearly "
            + "without a driver) or auto (cuda where a GPU is usable, else jvm). The returns do not depend on it "
            + "beyond floating-point rounding (see the README).")
    String backend = "jvm";

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the result as JSON.")
    Path out;

    @Option(names = "--force", description = "Overwrite the --out file if it exists.")
    boolean force;

    @Override
    public void run() {
        pluginOptions.load();
        OutputFile.check(out, force);
        Nd4jDevice.require("auto");
        if (episodes < 1) {
            throw new UserError("--episodes must be >= 1, got " + episodes);
        }
        if (maxEpisodeSteps != null && maxEpisodeSteps < 1) {
            throw new UserError("--max-episode-steps must be >= 1, got " + maxEpisodeSteps);
        }
        Backend asked;
        try {
            asked = Backend.parse(backend);
        } catch (IllegalArgumentException e) {
            throw new UserError("--backend: " + e.getMessage(), e);
        }
        PolicySource.Loaded loaded = policySource.load();   // a mismatch with --env is a UserError
        Path policyPath = loaded.file();
        PolicyFile policy = loaded.policy();
        String envId = loaded.envId();
        EnvSpec envSpec = loaded.envSpec();
        PolicySpec ps = loaded.spec();
        // by default the conditions of training: a policy trained on 500-step episodes is judged on 500
        int cap = maxEpisodeSteps != null ? maxEpisodeSteps : loaded.trainingCap();
        Backend b = PopulationEvaluators.resolve(asked, envSpec, ps);
        EvaluationResult r;
        try (PopulationEvaluator ev = evaluator(b, envId, envSpec, ps, cap)) {
            r = ev.evaluate(Nd4j.createFromArray(new double[][] {policy.parameters()}), episodes,
                    EpisodeSeeds.derive(seed, episodes));
        }
        Summary ret = Summary.of(r.returns());
        double mean = ret.mean();
        double std = ret.std();
        double min = ret.min();
        double max = ret.max();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("policy", policyPath.toString());
        result.put("env", envId);
        result.put("episodes", episodes);
        result.put("rollout_backend", b.name().toLowerCase(Locale.ROOT));
        result.put("seed", seed);
        result.put("max_episode_steps", Math.min(cap, envSpec.maxEpisodeSteps()));
        result.put("return_mean", mean);
        result.put("return_std", std);
        result.put("return_min", min);
        result.put("return_max", max);
        result.put("success_rate", SuccessRule.valueOrNull(envId, r.successRate()));
        result.put("success_rule", envSpec.rewardThreshold() != null
                ? "return >= reward threshold " + envSpec.rewardThreshold() : "none (the environment sets no reward threshold)");
        result.put("mean_length", java.util.Arrays.stream(r.lengths()).average().orElse(0));
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%s on %s, %d episodes of at most %d steps: return %.2f +- %.2f (min %.2f, max %.2f)%s%n",
                policyPath, envId, episodes, Math.min(cap, envSpec.maxEpisodeSteps()), mean, std, min, max,
                SuccessRule.describe(envId, r.successRate()));
        if (out != null) {
            UserInput.write(out, ConfigFiles.toJson(result) + "\n");
            o.printf("wrote %s%n", out);
        }
        o.flush();
    }

    /** The evaluator for backend {@code b}; a cuda backend that cannot run here is the user's error (exit 2). */
    private static PopulationEvaluator evaluator(Backend b, String envId, EnvSpec envSpec, PolicySpec ps, int cap) {
        if (b != Backend.CUDA) {
            return PopulationEvaluators.create(b, envId, ps, PopulationEvaluators.defaultThreads(), cap);
        }
        try {
            PopulationEvaluators.check(Backend.CUDA, envSpec, ps);
            return PopulationEvaluators.create(Backend.CUDA, envId, ps, 1, cap);
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);
        }
    }
}
