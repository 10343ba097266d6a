package org.diffevo4j.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page per run folder, to open in any browser or attach to a
 * mail: the run's config, a summary, the return chart ({@code fitness.png}), the metrics table and the
 * rendered episode ({@code episode.gif}) when there is one. Images are embedded as {@code data:} URIs;
 * the page loads nothing else and runs no script.
 *
 * <pre>{@code
 * HtmlReport.write(runDir);   // at the end of `train`, and by `diffevo4j report`
 * }</pre>
 */
public final class HtmlReport {

    /** The report's name in the run folder. */
    public static final String FILE = "report.html";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HtmlReport() {
    }

    /**
     * Writes (or rewrites) {@code report.html} in {@code runDir} atomically and returns its path.
     *
     * @throws UserError if the folder holds no run (no config.json and no metrics.jsonl)
     */
    public static Path write(Path runDir) {
        Path target = runDir.resolve(FILE);
        AtomicFiles.write(target, html(runDir));
        return target;
    }

    /** The page for a run folder. */
    static String html(Path runDir) {
        Path config = runDir.resolve(RunDirectory.CONFIG);
        Path metricsFile = runDir.resolve(RunDirectory.METRICS);
        if (!Files.isDirectory(runDir)) {
            throw new UserError("no run folder at " + runDir);
        }
        if (!Files.isRegularFile(config) && !Files.isRegularFile(metricsFile)) {
            throw new UserError(runDir + " holds no run (no " + RunDirectory.CONFIG + ", no "
                    + RunDirectory.METRICS + ")");
        }
        JsonNode cfg = Files.isRegularFile(config) ? read(config) : JSON.createObjectNode();
        List<Map<String, Object>> metrics = Files.isRegularFile(metricsFile)
                ? RunDirectory.read(runDir).readMetrics() : List.of();
        JsonNode policy = Files.isRegularFile(runDir.resolve(RunDirectory.BEST_POLICY))
                ? read(runDir.resolve(RunDirectory.BEST_POLICY)) : null;
        String name = runDir.toAbsolutePath().normalize().getFileName().toString();
        String env = cfg.path("env").asText(policy != null ? policy.path("env").asText("?") : "?");
        String strategy = cfg.path("strategy").asText("?");

        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc("diffevo4j run " + name)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1100px;")
                .append("padding:0 1em;color:#222;background:#fff}\n")
                .append("h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}\n")
                .append("table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.25em .6em;")
                .append("text-align:right}th{background:#f3f3f3}td.k,th.k{text-align:left}\n")
                .append(".sub{color:#666}img{max-width:100%;height:auto;border:1px solid #eee}\n")
                .append(".scroll{max-height:30em;max-width:100%;overflow:auto;display:inline-block}\n")
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(env)).append(" &middot; ").append(esc(strategy)).append("</h1>\n");
        h.append("<p class=\"sub\">run folder <code>").append(esc(name)).append("</code>");
        JsonNode version = cfg.path("runtime").path("diffevo4j");
        if (!version.isMissingNode()) {
            h.append(" &middot; diffevo4j ").append(esc(version.asText()));
        }
        h.append("</p>\n");

        summary(h, cfg, metrics, policy);

        h.append("<h2 id=\"chart\">Return</h2>\n");
        Path png = runDir.resolve(RunDirectory.PLOT);
        if (Files.isRegularFile(png)) {
            h.append("<img id=\"fitness\" alt=\"episode return per step\" src=\"data:image/png;base64,")
                    .append(base64(png)).append("\">\n");
        } else {
            h.append("<p>No ").append(RunDirectory.PLOT).append(" in the run folder.</p>\n");
        }

        Path gif = runDir.resolve(RenderCommand.EPISODE_GIF);
        if (Files.isRegularFile(gif)) {
            h.append("<h2 id=\"episode\">Best policy, one episode</h2>\n")
                    .append("<img id=\"episode-gif\" alt=\"an episode of the best policy\" src=\"data:image/gif;base64,")
                    .append(base64(gif)).append("\">\n");
        } else {
            h.append("<p class=\"sub\">No episode rendered yet: <code>diffevo4j render ").append(esc(name))
                    .append("</code> then <code>diffevo4j report ").append(esc(name)).append("</code> adds it.</p>\n");
        }

