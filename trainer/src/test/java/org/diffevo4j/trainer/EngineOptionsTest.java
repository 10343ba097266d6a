package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI jar carries no Spark: --engine spark explains where it lives, and bad engine options are named. */
class EngineOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void sparkEngineWithoutTheDistributedModuleFailsBeforeWritingAnything() {
        Path out = tmp.resolve("spark");
        Cli c = Cli.run("train", "--env", "CartPole-v1", "--engine", "spark", "--master", "local[2]", "--quiet",
                "--out", out.toString());
        assertEquals(2, c.code(), c.all());
        assertTrue(c.err().toLowerCase().contains("spark"), c.err());
        assertFalse(c.err().contains("\tat "), c.err());
        assertFalse(Files.exists(out), "no run folder for a run that cannot start");
    }

    @Test
    void unknownEngineIsNamedWithTheAllowedValues() throws Exception {
        Path cfg = tmp.resolve("run.json");
        Files.writeString(cfg, "{\"env\": \"CartPole-v1\", \"engine\": \"ray\"}");
        Cli c = Cli.run("train", "--config", cfg.toString(), "--out", tmp.resolve("r").toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("'engine'") && c.err().contains("local") && c.err().contains("spark"), c.err());
    }

    @Test
    void sparkOptionsWithTheLocalEngineAreRefused() throws Exception {
        Path cfg = tmp.resolve("run.json");
        Files.writeString(cfg, "{\"env\": \"CartPole-v1\", \"engine\": \"local\", \"master\": \"local[2]\"}");
        Cli c = Cli.run("train", "--config", cfg.toString(), "--out", tmp.resolve("r").toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("'master'"), c.err());
    }
}
