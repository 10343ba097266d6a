package org.diffevo4j.trainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EvaluatorEngine;
import org.diffevo4j.agents.NonFiniteRewardException;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.agents.protocol.ProtocolConfig;
import org.diffevo4j.agents.protocol.RlProtocol;
import org.diffevo4j.agents.protocol.StepMetrics;

/**
 * Runs a training job in a run folder: the RL protocol step by step, with a metrics line and an
 * atomic checkpoint after every step, then the best policy (JSON and DL4J) and the fitness chart.
 * Knows nothing of the terminal: progress goes to a {@link Progress}.
 */
public final class Trainer {

    /** Where a trainer reports progress (a progress bar, log lines, or nothing). */
    public interface Progress extends AutoCloseable {
        void start(int totalSteps, int completedSteps);

        void step(StepMetrics m);

        @Override
        void close();
    }

    /**
     * What a finished run leaves behind.
     *
     * @param dir     the run folder
     * @param config  the run's config (with the execution settings that finished it)
     * @param metrics every step's metrics
     * @param saved   the saved policy and what is known about it (see {@link Selection})
     */
    public record Outcome(RunDirectory dir, RunConfig config, List<StepMetrics> metrics, Selection.Choice saved) {
    }

    private Trainer() {
    }

    /** The agents-level protocol config for a run config. */
    static ProtocolConfig protocolConfig(RunConfig c) {
        int[] hidden = c.hidden().stream().mapToInt(Integer::intValue).toArray();
        int threads = c.threads() > 0 ? c.threads() : PopulationEvaluators.defaultThreads();
        // a setting the strategy does not use is null in the config; the protocol still needs a value
        RunConfig d = RunConfig.defaults(c.env());
        return new ProtocolConfig(c.env(), c.strategy(), c.population(), c.steps(),
                c.latentDim() != null ? c.latentDim() : d.latentDim(), hidden, Activation.parse(c.activation()),
                c.episodes(), c.temperature() != null ? c.temperature() : d.temperature(),
                c.eta() != null ? c.eta() : d.eta(), c.seed(), Backend.parse(c.backend()), threads,
                c.maxEpisodeSteps(), c.strategyOptions());
    }