        h.append("<h2 id=\"config\">Config</h2>\n<table>\n");
        Iterator<Map.Entry<String, JsonNode>> fields = cfg.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isObject()) {
                Iterator<Map.Entry<String, JsonNode>> sub = f.getValue().fields();
                while (sub.hasNext()) {
                    Map.Entry<String, JsonNode> s = sub.next();
                    row(h, f.getKey() + "." + s.getKey(), text(s.getValue()));
                }
            } else {
                row(h, f.getKey(), text(f.getValue()));
            }
        }
        h.append("</table>\n");

        h.append("<h2 id=\"metrics\">Metrics per step</h2>\n");
        if (metrics.isEmpty()) {
            h.append("<p>No metrics yet.</p>\n");
        } else {
            List<String> keys = new ArrayList<>(metrics.get(0).keySet());
            h.append("<div class=\"scroll\"><table id=\"metrics-table\">\n<tr>");
            for (String k : keys) {
                h.append("<th>").append(esc(k)).append("</th>");
            }
            h.append("</tr>\n");
            for (Map<String, Object> m : metrics) {
                h.append("<tr>");
                for (String k : keys) {
                    h.append("<td>").append(esc(format(m.get(k)))).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table></div>\n");
        }
        h.append("<p class=\"sub\">Written by <code>diffevo4j report</code>.</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void summary(StringBuilder h, JsonNode cfg, List<Map<String, Object>> metrics, JsonNode policy) {
        h.append("<h2 id=\"summary\">Summary</h2>\n<table>\n");
        int planned = cfg.path("steps").asInt(0);
        row(h, "steps done", metrics.size() + (planned > 0 ? " of " + planned : ""));
        if (!metrics.isEmpty()) {
            Map<String, Object> last = metrics.get(metrics.size() - 1);
            row(h, "final return (mean +- std)", format(last.get("return_mean")) + " +- " + format(last.get("return_std")));
            row(h, "final return (min .. max)", format(last.get("return_min")) + " .. " + format(last.get("return_max")));
            if (last.containsKey("success_rate")) {
                row(h, "final success rate", format(last.get("success_rate")));
            }
            double best = Double.NEGATIVE_INFINITY;
            long agentSteps = 0;
            double seconds = 0;
            for (Map<String, Object> m : metrics) {
                Object b = m.containsKey("best_return") ? m.get("best_return") : m.get("return_max");
                if (b instanceof Number n) {
                    best = Math.max(best, n.doubleValue());
                }
                agentSteps += m.get("agent_steps") instanceof Number n ? n.longValue() : 0;
                seconds += (m.get("eval_seconds") instanceof Number n ? n.doubleValue() : 0)
                        + (m.get("update_seconds") instanceof Number n ? n.doubleValue() : 0);
            }
            if (Double.isFinite(best)) {
                row(h, "best return seen", format(best));
            }
            row(h, "agent-steps", Long.toString(agentSteps));
            row(h, "training seconds (eval + update)", String.format(Locale.ROOT, "%.2f", seconds));
        }
        if (policy != null) {
            row(h, "best policy", "hidden " + text(policy.path("hidden")) + ", " + policy.path("activation").asText("?")
                    + ", " + policy.path("parameter_count").asText("?") + " parameters, training return "
                    + format(policy.path("return").asDouble(Double.NaN)));
        }
        h.append("</table>\n");
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th class=\"k\">").append(esc(key)).append("</th><td class=\"k\">").append(esc(value))
                .append("</td></tr>\n");
    }

    private static String text(JsonNode v) {
        return v.isValueNode() ? v.asText() : v.toString();
    }

    static String format(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "-";
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e9) {
                return String.format(Locale.ROOT, "%.1f", d);
            }
            return String.format(Locale.ROOT, Math.abs(d) >= 0.01 || d == 0 ? "%.3f" : "%.3g", d);
        }
        return v.toString();
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }
}
