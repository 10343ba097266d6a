package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings that cannot work are refused, settings that do nothing are reported and recorded as
 * unused, strategy options reach the strategy, and every message names the problem in words.
 */
class SettingsAndMessagesTest {

    @TempDir
    Path tmp;

    private static final String[] TINY = {"--population", "16", "--steps", "3", "--threads", "1",
        "--select-episodes", "0", "--quiet"};

    private static String[] train(String env, Path out, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("train", "--env", env, "--out", out.toString()));
        a.addAll(List.of(TINY));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Path run) throws Exception {
        return ConfigFiles.JSON.readValue(Files.readString(run.resolve(RunDirectory.CONFIG)), Map.class);
    }

    @Test
    void aLatentSpaceLargerThanTheGenomeIsRefused() {
        Cli c = Cli.run(train("CartPole-v1", tmp.resolve("big-latent"), "--latent-dim", "100"));
        assertEquals(2, c.code(), c.all());
        assertTrue(c.err().contains("latent_dim 100") && c.err().contains("58 parameters"), c.err());
        assertFalse(Files.exists(tmp.resolve("big-latent").resolve(RunDirectory.CONFIG)));
    }

    @Test
    void settingsAStrategyDoesNotUseAreReportedAndRecordedAsUnused() throws Exception {
        Path run = tmp.resolve("cmaes");
        Cli c = Cli.run(train("CartPole-v1", run, "--strategy", "cmaes", "--latent-dim", "5", "--eta", "0.5",
                "--temperature", "2", "--max-episode-steps", "1000"));
        assertEquals(0, c.code(), c.all());
        for (String w : List.of("latent_dim 5 is ignored", "eta 0.5 is ignored", "temperature 2.0 is ignored",
                "max_episode_steps 1000 is above CartPole-v1's own limit of 500")) {
            assertTrue(c.err().contains("warning: " + w), c.err());
        }
        Map<String, Object> cfg = config(run);
        assertNull(cfg.get("latent_dim"));
        assertNull(cfg.get("eta"));
        assertNull(cfg.get("temperature"));
        assertEquals(500, cfg.get("max_episode_steps"));
        // and the recorded run resumes (a finished run re-runs only the final selection)
        Cli resumed = Cli.run("train", "--resume", run.toString(), "--quiet");
        assertEquals(0, resumed.code(), resumed.all());
    }

    @Test
    void defaultsDoNotWarn() {
        Cli c = Cli.run(train("MountainCar-v0", tmp.resolve("mc"), "--strategy", "openes"));
        assertEquals(0, c.code(), c.all());
        assertFalse(c.err().contains("warning"), c.err());
    }

    @Test
    void strategyOptionsReachTheStrategyAndAreValidatedByItsOwnNames() throws Exception {
        Path run = tmp.resolve("sep");
        Cli c = Cli.run(train("CartPole-v1", run, "--strategy", "cmaes", "--strategy-option", "diagonal=true"));
        assertEquals(0, c.code(), c.all());
        assertEquals(Map.of("diagonal", "true"), config(run).get("strategy_options"));
        Checkpoint cp = RunDirectory.read(run).readCheckpoint();
        assertEquals("true", cp.state().strategy().config().get("diagonal"), "the strategy ran with the option");

        Cli unknown = Cli.run(train("CartPole-v1", tmp.resolve("x1"), "--strategy", "cmaes", "--strategy-option",
                "diagnol=true"));
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("has no option 'diagnol'") && unknown.err().contains("diagonal"), unknown.err());

        Cli protocol = Cli.run(train("CartPole-v1", tmp.resolve("x2"), "--strategy", "cmaes", "--strategy-option",
                "populationSize=8"));
        assertEquals(2, protocol.code());
        assertTrue(protocol.err().contains("use --population"), protocol.err());

        Cli badValue = Cli.run(train("CartPole-v1", tmp.resolve("x3"), "--strategy", "cmaes", "--strategy-option",
                "diagonal=maybe"));
        assertEquals(2, badValue.code(), badValue.all());
        assertFalse(badValue.err().contains("\tat "), badValue.err());

        Path file = tmp.resolve("sep.json");
        Files.writeString(file, "{\"env\": \"CartPole-v1\", \"strategy\": \"cmaes\", \"strategy_options\": {\"diagonal\": true},"
                + " \"population\": 16, \"steps\": 3, \"select_episodes\": 0}");
        Cli fromFile = Cli.run("train", "--config", file.toString(), "--out", tmp.resolve("sep2").toString(), "--quiet");
        assertEquals(0, fromFile.code(), fromFile.all());
        assertEquals(Map.of("diagonal", "true"), config(tmp.resolve("sep2")).get("strategy_options"));
    }

    @Test
    void anEnvironmentWithoutARewardThresholdHasNoSuccessRate() throws Exception {
        Path run = tmp.resolve("pendulum");
        Cli c = Cli.run(train("Pendulum-v1", run));
        assertEquals(0, c.code(), c.all());
        assertFalse(c.out().contains("success"), c.out());
        List<Map<String, Object>> m = RunDirectory.read(run).readMetrics();
        assertTrue(m.get(0).containsKey("success_rate") && m.get(0).get("success_rate") == null, m.get(0).toString());
        Cli eval = Cli.run("eval", run.toString(), "--episodes", "2");
        assertEquals(0, eval.code(), eval.all());
        assertFalse(eval.out().contains("success"), eval.out());

        Cli cart = Cli.run(train("CartPole-v1", tmp.resolve("cart")));
        assertTrue(cart.out().contains("success"), cart.out());
    }

    @Test
    void configFilesThatAreNotObjectsOrHaveWrongTypesAreExplainedInWords() throws Exception {
        Path f = tmp.resolve("c.json");
        for (String[] bad : new String[][] {{"[]", "must be a JSON object", "an array"}, {"", "must be a JSON object", "empty"},
                {"{\"env\": \"CartPole-v1\", \"hidden\": \"wide\"}", "'hidden' must be a layer size or a list", null},
                {"{\"env\": \"CartPole-v1\", \"population\": \"many\"}", "'population' must be a whole number", null}}) {
            Files.writeString(f, bad[0]);
            Cli c = Cli.run("train", "--config", f.toString(), "--out", tmp.resolve("never").toString());
            assertEquals(2, c.code(), bad[0] + ": " + c.all());
            assertTrue(c.err().contains(bad[1]) && (bad[2] == null || c.err().contains(bad[2])), c.err());
            assertFalse(c.err().contains("java.util") || c.err().contains("START_ARRAY"), c.err());
        }
        Files.writeString(f, "{\"env\": \"CartPole-v1\", \"hidden\": 8}");
        RunConfig one = ConfigFiles.read(f);
        assertEquals(List.of(8), one.hidden());
    }

    @Test
    void aPolicyForAnotherEnvironmentAndTheDl4jZipAreExplained() throws Exception {
        Path run = tmp.resolve("cp");
        assertEquals(0, Cli.run(train("CartPole-v1", run)).code());
        Cli other = Cli.run("eval", run.toString(), "--env", "Acrobot-v1", "--episodes", "2");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("Acrobot-v1 has observation size 6")
                && other.err().contains("the policy takes observation size 4"), other.err());
        assertFalse(other.err().contains("EnvSpec["), other.err());

        Cli zip = Cli.run("eval", run.resolve(RunDirectory.BEST_POLICY_DL4J).toString());
        assertEquals(2, zip.code());
        assertTrue(zip.err().contains("DL4J export") && zip.err().contains("best-policy.json"), zip.err());
    }

    @Test
    void unknownEnvironmentsAndBadPluginsPointToTheFix() throws Exception {
        // an id no test registers (an earlier test may have loaded the corridor plugin into this JVM)
        Cli c = Cli.run(train("Hallway-v7", tmp.resolve("np")));
        assertEquals(2, c.code());
        assertTrue(c.err().contains("--plugin"), c.err());

        Cli folder = Cli.run("envs", "--plugin", tmp.toString());
        assertEquals(2, folder.code());
        assertTrue(folder.err().contains("is a folder"), folder.err());

        Path empty = tmp.resolve("empty.jar");
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(empty))) {
            j.putNextEntry(new java.util.jar.JarEntry("README.txt"));
            j.write("nothing".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Cli nothing = Cli.run("envs", "--plugin", empty.toString());
        assertEquals(2, nothing.code());
        assertTrue(nothing.err().contains("registers nothing"), nothing.err());
    }

    @Test
    void aPluginRunRecordsItsJarsResumesWithoutThemAndPrintsThemInTheEvalHint() throws Exception {
        Path jar = PluginCliTest.JAR.toAbsolutePath().normalize();
        Path run = tmp.resolve("corridor");
        Cli c = Cli.run("train", "--env", "Corridor-v0", "--plugin", jar.toString(), "--out", run.toString(),
                "--population", "16", "--steps", "3", "--select-episodes", "0");
        assertEquals(0, c.code(), c.all());
        assertEquals(List.of(jar.toString()), config(run).get("plugins"));
        assertTrue(c.out().contains("eval " + run + " --episodes 100 --plugin " + jar), c.out());
        Cli resumed = Cli.run("train", "--resume", run.toString(), "--quiet");
        assertEquals(0, resumed.code(), resumed.all());
    }

    @Test
    void checkpointEveryKWritesEveryKthAndTheLastStepAndResumesExactly() throws Exception {
        String[] args = {"--env", "CartPole-v1", "--population", "16", "--steps", "5", "--seed", "4",
            "--checkpoint-every", "2", "--select-episodes", "0", "--quiet"};
        RunConfig cfg = new TrainRunTest.TrainCommandParser(args).config();
        assertEquals(2, cfg.checkpointEvery());
        Path dir = tmp.resolve("every2");
        try (RunDirectory rd = RunDirectory.create(dir, false)) {
            assertThrows(TrainRunTest.Stop.class, () -> Trainer.train(cfg, rd, new TrainRunTest.StopAfter(3)));
        }
        assertEquals(2, RunDirectory.read(dir).readCheckpoint().state().completedSteps(), "step 3 is not a multiple of 2");
        Cli resumed = Cli.run("train", "--resume", dir.toString(), "--checkpoint-every", "1", "--quiet");
        assertEquals(0, resumed.code(), resumed.all());
        assertEquals(5, RunDirectory.read(dir).readCheckpoint().state().completedSteps(), "the last step is always written");

        Path whole = tmp.resolve("whole");
        List<String> a = new java.util.ArrayList<>(List.of("train", "--out", whole.toString()));
        a.addAll(List.of(args));
        assertEquals(0, Cli.run(a.toArray(String[]::new)).code());
        assertEquals(returns(whole), returns(dir));

        Cli notSpark = Cli.run("train", "--resume", dir.toString(), "--master", "local[2]");
        assertEquals(2, notSpark.code());
        assertTrue(notSpark.err().contains("Spark engine"), notSpark.err());
    }

    private static List<Object> returns(Path dir) {
        return RunDirectory.read(dir).readMetrics().stream().map(m -> m.get("return_mean")).toList();
    }
}
