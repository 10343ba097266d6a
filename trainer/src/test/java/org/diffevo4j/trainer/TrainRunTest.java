package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.diffevo4j.agents.MlpPolicy;
import org.diffevo4j.agents.protocol.StepMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** Training through the CLI: run folder contents, resume, and what happens to bad checkpoints. */
class TrainRunTest {

    private static final String[] SMALL = {"--env", "CartPole-v1", "--population", "32", "--steps", "5",
        "--seed", "11", "--quiet"};

    @TempDir
    static Path shared;

    static Path full;

    @BeforeAll
    static void uninterruptedRun() {
        full = shared.resolve("full");
        Cli c = Cli.run(train("--out", full.toString()));
        assertEquals(0, c.code(), c.all());
    }

    @Test
    void formatOnlyRunFolderHoldsEveryFileAndMetricsField() throws Exception {
        for (String f : List.of("config.json", "metrics.jsonl", "checkpoint.bin", "best-policy.json", "best-policy.zip",
                "fitness.png")) {
            assertTrue(Files.size(full.resolve(f)) > 0, f);
        }
        List<Map<String, Object>> lines = RunDirectory.read(full).readMetrics();
        assertEquals(5, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> m = lines.get(i);
            assertEquals(i, ((Number) m.get("step")).intValue());
            for (String k : List.of("alpha", "return_mean", "return_std", "return_min", "return_max", "success_rate",
                    "eval_seconds", "update_seconds")) {
                assertTrue(m.containsKey(k), k + " in " + m);
            }
            double min = ((Number) m.get("return_min")).doubleValue();
            double max = ((Number) m.get("return_max")).doubleValue();
            double mean = ((Number) m.get("return_mean")).doubleValue();
            assertTrue(min <= mean && mean <= max && min >= 1 && max <= 500, m.toString());
        }
        byte[] png = Files.readAllBytes(full.resolve("fitness.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        // the summary line names the folder and the eval command
        Path again = shared.resolve("again");
        Cli c = Cli.run(train("--out", again.toString()));
        assertTrue(c.out().contains(again.toString()) && c.out().contains("diffevo4j eval"), c.out());
    }

    @Test
    void sameSeedSameResult() throws Exception {
        Path again = shared.resolve("same-seed");
        assertEquals(0, Cli.run(train("--out", again.toString())).code());
        assertArrayEquals(PolicyFile.read(full.resolve("best-policy.json")).parameters(),
                PolicyFile.read(again.resolve("best-policy.json")).parameters());
        assertEquals(returns(full), returns(again));
    }

    @Test
    void bestPolicyLoadsAndItsDl4jExportComputesTheSameOutputs() throws Exception {
        PolicyFile pf = PolicyFile.read(full.resolve("best-policy.json"));
        MlpPolicy policy = new MlpPolicy(pf.spec("CartPole-v1"), pf.parameters());
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(full.resolve("best-policy.zip").toFile());
        double[][] obs = {{0.01, -0.2, 0.03, 0.4}, {-2.0, 1.5, -0.2, -3.0}, {0, 0, 0, 0}};
        for (double[] o : obs) {
            double[] expected = policy.forward(o);
            double[] got = net.output(Nd4j.createFromArray(new double[][] {o})).toDoubleVector();
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[j], got[j], 1e-12 * Math.max(1.0, Math.abs(expected[j])), "output " + j);
            }
        }
    }

    @Test
    void resumedRunEndsExactlyLikeTheUninterruptedOne() throws Exception {
        Path dir = shared.resolve("interrupted");
        RunConfig cfg = new TrainCommandParser(SMALL).config();
        interrupt(cfg, dir, 2);
        assertEquals(2, RunDirectory.read(dir).readCheckpoint().state().completedSteps());
        // a kill in the middle of the next checkpoint write leaves a partial temp file behind
        Files.writeString(dir.resolve(".checkpoint.bin.tmp"), "{\"format\":\"diffevo4j-checkpo");
        // and a metrics line that the checkpoint does not cover yet
        Files.writeString(dir.resolve("metrics.jsonl"), Files.readString(dir.resolve("metrics.jsonl"))
                + "{\"step\":2,\"alpha\":0.5}\n");

        Cli c = Cli.run("train", "--resume", dir.toString(), "--quiet");
        assertEquals(0, c.code(), c.all());
        assertArrayEquals(PolicyFile.read(full.resolve("best-policy.json")).parameters(),
                PolicyFile.read(dir.resolve("best-policy.json")).parameters());
        assertEquals(returns(full), returns(dir));
    }

