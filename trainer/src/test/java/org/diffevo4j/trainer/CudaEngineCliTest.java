package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --engine cuda} (through the gpu module's plugin jar, or without it now that the CLI carries the
 * gpu module): on a machine without a GPU, one clear line and exit 2.
 */
class CudaEngineCliTest {

    /** Built by the reactor before the trainer (module order in the parent pom). */
    static final Path JAR = Path.of("../gpu/target/diffevo4j-gpu-plugin.jar");

    @TempDir
    Path tmp;

    @Test
    void withoutADriverTheCudaEngineSaysSoInOneLine() {
        assumeFalse(Files.exists(Path.of("/dev/nvidia0")), "a GPU is present: this test is about machines without one");
        assertTrue(Files.isRegularFile(JAR), "gpu plugin jar missing at " + JAR.toAbsolutePath()
                + ": build it first (mvn -pl gpu -am package)");
        Cli c = Cli.run("train", "--env", "CartPole-v1", "--engine", "cuda", "--plugin", JAR.toString(),
                "--population", "16", "--steps", "3", "--quiet", "--out", tmp.resolve("run").toString());
        assertEquals(2, c.code(), c.all());
        assertTrue(c.err().contains("NVIDIA GPU") && c.err().contains("driver"), c.err());
        assertFalse(c.err().contains("\tat "), c.err());
        assertFalse(Files.exists(tmp.resolve("run")), "checked before the run folder is made");
    }

    /** The gpu module is now on the CLI's own class path: --engine cuda needs no plugin (an alias of --backend cuda). */
    @Test
    void engineCudaIsAnAliasWithoutThePlugin() {
        assumeFalse(Files.exists(Path.of("/dev/nvidia0")), "a GPU is present: this test is about machines without one");
        Cli c = Cli.run("train", "--env", "CartPole-v1", "--engine", "cuda", "--population", "16", "--steps", "3",
                "--quiet", "--out", tmp.resolve("alias").toString());
        assertEquals(2, c.code(), c.all());
        assertTrue(c.err().contains("NVIDIA GPU") && c.err().contains("driver"), c.err());
        assertFalse(c.err().contains("Exception"), c.err());
        assertFalse(Files.exists(tmp.resolve("alias")));
    }
}
