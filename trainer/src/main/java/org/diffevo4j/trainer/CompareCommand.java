package org.diffevo4j.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.MlpPolicy;
import org.diffevo4j.environments.Environments;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code diffevo4j compare}: the curves of several runs on one chart and a table of their results.
 *
 * <p>Each argument is a run folder (its {@code metrics.jsonl}: the metric per step, with a band of plus
 * and minus its standard deviation when the metric is a {@code *_mean} with a matching {@code *_std})
 * or a {@code reproduce} result folder. A result folder holds {@code results.json}: a list of records
 * (at the top level, or under {@code "results"} or {@code "records"}); the records with
 * {@code "suite": "rl"} are read as {@code env}, {@code method}, {@code seeds} and {@code return_mean},
 * the final value per seed. A record with {@code "curves"} (one list of per-step values per seed) is
 * drawn as the mean over seeds with a band of one standard deviation; one without is drawn as its
 * per-seed final values, points at its {@code "steps"} (or step 0 when it records none).
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Put the return curves of several runs on one chart and print a table of their results.",
        footer = {"", "Examples:", "  diffevo4j compare runs/cartpole-latent runs/cartpole-cmaes --out compare.png",
            "  diffevo4j compare results/reproduce-20260101 --metric return_mean"})
final class CompareCommand implements Runnable {