    @Test
    void resumeAppliesBackendAndThreadsAndRecordsThem() throws Exception {
        Path dir = shared.resolve("resume-execution");
        RunConfig cfg = new TrainCommandParser(SMALL).config();
        interrupt(cfg, dir, 2);
        assertEquals(0, RunDirectory.read(dir).readConfig().threads());

        Cli c = Cli.run("train", "--resume", dir.toString(), "--threads", "1", "--backend", "JVM", "--quiet");
        assertEquals(0, c.code(), c.all());
        RunConfig written = RunDirectory.read(dir).readConfig();
        assertEquals(1, written.threads());
        assertEquals("jvm", written.backend());
        @SuppressWarnings("unchecked")
        Map<String, Object> runtime = (Map<String, Object>) ConfigFiles.JSON.readValue(
                Files.readString(dir.resolve("config.json")), Map.class).get("runtime");
        assertEquals(1, ((Number) runtime.get("threads")).intValue(), runtime.toString());
        assertEquals("jvm", runtime.get("rollout_backend"), runtime.toString());
        // the thread count does not change results: bit-identical to the uninterrupted run (all cores)
        assertArrayEquals(PolicyFile.read(full.resolve("best-policy.json")).parameters(),
                PolicyFile.read(dir.resolve("best-policy.json")).parameters());
        assertEquals(returns(full), returns(dir));
        assertEquals(RunDirectory.read(full).readConfig().withExecution("jvm", 1), written);

        // a hyperparameter is still refused, and names itself
        Cli refused = Cli.run("train", "--resume", dir.toString(), "--threads", "2", "--eta", "0.5");
        assertEquals(2, refused.code(), refused.all());
        assertTrue(refused.err().contains("combine it with --eta"), refused.err());
    }

    @Test
    void etaIsTheDocumentedNameAndNoiseAnAlias() throws Exception {
        Path cfg = shared.resolve("eta.json");
        Files.writeString(cfg, "{\"env\": \"CartPole-v1\", \"noise\": 0.25}");
        TrainCommand viaAlias = new TrainCommand();
        new picocli.CommandLine(viaAlias).parseArgs("--config", cfg.toString());
        assertEquals(0.25, viaAlias.resolveConfig().eta());
        assertEquals(0.5, new TrainCommandParser(new String[] {"--env", "CartPole-v1", "--noise", "0.5"}).config().eta());
        assertEquals(0.5, new TrainCommandParser(new String[] {"--env", "CartPole-v1", "--eta", "0.5"}).config().eta());
        String json = ConfigFiles.toJson(new TrainCommandParser(new String[] {"--env", "CartPole-v1"}).config());
        assertTrue(json.contains("\"eta\"") && !json.contains("\"noise\""), json);

        Files.writeString(cfg, "{\"env\": \"CartPole-v1\", \"noise\": 0.25, \"eta\": 0.5}");
        Cli both = Cli.run("train", "--config", cfg.toString(), "--out", shared.resolve("eta-both").toString());
        assertEquals(2, both.code(), both.all());
        assertTrue(both.err().contains("'eta'") && both.err().contains("'noise'"), both.err());
    }

    @Test
    void corruptOrTruncatedCheckpointIsRefusedAndNothingChanges() throws Exception {
        Path dir = shared.resolve("corrupt");
        RunConfig cfg = new TrainCommandParser(SMALL).config();
        interrupt(cfg, dir, 1);
        Path cp = dir.resolve(RunDirectory.CHECKPOINT);
        byte[] good = Files.readAllBytes(cp);

        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        Files.write(cp, truncated);
        Map<String, String> before = digests(dir);
        Cli c = Cli.run("train", "--resume", dir.toString(), "--quiet");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("corrupt or truncated"), c.err());
        assertEquals(before, digests(dir), "a refused resume changes nothing on disk");

