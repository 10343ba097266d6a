package org.diffevo4j.trainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.diffevo4j.core.WorkQueue;
import org.diffevo4j.core.benchmarks.TwoDBenchmark;
import org.diffevo4j.core.benchmarks.TwoDFunction;
import org.diffevo4j.core.benchmarks.TwoDSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code diffevo4j reproduce rl|2d|all}: the paper's tables (docs/algorithm.md sections 6 and 7) by
 * one command, into a folder with {@code report.md}, {@code results.json} and the figures.
 *
 * <p>Every run (cell x seed) is a task of one pool of {@code --threads} threads; a run's numbers
 * depend only on its cell and seed (RL runs use one rollout thread each), so the results are the
 * same whatever the thread count. The 2-D runs are {@link TwoDSuite#run}, as in {@code optimize}.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce the paper's RL table and 2-D benchmark table: report.md, results.json and figures.",
                "RL methods: diffusion, latent-diffusion, large-latent-diffusion, cmaes.",
                "2-D methods: diffusion, latent-diffusion, cmaes, openes, pepg, map-elites."},
        footer = {"", "Examples:", "  diffevo4j reproduce rl --seeds 10", "  diffevo4j reproduce 2d --seeds 100 --out repro-2d",
                "  diffevo4j reproduce all --seeds 3 --envs CartPole-v1 --functions himmelblau --methods diffusion,cmaes"})
