package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example plugin (examples/corridor-plugin), loaded from its jar at run time with --plugin. */
class PluginCliTest {

    /** Built by the reactor before the trainer (see the parent pom's module order). */
    static final Path JAR = Path.of(System.getProperty("diffevo4j.example.plugin",
            "../examples/corridor-plugin/target/corridor-plugin.jar"));

    @TempDir
    Path tmp;

    @Test
    void trainAndEvalOnAPluginEnvironmentThroughTheCli() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "example plugin jar missing at " + JAR.toAbsolutePath()
                + ": build it first (mvn -pl examples/corridor-plugin -am package)");
        Cli envs = Cli.run("envs", "--plugin", JAR.toString());
        assertEquals(0, envs.code(), envs.all());
        assertTrue(envs.out().contains("Corridor-v0"), envs.out());

        Path run = tmp.resolve("corridor");
        Cli train = Cli.run("train", "--env", "Corridor-v0", "--plugin", JAR.toString(), "--population", "64",
                "--steps", "6", "--seed", "2", "--quiet", "--out", run.toString());
        assertEquals(0, train.code(), train.all());
        // walking right against the wind reaches the end (+10) in about 15-20 steps; standing still never does
        java.util.List<java.util.Map<String, Object>> m = RunDirectory.read(run).readMetrics();
        double lastMax = ((Number) m.get(m.size() - 1).get("return_max")).doubleValue();
        assertTrue(lastMax > 0, "some individual reaches the end of the corridor: " + m);

        Cli eval = Cli.run("eval", run.toString(), "--plugin", JAR.toString(), "--episodes", "10");
        assertEquals(0, eval.code(), eval.all());
        assertTrue(eval.out().contains("Corridor-v0"), eval.out());

        Cli missing = Cli.run("envs", "--plugin", tmp.resolve("nope.jar").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.jar"), missing.err());
    }
}