    /**
     * The evaluator engine a config asks for, or null for {@code local} (then nothing is looked up,
     * so no Spark class is ever loaded).
     *
     * @throws UserError when the engine is not on the class path
     */
    static EvaluatorEngine engine(RunConfig c) {
        if (c.engine().equals("local")) {
            return null;
        }
        try {
            return EvaluatorEngine.find(c.engine(), Thread.currentThread().getContextClassLoader());
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);   // the user's --engine, not on the class path
        }
    }

    /**
     * Creates the config's strategy once, for the policy's genome dimension, so that an unknown
     * strategy name or an option it rejects is reported as the user's error before a run folder is
     * written (later, with the same validated config, a failure is a bug).
     *
     * @throws UserError naming the strategy and the problem
     */
    static void checkStrategy(RunConfig c) {
        ProtocolConfig pc = protocolConfig(c);
        int dimension = PolicySpec.forEnv(UserInput.env(c.env()), pc.hidden()).withActivation(pc.activation())
                .parameterCount();
        try {
            RlProtocol.createStrategy(pc, dimension, c.seed());
        } catch (IllegalArgumentException e) {
            throw new UserError("strategy '" + c.strategy() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Checks that the config's rollout backend (or engine) can run here before anything is written: only
     * {@code cuda} can fail (no NVIDIA driver or GPU, an environment or policy its kernel does not
     * implement); {@code auto} falls back to the CPU rule.
     *
     * @throws UserError with the one line saying what is missing (the cause kept for {@code --verbose})
     */
    static void checkBackend(RunConfig c) {
        try {
            EvaluatorEngine engine = engine(c);
            if (engine != null) {
                engine.check(UserInput.env(c.env()), policy(c));   // e.g. --engine cuda, the alias
            } else if (Backend.parse(c.backend()) == Backend.CUDA) {
                PopulationEvaluators.check(Backend.CUDA, UserInput.env(c.env()), policy(c));
            }
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);   // the user's --backend cuda on a machine that cannot run it
        }
    }

    /** The run's policy shape, as {@link RlProtocol} builds it. */
    static PolicySpec policy(RunConfig c) {
        ProtocolConfig pc = protocolConfig(c);
        return PolicySpec.forEnv(UserInput.env(c.env()), pc.hidden()).withActivation(pc.activation());
    }

    /**
     * The rollout backend a local run uses: the config's, with {@code auto} resolved for this machine
     * ({@link PopulationEvaluators#resolve}: {@code cuda} where a GPU is usable, else the CPU rule).
     */
    static Backend rolloutBackend(RunConfig c) {
        return PopulationEvaluators.resolve(Backend.parse(c.backend()), UserInput.env(c.env()), policy(c));
    }

    /**
     * The evaluator factory for {@link RlProtocol}: null (in-process, {@link PopulationEvaluators}) for
     * {@code local} on the CPU; for {@code local} on {@code cuda} (asked for, or what {@code auto} chose)
     * one that reports a GPU that cannot take the run (e.g. a driver too old for the kernels) as a user
     * error; another engine's otherwise.
     */
    static Function<PolicySpec, PopulationEvaluator> evaluators(RunConfig c) {
        EvaluatorEngine engine = engine(c);
        if (engine == null) {
            if (rolloutBackend(c) != Backend.CUDA) {
                return null;
            }
            return policy -> {
                try {
                    return PopulationEvaluators.create(Backend.CUDA, c.env(), policy, 1, c.maxEpisodeSteps());
                } catch (IllegalArgumentException e) {
                    throw UserError.of(e);
                }
            };
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (c.master() != null) {
            options.put("master", c.master());
        }
        options.put("partitions", Integer.toString(c.partitions()));
        int[] hidden = c.hidden().stream().mapToInt(Integer::intValue).toArray();
        return policy -> {
            try {
                return engine.create(c.env(), hidden, Activation.parse(c.activation()), c.maxEpisodeSteps(), options);
            } catch (IllegalArgumentException e) {
                // the user's --master, --partitions or spark.* settings (e.g. an unreachable master)
                throw UserError.of(e);
            }
        };
    }

    /** Runtime facts recorded in config.json: what actually ran the job. */
    static Map<String, Object> runtime(RlProtocol run) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("diffevo4j", Main.version());
        r.put("java", System.getProperty("java.version"));
        r.put("nd4j_backend", Nd4jDevice.backendName());
        r.put("device", Nd4jDevice.deviceName());
        // the backend that ran (auto resolved): jvm, nd4j or cuda; config's "backend" keeps what was asked
        r.put("rollout_backend", run.evaluator().backend().name().toLowerCase(java.util.Locale.ROOT));
        if (run.evaluator() instanceof org.diffevo4j.gpu.CudaEvaluator cuda) {
            r.put("cuda_device", cuda.device());
        }
        r.put("threads", run.config().threads());
        if (!(run.evaluator().getClass().getPackageName().equals("org.diffevo4j.agents"))) {
            r.put("evaluator", run.evaluator().getClass().getName());   // another engine's (e.g. Spark's)
        }
        r.put("parameters", run.policy().parameterCount());
        return r;
    }

    /** Starts a new run in a fresh folder. */
    public static Outcome train(RunConfig config, RunDirectory dir, Progress progress) {
        checkStrategy(config);   // unknown env or strategy, bad options: fail before anything is written
        checkBackend(config);    // --backend cuda without a usable GPU: likewise
        try (RlProtocol run = new RlProtocol(protocolConfig(config), evaluators(config))) {
            StartupTiming.mark("protocol created");
            dir.writeConfig(config, runtime(run));
            StartupTiming.mark("config.json");
            return loop(run, config, dir, new ArrayList<>(), null, progress);
        }
    }

    /**
     * Continues an interrupted run from its checkpoint with the execution settings of its config.json;
     * ends with exactly the result of an uninterrupted run with the same config.
     */
    public static Outcome resume(RunDirectory dir, Progress progress) {
        return resume(dir, Execution.UNCHANGED, progress);
    }

    /**
     * Execution settings a resumed run may change (null keeps config.json's): they say how the run
     * is computed, not what it computes.
     *
     * @param backend         rollout backend (may change float rounding, see the README)
     * @param threads         rollout threads (never change results)
     * @param checkpointEvery checkpoint interval
     * @param master          Spark master, e.g. after the master moved
     * @param partitions      Spark tasks per evaluation (never change results)
     */
    public record Execution(String backend, Integer threads, Integer checkpointEvery, String master,
                            Integer partitions) {
        public static final Execution UNCHANGED = new Execution(null, null, null, null, null);

        RunConfig applyTo(RunConfig c) {
            RunConfig out = c.withExecution(backend != null ? backend.toLowerCase(java.util.Locale.ROOT) : c.backend(),
                    threads != null ? threads : c.threads());
            out = out.withCheckpointEvery(checkpointEvery != null ? checkpointEvery : c.checkpointEvery());
            if (master != null || partitions != null) {
                if (!c.engine().equals("spark")) {
                    throw new UserError("--master and --partitions apply to runs on the Spark engine; this run used '"
                            + c.engine() + "'");
                }
                out = out.withCluster(master != null ? master : c.master(),
                        partitions != null ? partitions : c.partitions());
            }
            return out;
        }
    }

    /**
     * Continues an interrupted run from its checkpoint, or from step 0 when it stopped before its
     * first checkpoint, with some execution settings changed ({@link Execution}); config.json then
     * records the effective values. Ends with exactly the result of an uninterrupted run with the
     * same config. The thread count never changes results; the backend can, in floating-point
     * rounding (see the README).
     */
    public static Outcome resume(RunDirectory dir, Execution execution, Progress progress) {
        RunConfig recorded = dir.readConfig().validate();
        // a setting the strategy does not use reads back as its default: normalise as a new run does
        RunConfig config = SettingsCheck.resolve(execution.applyTo(recorded), ignored -> { }).validate();
        checkBackend(config);   // e.g. --resume DIR --backend cuda on a machine without a GPU: before any write
        if (!dir.hasCheckpoint()) {
            // stopped during its first step: nothing was computed that a restart cannot redo exactly
            return train(config, dir, progress);
        }
        Checkpoint cp = dir.readCheckpoint();
        if (!cp.env().equals(config.env())) {
            throw new UserError("checkpoint in " + dir.path() + " is for " + cp.env()
                    + " but the run's config.json says " + config.env() + "; refusing to resume");
        }
        if (!SettingsCheck.resolve(cp.config(), ignored -> { }).sameRunAs(config)) {
            throw new UserError("checkpoint in " + dir.path()
                    + " was written with another configuration than its config.json; refusing to resume");
        }
        if (cp.metrics().size() != cp.state().completedSteps()) {
            throw new UserError("checkpoint in " + dir.path() + " is inconsistent: "
                    + cp.metrics().size() + " metrics lines for " + cp.state().completedSteps() + " steps");
        }
        checkStrategy(config);
        RlProtocol resumed;
        try {
            resumed = RlProtocol.resume(protocolConfig(config), cp.state(), evaluators(config));
        } catch (IllegalArgumentException e) {
            // the config was checked above: what does not fit now is the checkpoint's state
            throw new UserError("checkpoint in " + dir.path() + " does not fit the run's config.json: "
                    + e.getMessage(), e);
        }
        try (RlProtocol run = resumed) {
            dir.writeConfig(config, runtime(run));   // what runs the rest of the job, e.g. a new --threads
            dir.rewriteMetrics(cp.metrics(), SuccessRule.defined(config.env()));
            return loop(run, config, dir, new ArrayList<>(cp.metrics()), cp.finalists(), progress);
        }
    }

    /**
     * Runs the remaining steps, then chooses and writes the saved policy.
     *
     * @param finalists the finalists of a checkpoint written after the final step, else null
     */
    private static Outcome loop(RlProtocol run, RunConfig config, RunDirectory dir, List<StepMetrics> metrics,
                                List<Selection.Finalist> finalists, Progress progress) {
        // Diffusion Evolution makes T evaluations; the baselines run `steps` generations: T tells either way.
        int total = config.steps();
        progress.start(total, run.completedSteps());
        // checkpoints are written while the next step runs (see CheckpointWriter); closing waits for the last
        try (CheckpointWriter checkpoints = new CheckpointWriter()) {
            while (!run.isDone()) {
                StepMetrics m;
                try {
                    m = run.step();
                } catch (NonFiniteRewardException e) {
                    throw new UserError("training step " + (run.completedSteps() + 1) + " of " + total + ": "
                            + e.getMessage() + "; a reward must be a finite number, check the environment", e);
                }
                metrics.add(m);
                dir.appendMetrics(m, SuccessRule.defined(config.env()));
                if (run.isDone()) {
                    // saved with the final state, so a resume from here re-runs the identical selection
                    finalists = Selection.finalists(run, config.selectTop());
                }
                if (run.isDone() || run.completedSteps() % config.checkpointEvery() == 0) {
                    checkpoints.submit(dir, new Checkpoint(config.env(), config, run.state(), List.copyOf(metrics),
                            finalists));
                }
                StartupTiming.mark("step " + run.completedSteps());
                progress.step(m);
                if (PauseHook.active()) {
                    checkpoints.await();
                    PauseHook.afterCheckpoint(run.completedSteps());
                }
            }
        } finally {
            progress.close();
        }
        if (finalists == null) {
            // a checkpoint of an older version, written after the final step without its finalists
            finalists = Selection.finalists(run, 0);
        }
        // the chart needs only the metrics, now final: draw it while the finalists are re-evaluated
        List<StepMetrics> finalMetrics = List.copyOf(metrics);
        java.util.concurrent.FutureTask<java.nio.file.Path> plot = new java.util.concurrent.FutureTask<>(() ->
                FitnessPlot.write(dir.file(RunDirectory.PLOT), config.env() + " - " + config.strategy(), finalMetrics));
        Thread plotter = new Thread(plot, "diffevo4j-plot");
        plotter.setDaemon(true);
        plotter.start();
        Selection.Choice saved;
        try {
            saved = Selection.choose(run, finalists, config.selectEpisodes());
            StartupTiming.mark("selection");
            PolicyFile.of(config.env(), run.policy(), saved, config.maxEpisodeSteps()).write(dir.file(RunDirectory.BEST_POLICY));
            StartupTiming.mark("best-policy.json");
            Dl4jExport.write(Dl4jExport.toNetwork(run.policy(), saved.genome()), dir.file(RunDirectory.BEST_POLICY_DL4J));
            StartupTiming.mark("DL4J zip");
        } finally {
            awaitPlot(plot);   // no file is written after train returns or throws
        }
        StartupTiming.mark("fitness.png");
        HtmlReport.write(dir.path());
        StartupTiming.mark("report.html");
        return new Outcome(dir, config, List.copyOf(metrics), saved);
    }

    /** Waits for the chart; its failure is thrown as it would have been on this thread. */
    private static void awaitPlot(java.util.concurrent.FutureTask<?> plot) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    plot.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;   // the file must be complete before we go on: wait, then re-interrupt
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
