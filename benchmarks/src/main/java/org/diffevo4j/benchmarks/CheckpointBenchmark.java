package org.diffevo4j.benchmarks;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.diffevo4j.agents.protocol.ProtocolConfig;
import org.diffevo4j.agents.protocol.RlProtocol;
import org.diffevo4j.agents.protocol.StepMetrics;
import org.diffevo4j.trainer.AtomicFiles;
import org.diffevo4j.trainer.Checkpoint;
import org.diffevo4j.trainer.CheckpointWriter;
import org.diffevo4j.trainer.RunConfig;

/**
 * What a checkpoint costs next to the training step it follows, for every built-in strategy on
 * CartPole with the wide policies users train (2 x 64 hidden: D = 4,610; the paper's large policy,
 * 2 x 128: D = 17,410), population 256. Per cell: one untimed step and checkpoint, then
 * {@code --steps} timed steps each followed by a timed snapshot and in-line write, then
 * {@code --steps} timed steps as the trainer runs them (snapshot on the training thread, write on
 * the {@link CheckpointWriter}'s thread during the next step: the training thread's cost is the
 * snapshot plus any wait for the previous write) (format 2: JSON plus binary doubles, SHA-256, fsync,
 * atomic rename) into a temp folder; once per cell also the format-1 write (all JSON text) that
 * diffevo4j 0.1 made, as the same-process baseline. Reports medians and the ratio checkpoint / step.
 *
 * <p>CMA-ES runs as sep-CMA-ES ({@code diagonal=true}): the full covariance is 170 MB at D = 4,610 and
 * 2.4 GB at 17,410, with an O(D^3) eigendecomposition, which no one runs at these sizes.
 *
 * <pre>
 * bench/run.sh CheckpointBenchmark
 *     [--hidden 64,64:128,128] [--strategies diffusion,latent-diffusion,cmaes,openes,pepg]
 *     [--steps 3] [--out bench/results/checkpoint.md]
 * </pre>
 */
public final class CheckpointBenchmark {

    private static final String ENV = "CartPole-v1";

