package org.diffevo4j.trainer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.diffevo4j.agents.protocol.StepMetrics;

/**
 * A run folder and the files in it, owned by this process while the object is open (see
 * {@link RunLock}). Every file but the append-only metrics log is written atomically; the metrics log
 * is rewritten from the checkpoint on resume, so a crash between the two never leaves them
 * disagreeing.
 */
public final class RunDirectory implements AutoCloseable {

    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String CHECKPOINT = "checkpoint.bin";
    /** Where diffevo4j 0.1 wrote its (JSON) checkpoints; still read. */
    public static final String LEGACY_CHECKPOINT = "checkpoint.json";
    public static final String BEST_POLICY = "best-policy.json";
    public static final String BEST_POLICY_DL4J = "best-policy.zip";
    public static final String PLOT = "fitness.png";

    private static final List<String> RUN_FILES = List.of(CONFIG, METRICS, CHECKPOINT, LEGACY_CHECKPOINT, BEST_POLICY,
            BEST_POLICY_DL4J, PLOT, HtmlReport.FILE, RenderCommand.EPISODE_GIF);

    private final Path dir;
    private final RunLock lock;

    private RunDirectory(Path dir, RunLock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    public Path path() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * Claims a new folder named {@code base}, or {@code base-2}, {@code base-3}, ... when that name is
     * taken: the folder is created exclusively, so two processes started at the same moment never
     * share one.
     */
    public static RunDirectory claimNew(Path base) {
        try {
            Path parent = base.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            for (int i = 1; ; i++) {
                Path candidate = i == 1 ? base : base.resolveSibling(base.getFileName() + "-" + i);
                try {
                    Files.createDirectory(candidate);
                } catch (FileAlreadyExistsException e) {
                    continue;
                }
                return new RunDirectory(candidate, RunLock.acquire(candidate));
            }
        } catch (IOException e) {
            throw new UserError("cannot create run folder " + base + ": " + e.getMessage(), e);
        }
    }

    /**
     * Prepares a folder for a new run and locks it. A folder that already holds a run is refused
     * unless {@code force}, which deletes that run's files (and nothing else in the folder).
     */
    public static RunDirectory create(Path dir, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("run folder " + dir + " exists and is not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError("cannot create run folder " + dir + ": " + e.getMessage(), e);
        }
        RunLock lock = RunLock.acquire(dir);
        try {
            boolean holdsRun = RUN_FILES.stream().anyMatch(f -> Files.exists(dir.resolve(f)));
            if (holdsRun && !force) {
                String what = Files.exists(dir.resolve(CONFIG)) && !hasCheckpoint(dir)
                        ? "already holds a run that stopped before its first checkpoint" : "already holds a run";
                throw new UserError("run folder " + dir + " " + what + "; use --resume " + dir
                        + " to continue it, --force to overwrite it, or --out for another folder");
            }
            if (holdsRun) {
                for (String f : RUN_FILES) {
                    Files.deleteIfExists(dir.resolve(f));
                }
            }
            return new RunDirectory(dir, lock);
        } catch (IOException e) {
            lock.close();
            throw new UncheckedIOException("cannot clear run folder " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Opens and locks an existing run folder for resuming. */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("no run folder at " + dir);
        }
        return new RunDirectory(dir, RunLock.acquire(dir));
    }

    /**
     * Opens a run folder to read it (evaluation, reports) without taking its lock: reading a
     * finished or running folder is always safe, since every file in it is replaced atomically.
     */
    public static RunDirectory read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("no run folder at " + dir);
        }
        return new RunDirectory(dir, null);
    }

    /** Whether the run wrote a checkpoint yet (a run killed during its first step has only its config). */
    public boolean hasCheckpoint() {
        return hasCheckpoint(dir);
    }

    private static boolean hasCheckpoint(Path dir) {
        return Files.exists(dir.resolve(CHECKPOINT)) || Files.exists(dir.resolve(LEGACY_CHECKPOINT));
    }

    /** Releases the folder's lock (if this object holds it). */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }

    /** Writes config.json: the resolved config plus a {@code runtime} section (backend, device, versions). */
    public void writeConfig(RunConfig config, Map<String, Object> runtime) {
        ObjectNode node = ConfigFiles.JSON.valueToTree(config);
        node.set("runtime", ConfigFiles.JSON.valueToTree(runtime));
        AtomicFiles.write(file(CONFIG), ConfigFiles.toJson(node) + "\n");
    }

    public RunConfig readConfig() {
        return ConfigFiles.read(file(CONFIG));
    }

    public void writeCheckpoint(Checkpoint checkpoint) {
        checkpoint.write(file(CHECKPOINT));
    }

    /** The run's checkpoint; a folder of diffevo4j 0.1 has only the legacy {@code checkpoint.json}. */
    public Checkpoint readCheckpoint() {
        if (!Files.exists(file(CHECKPOINT)) && Files.exists(file(LEGACY_CHECKPOINT))) {
            return Checkpoint.read(file(LEGACY_CHECKPOINT));
        }
        return Checkpoint.read(file(CHECKPOINT));
    }

    /** Appends one metrics line. */
    public void appendMetrics(StepMetrics m, boolean successDefined) {
        try {
            Files.writeString(file(METRICS), metricsLine(m, successDefined) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(METRICS) + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the metrics log with exactly these lines (used on resume). */
    public void rewriteMetrics(List<StepMetrics> metrics, boolean successDefined) {
        StringBuilder sb = new StringBuilder();
        for (StepMetrics m : metrics) {
            sb.append(metricsLine(m, successDefined)).append('\n');
        }
        AtomicFiles.write(file(METRICS), sb.toString());
    }

    /** Reads the metrics log back (one map per line). */
    public List<Map<String, Object>> readMetrics() {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file(METRICS))) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.isBlank()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = ConfigFiles.JSON.readValue(line, Map.class);
                    out.add(m);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(METRICS) + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * One JSON object per step, snake_case; an undefined alpha (non-diffusion strategies) and the
     * success rate of an environment without a reward threshold are null.
     */
    static String metricsLine(StepMetrics m, boolean successDefined) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", m.step());
        line.put("alpha", Double.isFinite(m.alpha()) ? m.alpha() : null);
        line.put("return_mean", m.returnMean());
        line.put("return_std", m.returnStd());
        line.put("return_min", m.returnMin());
        line.put("return_max", m.returnMax());
        line.put("success_rate", successDefined ? m.successRate() : null);   // see SuccessRule
        line.put("best_return", m.bestReturn());
        line.put("agent_steps", m.agentSteps());
        line.put("eval_seconds", m.evalSeconds());
        line.put("update_seconds", m.updateSeconds());
        try {
            return Checkpoint.JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
