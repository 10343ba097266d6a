package org.diffevo4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Where a benchmark ran: the commit (so a raw output can be traced to its code) and the machine. */
final class BenchInfo {

    private BenchInfo() {
    }

    /** {@code git rev-parse HEAD} of the working directory, with "+dirty" when it has changes; "unknown" outside git. */
    static String commit() {
        try {
            String head = run("git", "rev-parse", "HEAD");
            String status = run("git", "status", "--porcelain", "--untracked-files=no");
            return head + (status.isEmpty() ? "" : "+dirty");
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version");
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