    private CheckpointBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<int[]> hiddens = List.of(new int[] {64, 64}, new int[] {128, 128});
        List<String> strategies = List.of("diffusion", "latent-diffusion", "cmaes", "openes", "pepg");
        int steps = 3;
        Path out = Path.of("checkpoint.md");
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--hidden" -> {
                    List<int[]> h = new ArrayList<>();
                    for (String part : v.split(":")) {
                        h.add(java.util.Arrays.stream(part.split(",")).mapToInt(Integer::parseInt).toArray());
                    }
                    hiddens = h;
                }
                case "--strategies" -> strategies = List.of(v.split(","));
                case "--steps" -> steps = Integer.parseInt(v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path tmp = Files.createTempDirectory("diffevo4j-checkpoint-bench");
        StringBuilder md = new StringBuilder();
        md.append(BenchInfo.header(CheckpointBenchmark.class, args)).append('\n');
        md.append("Checkpoint cost per training step, ").append(ENV).append(", population 256, medians of ")
                .append(steps).append(" steps after one untimed step\n\n");
        md.append("| strategy | D | step s | checkpoint written in line s | in line / step | training thread with the "
                + "background writer s | background / step | file MB | format-1 (JSON) s | format-1 MB |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (int[] hidden : hiddens) {
            for (String strategy : strategies) {
                md.append(cell(strategy, hidden, steps, tmp)).append('\n');
                System.out.print(md);
                System.out.flush();
            }
        }
        md.append('\n').append(BenchInfo.loadAverage()).append('\n');
        Files.writeString(out, md.toString());
        System.out.println("wrote " + out);
    }

    private static String cell(String strategy, int[] hidden, int steps, Path tmp) throws Exception {
        ProtocolConfig pc = ProtocolConfig.paper(ENV, strategy, 1).withHidden(hidden).withSteps(steps + 2);
        // full CMA-ES keeps two D x D matrices and eigendecomposes them (O(D^3)): at these sizes users run
        // sep-CMA-ES, which the README recommends above a few hundred parameters
        boolean diagonal = strategy.equals("cmaes");
        if (diagonal) {
            pc = pc.withStrategyOptions(Map.of("diagonal", "true"));
        }
        RunConfig rc = RunConfig.defaults(ENV);
        List<StepMetrics> metrics = new ArrayList<>();
        double[] stepSec = new double[steps];
        double[] cpSec = new double[steps];
        double[] stepSecAsync = new double[steps];
        double[] asyncSec = new double[steps];
        long size = 0;
        double v1Sec = Double.NaN;
        long v1Size = 0;
        int d;
        try (RlProtocol run = new RlProtocol(pc.withSteps(2 * steps + 2))) {
            d = run.policy().parameterCount();
            metrics.add(run.step());
            // warm the writer's code paths, as in a run that has written a few checkpoints already
            new Checkpoint(ENV, rc, run.state(), List.copyOf(metrics)).write(tmp.resolve("warm.bin"));
            // in line: the step, then the checkpoint written on the training thread
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                metrics.add(run.step());
                stepSec[s] = (System.nanoTime() - t0) / 1e9;
                Path f = tmp.resolve("checkpoint.bin");
                long t1 = System.nanoTime();
                Checkpoint cp = new Checkpoint(ENV, rc, run.state(), List.copyOf(metrics));   // the state copy counts
                cp.write(f);
                cpSec[s] = (System.nanoTime() - t1) / 1e9;
                size = Files.size(f);
                if (s == 0) {
                    Path g = tmp.resolve("checkpoint.json");
                    long t2 = System.nanoTime();
                    writeFormat1(cp, g);
                    v1Sec = (System.nanoTime() - t2) / 1e9;
                    v1Size = Files.size(g);
                    Files.delete(g);
                }
            }
            // as the trainer does it: the snapshot on the training thread, the write on the background
            // thread during the next step; what the training thread pays is the snapshot plus any wait
            Path dirPath = tmp.resolve("async");
            try (org.diffevo4j.trainer.RunDirectory dir = org.diffevo4j.trainer.RunDirectory.create(dirPath, true);
                 CheckpointWriter writer = new CheckpointWriter()) {
                for (int s = 0; s < steps; s++) {
                    long t0 = System.nanoTime();
                    metrics.add(run.step());
                    long t1 = System.nanoTime();
                    stepSecAsync[s] = (t1 - t0) / 1e9;
                    writer.submit(dir, new Checkpoint(ENV, rc, run.state(), List.copyOf(metrics)));
                    long t2 = System.nanoTime();
                    // t2 - t1: the state snapshot, plus the wait for the previous write if it still runs
                    asyncSec[s] = (t2 - t1) / 1e9;
                }
            }
        }
        double step = median(stepSec);
        double cp = median(cpSec);
        double stepAsync = median(stepSecAsync);
        double async = median(asyncSec);
        return String.format(Locale.ROOT, "| %s | %d | %.3f | %.4f | %.1f%% | %.4f | %.1f%% | %.1f | %.2f | %.1f |",
                strategy + (diagonal ? " (diagonal)" : ""), d, step, cp, 100 * cp / step, async,
                100 * async / stepAsync, size / 1e6, v1Sec, v1Size / 1e6);
    }

    /** Format 1 as diffevo4j 0.1 wrote it: a digest header, then the whole checkpoint as JSON text. */
    private static void writeFormat1(Checkpoint cp, Path target) throws IOException {
        ObjectMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
        byte[] payload = json.writeValueAsBytes(cp);
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] header = ("{\"format\":\"diffevo4j-checkpoint/1\",\"sha256\":\"" + sha + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, all, header.length, payload.length);
        AtomicFiles.write(target, all);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
