package org.diffevo4j.trainer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.diffevo4j.agents.protocol.StepMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code diffevo4j train}: the paper's protocol by default, every hyperparameter settable from a
 * JSON config and overridable by flags.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a policy by (Latent) Diffusion Evolution or a baseline.",
                "Defaults reproduce the paper's protocol: population 256, 10 steps, latent dim 2, 8 ReLU units."},
        footer = {"", "Examples:", "  diffevo4j train --env CartPole-v1",
                "  diffevo4j train --env Acrobot-v1 --population 512 --seed 3 --out runs/acrobot",
                "  diffevo4j train --resume runs/acrobot"})
final class TrainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    PluginOptions pluginOptions;

    @Option(names = "--env", paramLabel = "ID", description = "Environment id (see `diffevo4j envs`).")
    String env;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON file with any of the run's fields; flags override it.")
    Path config;

    @Option(names = "--strategy", description = "latent-diffusion (default), diffusion, cmaes, openes, pepg, or a plugin's "
            + "(see `diffevo4j strategies`).")
    String strategy;

    @Option(names = "--population", paramLabel = "N", description = "Population size (default 256).")
    Integer population;

    @Option(names = "--steps", paramLabel = "T", description = "Denoising steps / generations (default 10).")
    Integer steps;

    @Option(names = "--latent-dim", paramLabel = "d", description = "Latent dimension (default 2).")
    Integer latentDim;

    @Option(names = "--hidden", split = ",", paramLabel = "H", description = "Hidden layer sizes, e.g. 8 or 64,64 (default 8).")
    List<Integer> hidden;

    @Option(names = "--activation", description = "relu (default) or tanh.")
    String activation;

    @Option(names = "--episodes", paramLabel = "E", description = "Episodes per individual per step (default 1).")
    Integer episodes;

    @Option(names = "--temperature", paramLabel = "t", description = "Temperature of the RL fitness mapping (default 1).")
    Double temperature;

    // --noise was this option's first name: still accepted, no longer documented
    @Option(names = {"--eta", "--noise"}, paramLabel = "eta", description = "DDIM noise scale eta in [0, 1] (default 1).")
    Double eta;

    @Option(names = "--seed", paramLabel = "S", description = "The run's seed (default 0).")
    Long seed;

    @Option(names = "--max-episode-steps", paramLabel = "K", description = "Episode cap (default 500).")
    Integer maxEpisodeSteps;

    @Option(names = "--select-top", paramLabel = "K", description = "After training, re-evaluate the K best of the "
            + "final population (by training return) and the best individual ever seen; save the best of them (default 16).")
    Integer selectTop;

    @Option(names = "--select-episodes", paramLabel = "E", description = "Fresh episodes per re-evaluated candidate "
            + "(default 32; 0 saves the individual with the best training return, unchecked).")
    Integer selectEpisodes;

    @Option(names = "--strategy-option", paramLabel = "KEY=VALUE", description = "An option of the strategy by its own "
            + "name (see `diffevo4j strategies`), e.g. diagonal=true for cmaes; repeatable.")
    Map<String, String> strategyOptions;

    @Option(names = "--checkpoint-every", paramLabel = "K", description = "Write the checkpoint after every K-th step "
            + "(default 1; the last step is always written). May be changed on --resume.")
    Integer checkpointEvery;

    @Option(names = "--backend", description = "Rollout backend: auto (default: cuda where an NVIDIA GPU is usable, "
            + "else jvm), jvm, nd4j or cuda (the whole rollout in one kernel on the GPU; fails clearly without "
            + "a driver). May be changed on --resume.")
    String backend;

    @Option(names = "--threads", paramLabel = "k", description = "Rollout threads (default: one per core). "
            + "May be changed on --resume; results do not depend on it.")
    Integer threads;

    @Option(names = "--device", description = "ND4J device: auto (default: whatever this build carries), cpu or cuda; "
            + "fails clearly when the build or machine cannot provide it.")
    String device = "auto";

    @Option(names = "--engine", description = "Where populations are evaluated: local (default, this JVM), spark "
            + "(needs the diffevo4j-distributed jar and Spark on the class path) or cuda (the same as --backend cuda, "
            + "kept as an alias); see the README.")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master for --engine spark: local[*] (default), "
            + "local[n] or spark://HOST:7077.")
    String master;

    @Option(names = "--partitions", paramLabel = "k", description = "Spark tasks per evaluation (default: one per core "
            + "of the cluster). --master and --partitions may be changed on --resume.")
    Integer partitions;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default runs/<env>-<timestamp>-s<seed>, "
            + "or under $DIFFEVO4J_RUNS_DIR when set).")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the interrupted run in DIR.")
    Path resume;

    @Option(names = "--force", description = "Overwrite a run folder that already holds a run.")
    boolean force;

    @Option(names = "--quiet", description = "Print nothing but the final summary (and errors; Spark's and Hadoop's "
            + "warnings included).")
    boolean quiet;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        StartupTiming.mark("train: run");
        Nd4jPreload.awaitLogging();
        if (quiet) {
            quietLibraries();
        }
        OutputWarmup.start();   // the chart's and the DL4J export's cold start, off the critical path
        StartupTiming.mark("logging configured");
        Trainer.Outcome outcome;
        if (resume != null) {
            List<String> given = hyperparameterFlagsGiven();
            if (!given.isEmpty()) {
                throw new UserError("--resume continues a run with its own config; do not combine it with "
                        + String.join(", ", given) + " (it may change --backend, --threads, --checkpoint-every, "
                        + "--master and --partitions)");
            }
            try (RunDirectory dir = RunDirectory.open(resume)) {
                RunConfig recorded = dir.readConfig();
                pluginOptions.load(recorded.plugins());   // the run's own plugins, and any given now
                Nd4jDevice.require(device);
                announce(backend != null ? recorded.withExecution(backend, recorded.threads()) : recorded, dir);
                Trainer.Execution execution = new Trainer.Execution(backend, threads, checkpointEvery, master,
                        partitions);
                outcome = whileRunning(dir, () -> Trainer.resume(dir, execution, progress(out, recorded.env())));
            }
        } else {
            pluginOptions.load();
            StartupTiming.mark("train: parsed");
            Nd4jDevice.require(device);
            StartupTiming.mark("ND4J backend");
            PrintWriter err = spec.commandLine().getErr();
            RunConfig cfg = SettingsCheck.resolve(resolveConfig(), w -> {
                err.println(SettingsCheck.line(w));
                err.flush();
            }).withPlugins(pluginOptions.jars()).validate();
            Trainer.checkStrategy(cfg);   // unknown env or strategy, bad options: fail before creating a folder
            Trainer.engine(cfg);          // engine not on the class path: likewise
            Trainer.checkBackend(cfg);    // --backend cuda without a usable GPU: likewise
            try (RunDirectory dir = this.out != null ? RunDirectory.create(this.out, force)
                    : RunDirectory.claimNew(defaultFolder(cfg))) {
                StartupTiming.mark("config, strategy, folder");
                announce(cfg, dir);
                outcome = whileRunning(dir, () -> Trainer.train(cfg, dir, progress(out, cfg.env())));
            }
        }
        printSummary(out, outcome, pluginOptions.commandLineSuffix());
    }

    /** Where runs go without --out: {@code $DIFFEVO4J_RUNS_DIR} (the container image sets /runs), else runs/. */
    static final String RUNS_DIR_VAR = "DIFFEVO4J_RUNS_DIR";

    /**
     * {@code runs/<env>-<date>-<time>.<millis>-s<seed>}: runs of a seed sweep started together get
     * different names, and {@link RunDirectory#claimNew} adds a suffix if two still collide.
     */
    static Path defaultFolder(RunConfig cfg) {
        String root = System.getenv(RUNS_DIR_VAR);
        return Path.of(root != null && !root.isBlank() ? root : "runs", cfg.env() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS")) + "-s" + cfg.seed());
    }

    /**
     * Runs the training and, if the process is interrupted (Ctrl-C, SIGTERM) before it finishes,
     * says on stderr how to continue: the checkpoint of the last complete step is on disk.
     */
    private Trainer.Outcome whileRunning(RunDirectory dir, java.util.function.Supplier<Trainer.Outcome> training) {
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        Thread hint = new Thread(() -> {
            if (!finished.get()) {
                System.err.println();
                System.err.println("interrupted; continue this run with: ./diffevo4j train --resume " + dir.path()
                        + pluginOptions.commandLineSuffix());
                System.err.flush();
            }
        }, "diffevo4j-resume-hint");
        Runtime.getRuntime().addShutdownHook(hint);
        try {
            return training.get();
        } finally {
            finished.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(hint);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook runs and sees the run finished or not
            }
        }
    }

    /** Libraries that warn about their environment (Spark's hostname check, Hadoop's natives): errors only. */
    private static void quietLibraries() {
        for (String name : List.of("org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty")) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger l) {
                l.setLevel(ch.qos.logback.classic.Level.ERROR);
            }
        }
    }

    private void announce(RunConfig cfg, RunDirectory dir) {
        if (!quiet) {
            // looked up here, not in a static field: picocli creates every command at start-up, and
            // `--version` should not pay for configuring logback
            Logger log = LoggerFactory.getLogger(TrainCommand.class);
            log.info("{} on {}: {} x {} steps, rollout backend {}, ND4J backend {}, device {}; run folder {}",
                    cfg.strategy(), cfg.env(), cfg.population(), cfg.steps(), rolloutBackend(cfg),
                    Nd4jDevice.backendName(), Nd4jDevice.deviceName(), dir.path());
        }
    }

    /** E.g. {@code jvm}, {@code cuda}, {@code jvm (auto)}; the engine's name for another engine. */
    private static String rolloutBackend(RunConfig cfg) {
        if (!cfg.engine().equals("local")) {
            return "of engine " + cfg.engine();
        }
        try {
            String b = Trainer.rolloutBackend(cfg).name().toLowerCase(Locale.ROOT);
            return cfg.backend().equals("auto") ? b + " (auto)" : b;
        } catch (IllegalArgumentException | UserError e) {
            return cfg.backend();   // not validated yet (a --resume's new --backend): reported right after
        }
    }

    private Trainer.Progress progress(PrintWriter out, String envId) {
        // a bar only where a person watches; pipes, CI logs and tests get plain lines
        return ConsoleProgress.choose(quiet, System.console() != null, out, System.err, SuccessRule.defined(envId));
    }

    /** Defaults for the env, then the config file, then the flags. */
    RunConfig resolveConfig() {
        RunConfig fromFile = config != null ? ConfigFiles.read(config) : null;
        String envId = env != null ? env : fromFile != null ? fromFile.env() : null;
        if (envId == null) {
            throw new UserError("which environment? pass --env ID (see `diffevo4j envs`) or a --config with \"env\"");
        }
        RunConfig b = fromFile != null ? fromFile : RunConfig.defaults(envId);
        return new RunConfig(envId,
                strategy != null ? strategy : b.strategy(),
                population != null ? population : b.population(),
                steps != null ? steps : b.steps(),
                latentDim != null ? latentDim : b.latentDim(),
                hidden != null ? hidden : b.hidden(),
                activation != null ? activation : b.activation(),
                episodes != null ? episodes : b.episodes(),
                temperature != null ? temperature : b.temperature(),
                eta != null ? eta : b.eta(),
                seed != null ? seed : b.seed(),
                backend != null ? backend : b.backend(),
                threads != null ? threads : b.threads(),
                maxEpisodeSteps != null ? maxEpisodeSteps : b.maxEpisodeSteps(),
                engine != null ? engine : master != null || partitions != null ? "spark" : b.engine(),
                master != null ? master : b.master(),
                partitions != null ? partitions : b.partitions(),
                selectTop != null ? selectTop : b.selectTop(),
                selectEpisodes != null ? selectEpisodes : b.selectEpisodes(),
                checkpointEvery != null ? checkpointEvery : b.checkpointEvery(),
                strategyOptions(b),
                b.plugins()).validate();
    }

    /** The config file's strategy options, then the --strategy-option flags (which win). */
    private Map<String, String> strategyOptions(RunConfig fromFileOrDefaults) {
        Map<String, String> o = new LinkedHashMap<>(fromFileOrDefaults.strategyOptions());
        if (strategyOptions != null) {
            o.putAll(strategyOptions);
        }
        return o;
    }

    /** Flags that would change what a resumed run computes; execution settings only change how. */
    private List<String> hyperparameterFlagsGiven() {
        List<String> given = new ArrayList<>();
        Object[][] flags = {{"--env", env}, {"--config", config}, {"--strategy", strategy}, {"--population", population},
            {"--steps", steps}, {"--latent-dim", latentDim}, {"--hidden", hidden}, {"--activation", activation},
            {"--episodes", episodes}, {"--temperature", temperature}, {"--eta", eta}, {"--seed", seed},
            {"--max-episode-steps", maxEpisodeSteps}, {"--out", out}, {"--engine", engine},
            {"--select-top", selectTop}, {"--select-episodes", selectEpisodes}, {"--strategy-option", strategyOptions}};
        for (Object[] f : flags) {
            if (f[1] != null) {
                given.add((String) f[0]);
            }
        }
        return given;
    }

    private static void printSummary(PrintWriter out, Trainer.Outcome o, String pluginFlags) {
        StepMetrics last = o.metrics().get(o.metrics().size() - 1);
        Path dir = o.dir().path();
        out.printf(Locale.ROOT, "%s on %s finished after %d steps: final population return mean %.2f +- %.2f "
                        + "(min %.2f, max %.2f)%s%n",
                o.config().strategy(), o.config().env(), o.metrics().size(), last.returnMean(), last.returnStd(),
                last.returnMin(), last.returnMax(), SuccessRule.describe(o.config().env(), last.successRate()));
        Selection.Choice s = o.saved();
        if (s.episodes() > 0) {
            out.printf(Locale.ROOT, "saved policy: training return %.2f; re-evaluated %.2f +- %.2f over %d fresh episodes "
                            + "(best of %d candidates); episode cap %d steps%n", s.trainReturn(), s.mean(), s.std(),
                    s.episodes(), s.candidates(), o.config().maxEpisodeSteps());
        } else {
            out.printf(Locale.ROOT, "saved policy: training return %.2f (not re-evaluated: select_episodes 0, expect less "
                    + "from eval); episode cap %d steps%n", s.trainReturn(), o.config().maxEpisodeSteps());
        }
        out.printf("results in %s (config.json, metrics.jsonl, checkpoint.bin, best-policy.json, best-policy.zip, fitness.png, report.html)%n", dir);
        out.printf("evaluate the best policy with: ./diffevo4j eval %s --episodes 100%s%n", dir, pluginFlags);
        out.flush();
    }
}
