package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path tmp;

    @Test
    void formatOnlyVersionAndHelpListTheCommands() {
        Cli v = Cli.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("diffevo4j "), v.out());
        Cli h = Cli.run("--help");
        assertEquals(0, h.code());
        for (String cmd : new String[] {"envs", "strategies", "optimize", "train", "eval"}) {
            assertTrue(h.out().contains(cmd), "help lists " + cmd + ":\n" + h.out());
        }
    }

    @Test
    void envsListsTheFiveClassicControlEnvironmentsWithTheirSpecs() {
        Cli c = Cli.run("envs");
        assertEquals(0, c.code(), c.err());
        String[] ids = {"CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1"};
        for (String id : ids) {
            assertTrue(c.out().contains(id), id + " missing from:\n" + c.out());
        }
        String cartPole = c.out().lines().filter(l -> l.startsWith("CartPole-v1")).findFirst().orElseThrow();
        assertTrue(cartPole.contains("Discrete(2)") && cartPole.contains("500") && cartPole.contains("475.0"), cartPole);
        // SPI providers on the class path are listed too (this one lives in the test sources)
        assertTrue(c.out().contains("NanReward-v0"), c.out());
    }

    @Test
    void unknownEnvironmentListsTheKnownIds() {
        Cli c = Cli.run("train", "--env", "CartPole-v9", "--out", tmp.resolve("r").toString(), "--quiet");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("CartPole-v9") && c.err().contains("CartPole-v1"), c.err());
        assertFalse(c.err().contains("\tat "), "no stack trace: " + c.err());
    }

    @Test
    void unknownConfigFieldIsNamedWithTheAllowedFields() throws Exception {
        Path cfg = tmp.resolve("run.json");
        Files.writeString(cfg, "{\"env\": \"CartPole-v1\", \"populaton\": 64}");
        Cli c = Cli.run("train", "--config", cfg.toString(), "--out", tmp.resolve("r").toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("'populaton'") && c.err().contains("population"), c.err());
        assertFalse(Files.exists(tmp.resolve("r")), "nothing written for a bad config");
    }

    @Test
    void invalidValueIsNamedWithTheAllowedValues() throws Exception {
        Path cfg = tmp.resolve("run.json");
        Files.writeString(cfg, "{\"env\": \"CartPole-v1\", \"strategy\": \"simulated-annealing\"}");
        Cli c = Cli.run("train", "--config", cfg.toString(), "--out", tmp.resolve("r").toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("'strategy'") && c.err().contains("latent-diffusion") && c.err().contains("cmaes"), c.err());

        Files.writeString(cfg, "{\"env\": \"CartPole-v1\", \"population\": \"many\"}");
        c = Cli.run("train", "--config", cfg.toString(), "--out", tmp.resolve("r").toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("'population'"), c.err());

        c = Cli.run("train", "--env", "CartPole-v1", "--population", "1", "--out", tmp.resolve("r").toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("'population'") && c.err().contains(">= 2"), c.err());
    }

    @Test
    void flagsOverrideTheConfigFileAndTheResolvedConfigIsWritten() throws Exception {
        Path cfg = tmp.resolve("run.json");
        Files.writeString(cfg, "{\"env\": \"CartPole-v1\", \"population\": 16, \"steps\": 3, \"seed\": 5}");
        Path out = tmp.resolve("r");
        Cli c = Cli.run("train", "--config", cfg.toString(), "--population", "24", "--out", out.toString(), "--quiet");
        assertEquals(0, c.code(), c.all());
        RunConfig written = ConfigFiles.read(out.resolve("config.json"));
        assertEquals(24, written.population());
        assertEquals(3, written.steps());
        assertEquals(5, written.seed());
        assertEquals("latent-diffusion", written.strategy());
        String json = Files.readString(out.resolve("config.json"));
        assertTrue(json.contains("\"nd4j_backend\"") && json.contains("\"device\""), json);
    }
}