    static {
        // Runs on servers and in CI: never try to open a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** Series colours, made on first use (picocli creates every command at start-up, {@code --version} too). */
    static final class Palette {
        static final Color[] COLORS = {new Color(40, 90, 180), new Color(214, 110, 30), new Color(50, 150, 70),
            new Color(200, 50, 60), new Color(120, 80, 170), new Color(130, 90, 60), new Color(210, 100, 170),
            new Color(100, 100, 100), new Color(170, 170, 40), new Color(30, 170, 190)};

        private Palette() {
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    PluginOptions pluginOptions;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run folders or reproduce result folders.")
    List<Path> dirs;

    @Option(names = "--out", paramLabel = "FILE.png", description = "Chart file (default compare.png).")
    Path out = Path.of("compare.png");

    @Option(names = "--metric", paramLabel = "NAME", description = "metrics.jsonl field to plot (default return_mean).")
    String metric = "return_mean";

    @Option(names = "--eval-episodes", paramLabel = "E",
            description = "Episodes to re-evaluate each run's best policy on (default 10, seed 0; 0 skips it).")
    int evalEpisodes = 10;

    @Option(names = "--title", description = "Chart title (default: the metric).")
    String title;

    @Option(names = "--force", description = "Overwrite the chart file if it exists.")
    boolean force;

    /** One line on the chart: a curve with an optional band, or points. */
    record Curve(String label, double[] x, double[] y, double[] std, boolean points) {
    }

    /** One row of the table; null fields print as "-". */
    record Row(String name, String strategy, String env, Integer steps, double finalMean, double finalStd,
               double best, String eval, Long agentSteps, Double seconds) {
    }

    @Override
    public void run() {
        pluginOptions.load();
        OutputFile.check(out, force);
        if (evalEpisodes < 0) {
            throw new UserError("--eval-episodes must be >= 0, got " + evalEpisodes);
        }
        List<Curve> curves = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path dir : dirs) {
            if (Files.isRegularFile(dir.resolve(RunDirectory.METRICS))) {
                readRun(dir, curves, rows, notes);
            } else if (Files.isRegularFile(dir.resolve("results.json"))) {
                readReproduce(dir, curves, rows);
            } else {
                throw new UserError(dir + " is neither a run folder (no " + RunDirectory.METRICS
                        + ") nor a reproduce result folder (no results.json)");
            }
        }
        if (curves.isEmpty()) {
            throw new UserError("nothing to plot: no run has a '" + metric + "' value yet");
        }
        writeChart(out, title != null ? title : metric, metric, curves);
        PrintWriter o = spec.commandLine().getOut();
        printTable(o, rows);
        for (String n : notes) {
            o.println("note: " + n);
        }
        o.printf("wrote %s%n", out);
        o.flush();
    }

    /** Made on first use, not when picocli creates the command at start-up. */
    private static final class Json {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private void readRun(Path dir, List<Curve> curves, List<Row> rows, List<String> notes) {
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        JsonNode config = Files.isRegularFile(dir.resolve(RunDirectory.CONFIG))
                ? readJson(dir.resolve(RunDirectory.CONFIG)) : Json.JSON.createObjectNode();
        String strategy = config.path("strategy").asText("?");
        String env = config.path("env").asText("?");
        List<Map<String, Object>> lines = RunDirectory.read(dir).readMetrics();
        if (lines.isEmpty()) {
            notes.add(name + " has no metrics yet (it stopped before its first step)");
            return;
        }
        if (!lines.get(0).containsKey(metric)) {
            throw new UserError("--metric " + metric + ": " + dir.resolve(RunDirectory.METRICS)
                    + " has no such field; it has " + String.join(", ", lines.get(0).keySet()));
        }
        String stdKey = metric.endsWith("_mean") ? metric.substring(0, metric.length() - 5) + "_std" : null;
        boolean band = stdKey != null && lines.get(0).containsKey(stdKey);
        int n = lines.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] s = band ? new double[n] : null;
        double best = Double.NEGATIVE_INFINITY;
        long agentSteps = 0;
        double seconds = 0;
        for (int i = 0; i < n; i++) {
            Map<String, Object> m = lines.get(i);
            x[i] = m.get("step") instanceof Number k ? k.doubleValue() : i;
            y[i] = num(m, metric);
            if (band) {
                s[i] = num(m, stdKey);
            }
            double b = m.containsKey("best_return") ? num(m, "best_return") : num(m, "return_max");
            if (!Double.isNaN(b)) {
                best = Math.max(best, b);
            }
            agentSteps += m.get("agent_steps") instanceof Number a ? a.longValue() : 0;
            seconds += (Double.isNaN(num(m, "eval_seconds")) ? 0 : num(m, "eval_seconds"))
                    + (Double.isNaN(num(m, "update_seconds")) ? 0 : num(m, "update_seconds"));
        }
        curves.add(new Curve(name + " (" + strategy + ")", x, y, s, false));
        Map<String, Object> last = lines.get(n - 1);
        rows.add(new Row(name, strategy, env, n, num(last, "return_mean"), num(last, "return_std"), best,
                reevaluate(dir, config, notes), agentSteps, seconds));
    }

    /** The best policy's mean return over {@code --eval-episodes} fresh episodes, as {@code eval} plays them. */
    private String reevaluate(Path dir, JsonNode config, List<String> notes) {
        Path policyPath = dir.resolve(RunDirectory.BEST_POLICY);
        if (evalEpisodes == 0 || !Files.isRegularFile(policyPath)) {
            return null;
        }
        try {
            PolicyFile pf = PolicyFile.read(policyPath);
            MlpPolicy policy = new MlpPolicy(pf.spec(pf.env()), pf.parameters());
            int limit = Environments.spec(pf.env()).maxEpisodeSteps();
            int cap = Math.min(limit, config.path("max_episode_steps").asInt(limit));
            long[] seeds = EpisodeSeeds.derive(0, evalEpisodes);
            double[] r = new double[evalEpisodes];
            for (int e = 0; e < evalEpisodes; e++) {
                r[e] = policy.play(Environments.make(pf.env()), seeds[e], cap).totalReturn();
            }
            Summary s = Summary.of(r);
            return String.format(Locale.ROOT, "%.1f +- %.1f", s.mean(), s.std());
        } catch (UserError | IllegalArgumentException e) {
            notes.add(dir + ": best policy not re-evaluated: " + e.getMessage());
            return null;
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble(Double.NaN);
        }
        return v;
    }

    private void readReproduce(Path dir, List<Curve> curves, List<Row> rows) {
        String folder = dir.toAbsolutePath().normalize().getFileName().toString();
        JsonNode root = readJson(dir.resolve("results.json"));
        JsonNode records = root.isArray() ? root : root.has("results") ? root.get("results") : root.path("records");
        if (!records.isArray()) {
            throw new UserError(dir.resolve("results.json") + " holds no list of records (expected a list, "
                    + "or one under \"results\" or \"records\")");
        }
        int found = 0;
        for (JsonNode r : records) {
            if (!"rl".equals(r.path("suite").asText("rl")) || !r.has("method") || !r.has("return_mean")) {
                continue;
            }
            found++;
            String method = r.path("method").asText();
            String env = r.path("env").asText("?");
            double[] finals = r.get("return_mean").isArray() ? doubles(r.get("return_mean"))
                    : new double[] {r.get("return_mean").asDouble()};
            String label = folder + ": " + method + " " + env + " (" + finals.length + " seeds)";
            JsonNode curvesNode = r.get("curves");
            if (curvesNode != null && curvesNode.isArray() && curvesNode.size() > 0) {
                int len = Integer.MAX_VALUE;
                for (JsonNode c : curvesNode) {
                    len = Math.min(len, c.size());
                }
                double[] x = new double[len];
                double[] mean = new double[len];
                double[] std = new double[len];
                for (int t = 0; t < len; t++) {
                    double[] at = new double[curvesNode.size()];
                    for (int k = 0; k < at.length; k++) {
                        at[k] = curvesNode.get(k).get(t).asDouble();
                    }
                    Summary s = Summary.of(at);
                    x[t] = t;
                    mean[t] = s.mean();
                    std[t] = s.std();
                }
                curves.add(new Curve(label, x, mean, std, false));
            } else {
                double[] x = new double[finals.length];
                java.util.Arrays.fill(x, r.has("steps") ? r.get("steps").asDouble() - 1 : 0);
                curves.add(new Curve(label, x, finals, null, true));
            }
            Summary s = Summary.of(finals);
            Long agentSteps = r.has("agent_steps") ? r.get("agent_steps").asLong() : null;
            Double seconds = r.has("seconds") ? Double.valueOf(r.get("seconds").asDouble()) : null;
            rows.add(new Row(folder + ":" + method, method, env, r.has("steps") ? r.get("steps").asInt() : null,
                    s.mean(), s.std(), s.max(), null, agentSteps, seconds));
        }
        if (found == 0) {
            throw new UserError(dir.resolve("results.json") + " has no \"suite\": \"rl\" records with "
                    + "\"method\" and \"return_mean\"");
        }
    }

    /** Draws the curves: one colour per curve, its band lighter and left out of the legend. */
    static void writeChart(Path png, String title, String yTitle, List<Curve> curves) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
                .xAxisTitle("step").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setMarkerSize(6);
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            Color color = Palette.COLORS[i % Palette.COLORS.length];
            if (c.std() != null) {
                int n = c.x().length;
                double[] bx = new double[2 * n];
                double[] by = new double[2 * n];
                for (int k = 0; k < n; k++) {
                    bx[k] = c.x()[k];
                    by[k] = c.y()[k] + c.std()[k];
                    bx[2 * n - 1 - k] = c.x()[k];
                    by[2 * n - 1 - k] = c.y()[k] - c.std()[k];
                }
                XYSeries bandSeries = chart.addSeries(c.label() + " \u00b1 std", bx, by);
                bandSeries.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                bandSeries.setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
                bandSeries.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0));
                bandSeries.setMarker(SeriesMarkers.NONE);
                bandSeries.setShowInLegend(false);
            }
            XYSeries s = chart.addSeries(c.label(), c.x(), c.y());
            s.setLineColor(color);
            s.setMarkerColor(color);
            if (c.points()) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.DIAMOND);
            } else {
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setLineStyle(new BasicStroke(2f));
            }
        }
        try {
            AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + png + ": " + e.getMessage(), e);
        }
    }

    private static void printTable(PrintWriter o, List<Row> rows) {
        String fmt = "%-32s %-16s %-24s %5s %20s %10s %16s %12s %9s%n";
        o.printf(Locale.ROOT, fmt, "run", "strategy", "env", "steps", "final return", "best", "best policy eval",
                "agent-steps", "seconds");
        for (Row r : rows) {
            o.printf(Locale.ROOT, fmt, r.name(), r.strategy(), r.env(), r.steps() == null ? "-" : r.steps().toString(),
                    Double.isNaN(r.finalMean()) ? "-" : String.format(Locale.ROOT, "%.2f +- %.2f", r.finalMean(),
                            Double.isNaN(r.finalStd()) ? 0.0 : r.finalStd()),
                    Double.isInfinite(r.best()) || Double.isNaN(r.best()) ? "-"
                            : String.format(Locale.ROOT, "%.2f", r.best()),
                    r.eval() == null ? "-" : r.eval(),
                    r.agentSteps() == null ? "-" : r.agentSteps().toString(),
                    r.seconds() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.seconds()));
        }
    }
}