final class ReproduceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SUITE", description = "rl, 2d or all.")
    String suite;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per cell (default 10; the paper: 100 for 2-D).")
    int seeds = 10;

    @Option(names = "--seed", paramLabel = "S", description = "First seed; the runs use S, S+1, ... (default 0).")
    long seed = 0;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default reproduce-<timestamp>).")
    Path out;

    @Option(names = "--threads", paramLabel = "K", description = "Runs in parallel (default: all processors).")
    Integer threads;

    @Option(names = "--envs", paramLabel = "A,B", description = "RL environments or `all` (default all).")
    String envs = "all";

    @Option(names = "--functions", paramLabel = "A,B", description = "2-D functions or `all` (default all).")
    String functions = "all";

    @Option(names = "--methods", paramLabel = "A,B", description = "Methods or `all` (default all).")
    String methods = "all";

    @Option(names = "--scaling", paramLabel = "X", description = "RL genome scaling (default 1; the paper also ran 10).")
    double scaling = 1.0;

    @Option(names = "--force", description = "Write into an existing non-empty folder.")
    boolean force;

    @Option(names = "--quiet", description = "Print only the summary.")
    boolean quiet;

    @Option(names = "--rl-population", hidden = true, description = "RL population (tests; default the paper's 256).")
    Integer rlPopulation;

    @Option(names = "--rl-steps", hidden = true, description = "RL steps (tests; default the paper's 10).")
    Integer rlSteps;

    /** Whether a progress bar may be drawn (a terminal); tests leave it false. */
    static boolean terminal() {
        return System.console() != null;
    }

    @Override
    public void run() {
        String s = suite.toLowerCase(Locale.ROOT);
        if (!List.of("rl", "2d", "all").contains(s)) {
            throw new UserError("unknown suite '" + suite + "'; expected rl, 2d or all");
        }
        boolean doRl = !s.equals("2d");
        boolean do2d = !s.equals("rl");
        if (seeds < 1) {
            throw new UserError("--seeds must be >= 1, got " + seeds);
        }
        int k = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (k < 1) {
            throw new UserError("--threads must be >= 1, got " + k);
        }
        if (!(scaling > 0) || Double.isInfinite(scaling)) {
            throw new UserError("--scaling must be positive and finite, got " + scaling);
        }
        if (rlPopulation != null && rlPopulation < 2 || rlSteps != null && rlSteps < 2) {
            throw new UserError("--rl-population and --rl-steps must be >= 2");
        }
        List<String> envList = doRl ? pick("--envs", envs, RlSuite.ENVS) : List.of();
        List<String> fnList = do2d ? pick("--functions", functions,
                TwoDSuite.functions().stream().map(TwoDFunction::key).toList()) : List.of();
        List<String> rlMethods = new ArrayList<>();
        List<String> twoDMethods = new ArrayList<>();
        selectMethods(doRl, do2d, rlMethods, twoDMethods);
        Path dir = out != null ? out : Path.of("reproduce-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC).format(Instant.now()));
        prepare(dir);

        long[] runSeeds = TwoDSuite.seeds(seed, seeds);
        List<ReproduceReport.RlCell> rlCells = new ArrayList<>();
        List<TwoDSuite.Cell> twoDCells = new ArrayList<>();
        RlSuite.Run[][] rlRuns = new RlSuite.Run[envList.size() * rlMethods.size()][seeds];
        TwoDSuite.Run[][] twoDRuns = new TwoDSuite.Run[fnList.size() * twoDMethods.size()][seeds];
        List<Runnable> tasks = new ArrayList<>();
        int cellCount = rlRuns.length + twoDRuns.length;
        AtomicInteger[] left = new AtomicInteger[cellCount];
        for (int c = 0; c < cellCount; c++) {
            left[c] = new AtomicInteger(seeds);
        }
        Progress progress = new Progress(quiet, terminal(), spec.commandLine().getOut(), cellCount, cellCount * seeds);
        // the 2-D cells first: the high-dimensional ones are the longest tasks
        for (int fi = 0; fi < fnList.size(); fi++) {
            TwoDFunction f = TwoDFunction.of(fnList.get(fi));
            for (int mi = 0; mi < twoDMethods.size(); mi++) {
                int cell = fi * twoDMethods.size() + mi;
                String m = twoDMethods.get(mi);
                String label = "2d " + f.key() + " " + m;
                for (int si = 0; si < seeds; si++) {
                    int i = si;
                    tasks.add(() -> {
                        twoDRuns[cell][i] = TwoDSuite.run(f, m, runSeeds[i], TwoDBenchmark.Settings.PAPER, i == 0);
                        progress.runDone(left[rlRuns.length + cell].decrementAndGet() == 0, label);
                    });
                }
            }
        }
        for (int ei = 0; ei < envList.size(); ei++) {
            String env = envList.get(ei);
            for (int mi = 0; mi < rlMethods.size(); mi++) {
                int cell = ei * rlMethods.size() + mi;
                String m = rlMethods.get(mi);
                String label = "rl " + env + " " + m;
                for (int si = 0; si < seeds; si++) {
                    int i = si;
                    tasks.add(() -> {
                        rlRuns[cell][i] = RlSuite.run(env, m, runSeeds[i], scaling, rlPopulation, rlSteps);
                        progress.runDone(left[cell].decrementAndGet() == 0, label);
                    });
                }
            }
        }
        long wall0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        try {
            runAll(tasks, k);
        } finally {
            progress.close();
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;

        for (int ei = 0; ei < envList.size(); ei++) {
            for (int mi = 0; mi < rlMethods.size(); mi++) {
                String m = rlMethods.get(mi);
                rlCells.add(new ReproduceReport.RlCell(envList.get(ei), m, scaling,
                        List.of(rlRuns[ei * rlMethods.size() + mi])));
            }
        }
        for (int fi = 0; fi < fnList.size(); fi++) {
            for (int mi = 0; mi < twoDMethods.size(); mi++) {
                TwoDSuite.Run[] runs = twoDRuns[fi * twoDMethods.size() + mi];
                twoDCells.add(new TwoDSuite.Cell(fnList.get(fi), twoDMethods.get(mi), List.of(runs)));
            }
        }
        List<String> figures = new ArrayList<>();
        for (int fi = 0; fi < fnList.size(); fi++) {
            Map<String, double[][]> positions = new LinkedHashMap<>();
            for (int mi = 0; mi < twoDMethods.size(); mi++) {
                positions.put(twoDMethods.get(mi), twoDRuns[fi * twoDMethods.size() + mi][0].positions());
            }
            String name = "2d-" + fnList.get(fi) + ".png";
            SuiteFigures.twoD(dir.resolve(name), TwoDFunction.of(fnList.get(fi)), positions, runSeeds[0]);
            figures.add(name);
        }
        for (String env : envList) {
            Map<String, List<double[]>> curves = new LinkedHashMap<>();
            for (ReproduceReport.RlCell c : rlCells) {
                if (c.env().equals(env)) {
                    curves.put(c.method(), c.runs().stream().map(RlSuite.Run::curve).toList());
                }
            }
            String name = "rl-" + env + ".png";
            SuiteFigures.rl(dir.resolve(name), env, scaling, curves);
            figures.add(name);
        }

        String command = "diffevo4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", command);
        doc.put("first_seed", seed);
        doc.put("seeds_per_cell", seeds);
        doc.put("threads", k);
        doc.put("processors", Runtime.getRuntime().availableProcessors());
        doc.put("wall_seconds", wall);
        doc.put("cpu_seconds", cpu);
        List<Map<String, Object>> records = new ArrayList<>();
        rlCells.forEach(c -> records.add(ReproduceReport.record(c)));
        twoDCells.forEach(c -> records.add(ReproduceReport.record(c)));
        doc.put("results", records);
        write(dir.resolve("results.json"), ConfigFiles.toJson(doc) + "\n");

        StringBuilder md = new StringBuilder();
        md.append("# Diffusion Evolution paper, reproduced by diffevo4j\n\n");
        md.append("Command: `").append(command).append("`  \n");
        md.append(String.format(Locale.ROOT, "Seeds %d..%d per cell, %d threads on %d processors; wall %.1f s, "
                        + "process CPU %.1f s (%.2f cores busy on average); load average (1 min) at the end %.2f.%n%n",
                seed, seed + seeds - 1, k, Runtime.getRuntime().availableProcessors(), wall, cpu,
                wall > 0 ? cpu / wall : 0, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        if (doRl) {
            md.append(ReproduceReport.rlSection(rlCells, envList, rlMethods, scaling));
            if (rlMethods.contains("cmaes")) {
                md.append("CMA-ES: popsize 256, sigma0 ").append(ReproduceReport.fmtNum(scaling))
                        .append(", mean 0, raw returns, 10 generations, elitist, as the paper (pycma with "
                                + "CMA_elitist=True): the best-so-far solution is put in front of the ranking "
                                + "when it beats the whole generation, as pycma's tell() re-injects it; with the "
                                + "active covariance update on, as pycma's default CMA_active=True.");
                if (scaling != 1.0) {
                    md.append(" With scaling x, CMA-ES searches with sigma0 = x (the same search as evaluating "
                            + "x * genome from mean 0).");
                }
                md.append("\n\n");
            }
            if (rlPopulation != null || rlSteps != null) {
                md.append("Not the paper's RL budget: population ").append(rlPopulation != null ? rlPopulation : 256)
                        .append(", steps ").append(rlSteps != null ? rlSteps : 10).append(".\n\n");
            }
        }
        if (do2d) {
            md.append(ReproduceReport.twoDSection(twoDCells, fnList, twoDMethods));
        }
        md.append("## Figures\n\n");
        for (String fig : figures) {
            md.append("![").append(fig).append("](").append(fig).append(")\n\n");
        }
        write(dir.resolve("report.md"), md.toString());

        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "reproduce %s: %d cells x %d seeds in %.1f s wall, %.1f s CPU; wrote %s (report.md, "
                + "results.json, %d figures)%n", s, cellCount, seeds, wall, cpu, dir, figures.size());
        o.flush();
    }

    private static void write(Path file, String text) {
        try {
            AtomicFiles.write(file, text);
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b) {
            return b.getProcessCpuTime();
        }
        return 0;
    }

    /** A comma list or {@code all}, each name known (case-insensitive, returned in the known spelling). */
    private static List<String> pick(String flag, String value, List<String> known) {
        if (value.equalsIgnoreCase("all")) {
            return known;
        }
        List<String> out = new ArrayList<>();
        for (String v : value.split(",")) {
            String t = v.trim();
            String hit = known.stream().filter(x -> x.equalsIgnoreCase(t)).findFirst().orElse(null);
            if (hit == null) {
                throw new UserError(flag + ": unknown name '" + t + "'; known: " + String.join(", ", known) + ", all");
            }
            if (!out.contains(hit)) {
                out.add(hit);
            }
        }
        return out;
    }

    private void selectMethods(boolean doRl, boolean do2d, List<String> rl, List<String> twoD) {
        List<String> rlKnown = RlSuite.METHODS;
        List<String> twoDKnown = TwoDSuite.methods();
        if (methods.equalsIgnoreCase("all")) {
            rl.addAll(rlKnown);
            twoD.addAll(twoDKnown);
            return;
        }
        List<String> known = Stream.concat(doRl ? rlKnown.stream() : Stream.empty(),
                do2d ? twoDKnown.stream() : Stream.empty()).distinct().toList();
        for (String m : pick("--methods", methods, known)) {
            if (doRl && rlKnown.contains(m)) {
                rl.add(m);
            }
            if (do2d && twoDKnown.contains(m)) {
                twoD.add(m);
            }
        }
        if (doRl && rl.isEmpty()) {
            throw new UserError("--methods " + methods + " names no RL method; RL methods: " + String.join(", ", rlKnown));
        }
        if (do2d && twoD.isEmpty()) {
            throw new UserError("--methods " + methods + " names no 2-D method; 2-D methods: "
                    + String.join(", ", twoDKnown));
        }
    }

    private void prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("--out " + dir + " is a file, not a folder");
        }
        if (Files.isDirectory(dir)) {
            boolean empty;
            try (Stream<Path> list = Files.list(dir)) {
                empty = list.findAny().isEmpty();
            } catch (IOException e) {
                throw new UserError("cannot read folder " + dir + ": " + e.getMessage(), e);
            }
            if (!empty && !force) {
                throw new UserError("--out " + dir + " exists and is not empty; use --force to write into it");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError("cannot create folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void runAll(List<Runnable> tasks, int k) {
        WorkQueue.run(tasks.size(), k, "reproduce", i -> tasks.get(i).run());
    }

    /** Progress over runs: a bar on a terminal, a line per finished cell otherwise, nothing with --quiet. */
    static final class Progress {
        private final boolean quiet;
        private final PrintWriter out;
        private final int cells;
        private final int runs;
        private final long start = System.nanoTime();
        private final ProgressBar bar;
        private int cellsDone;
        private int runsDone;

        Progress(boolean quiet, boolean terminal, PrintWriter out, int cells, int runs) {
            this.quiet = quiet;
            this.out = out;
            this.cells = cells;
            this.runs = runs;
            this.bar = !quiet && terminal ? new ProgressBarBuilder().setTaskName("reproduce").setInitialMax(runs)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUnit(" runs", 1).build() : null;
        }

        synchronized void runDone(boolean cellDone, String label) {
            runsDone++;
            if (cellDone) {
                cellsDone++;
            }
            if (quiet) {
                return;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double leftSeconds = elapsed / runsDone * (runs - runsDone);
            if (bar != null) {
                bar.stepTo(runsDone);
                bar.setExtraMessage(String.format(Locale.ROOT, " cells %d/%d", cellsDone, cells));
            } else if (cellDone) {
                out.printf(Locale.ROOT, "cell %d/%d done (%s); runs %d/%d, elapsed %.1f s, about %.0f s left%n",
                        cellsDone, cells, label, runsDone, runs, elapsed, leftSeconds);
                out.flush();
            }
        }

        void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
