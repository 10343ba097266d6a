package org.diffevo4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The provenance block every benchmark writes at the top of its output file, so that a committed raw
 * output says which code measured it, with which arguments, on what machine and under what load
 * (figures on a shared machine mean little without the load).
 */
final class BenchInfo {

    /** System property carrying the measured commit; {@code bench/run.sh} sets it. */
    static final String COMMIT_PROPERTY = "diffevo4j.bench.commit";

    private BenchInfo() {
    }

    /**
     * Markdown lines: commit, command, start time (UTC), JVM, processors, load average.
     *
     * @param main the benchmark's class
     * @param args its command-line arguments
     */
    static String header(Class<?> main, String[] args) {
        StringBuilder sb = new StringBuilder();
        sb.append("- commit: ").append(commit()).append('\n');
        sb.append("- command: ").append(main.getSimpleName());
        for (String a : args) {
            sb.append(' ').append(a.contains(";") || a.contains(" ") ? "'" + a + "'" : a);
        }
        sb.append('\n');
        sb.append("- jvm options: ").append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()
                .stream().filter(o -> !o.startsWith("-D" + COMMIT_PROPERTY)).toList())).append('\n');
        sb.append("- started: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        sb.append("- java: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(", ").append(System.getProperty("os.arch"))
                .append('\n');
        sb.append("- processors: ").append(Runtime.getRuntime().availableProcessors()).append(", ")
                .append(loadAverage()).append('\n');
        return sb.toString();
    }

    /** The one-line load note, also written after a benchmark's last row. */
    static String loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? "load average unavailable" : String.format(Locale.ROOT, "load average (1 min) %.2f", l);
    }

    /**
     * The commit under measurement: the {@value #COMMIT_PROPERTY} property if set, else asks git
     * (with "+uncommitted changes" when tracked files differ from it), else "unknown".
     */
    static String commit() {
        String p = System.getProperty(COMMIT_PROPERTY);
        if (p != null && !p.isBlank()) {
            return p;
        }
        String head = git("rev-parse", "HEAD");
        if (head == null || head.isEmpty()) {
            return "unknown (not run from a git working tree)";
        }
        String dirty = git("status", "--porcelain", "--untracked-files=no");
        return dirty == null || dirty.isEmpty() ? head : head + " +uncommitted changes";
    }

    private static String git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out;
            try (InputStream in = pr.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!pr.waitFor(10, TimeUnit.SECONDS) || pr.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