        byte[] flipped = good.clone();
        flipped[flipped.length - 20] ^= 1;
        Files.write(cp, flipped);
        c = Cli.run("train", "--resume", dir.toString(), "--quiet");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("corrupt"), c.err());

        Files.writeString(cp, "not a checkpoint");
        c = Cli.run("train", "--resume", dir.toString(), "--quiet");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("checkpoint"), c.err());
        assertFalse(c.err().contains("\tat "), c.err());
    }

    @Test
    void checkpointOfAnotherRunIsRefused() throws Exception {
        Path a = shared.resolve("mismatch-a");
        Path b = shared.resolve("mismatch-b");
        RunConfig ca = new TrainCommandParser(SMALL).config();
        RunConfig cb = new TrainCommandParser(new String[] {"--env", "Acrobot-v1", "--population", "16", "--steps", "3"}).config();
        interrupt(ca, a, 1);
        interrupt(cb, b, 1);
        Files.copy(b.resolve(RunDirectory.CHECKPOINT), a.resolve(RunDirectory.CHECKPOINT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> before = digests(a);
        Cli c = Cli.run("train", "--resume", a.toString(), "--quiet");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("Acrobot-v1") && c.err().contains("CartPole-v1"), c.err());
        assertEquals(before, digests(a));

        c = Cli.run("train", "--resume", a.toString(), "--seed", "3");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("--seed"), c.err());
    }

    @Test
    void existingRunFolderIsNotOverwrittenWithoutForce() throws Exception {
        Path dir = shared.resolve("taken");
        assertEquals(0, Cli.run(train("--out", dir.toString())).code());
        Map<String, String> before = digests(dir);
        String[] other = {"train", "--env", "CartPole-v1", "--population", "32", "--steps", "5", "--quiet",
            "--out", dir.toString(), "--seed", "12"};
        Cli c = Cli.run(other);
        assertEquals(2, c.code());
        assertTrue(c.err().contains("already holds a run") && c.err().contains("--force"), c.err());
        assertEquals(before, digests(dir));
        c = Cli.run(concat(other, "--force"));
        assertEquals(0, c.code(), c.all());
        assertEquals(12, RunDirectory.read(dir).readConfig().seed());
    }

    @Test
    void nanRewardsAreReportedWithTheIndividualNotTurnedIntoFitness() {
        Cli c = Cli.run("train", "--env", "NanReward-v0", "--population", "8", "--steps", "3", "--quiet",
                "--out", shared.resolve("nan").toString());
        assertEquals(2, c.code(), c.all());
        assertTrue(c.err().toLowerCase().contains("individual") && c.err().contains("NaN"), c.err());
        assertTrue(c.err().contains("step"), c.err());
    }

    @Test
    void formatOnlyEvalPrintsAndWritesItsResultAsJson() throws Exception {
        Path out = shared.resolve("eval.json");
        Cli c = Cli.run("eval", full.toString(), "--episodes", "20", "--seed", "3", "--out", out.toString());
        assertEquals(0, c.code(), c.all());
        assertTrue(c.out().contains("+-") && c.out().contains("success"), c.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> r = ConfigFiles.JSON.readValue(Files.readString(out), Map.class);
        assertEquals(20, ((Number) r.get("episodes")).intValue());
        double mean = ((Number) r.get("return_mean")).doubleValue();
        double min = ((Number) r.get("return_min")).doubleValue();
        double max = ((Number) r.get("return_max")).doubleValue();
        assertTrue(min <= mean && mean <= max, r.toString());
        double success = ((Number) r.get("success_rate")).doubleValue();
        assertTrue(success >= 0 && success <= 1);

        Cli bad = Cli.run("eval", shared.resolve("nothing-here.json").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("no policy file"), bad.err());
    }

    // ---- helpers

    static final class Stop extends RuntimeException {
    }

    /** Stops the run after the given number of steps, as a Ctrl-C between steps would. */
    record StopAfter(int steps) implements Trainer.Progress {
        @Override
        public void start(int totalSteps, int completedSteps) {
        }

        @Override
        public void step(StepMetrics m) {
            if (m.step() + 1 >= steps) {
                throw new Stop();
            }
        }

        @Override
        public void close() {
        }
    }

    /** Resolves a config from train flags the way the CLI does. */
    record TrainCommandParser(String[] args) {
        RunConfig config() {
            TrainCommand cmd = new TrainCommand();
            new picocli.CommandLine(cmd).parseArgs(args);
            return cmd.resolveConfig();
        }
    }

    private static List<Double> returns(Path dir) {
        return RunDirectory.read(dir).readMetrics().stream()
                .map(m -> ((Number) m.get("return_mean")).doubleValue()).toList();
    }

    private static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                out.put(f.getFileName().toString(), sha(Files.readAllBytes(f)));
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
        return out;
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String[] train(String... extra) {
        return concat(concat(new String[] {"train"}, SMALL), extra);
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A run stopped after {@code steps} steps, its folder released as a killed process's would be. */
    private static void interrupt(RunConfig cfg, Path dir, int steps) {
        try (RunDirectory rd = RunDirectory.create(dir, false)) {
            assertThrows(Stop.class, () -> Trainer.train(cfg, rd, new StopAfter(steps)));
        }
    }
}
