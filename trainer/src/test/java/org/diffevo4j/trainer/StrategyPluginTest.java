package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.diffevo4j.core.StrategyProvider;
import org.diffevo4j.trainer.plugin.WalkStrategyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A strategy that only a plugin jar registers is listed by `strategies` and trained with `train --strategy`. */
class StrategyPluginTest {

    @TempDir
    Path tmp;

    /**
     * Builds the plugin jar from the compiled test classes of {@link WalkStrategyProvider}, with the
     * services file that registers it (which the test class path itself does not have).
     */
    static Path pluginJar(Path dir) throws Exception {
        Path classes = Path.of(WalkStrategyProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String pkg = WalkStrategyProvider.class.getPackageName().replace('.', '/');
        Path jar = dir.resolve("walk-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                if (f.getFileName().toString().startsWith(WalkStrategyProvider.class.getSimpleName())) {
                    out.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                    Files.copy(f, out);
                    out.closeEntry();
                }
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + StrategyProvider.class.getName()));
            OutputStream o = out;
            o.write((WalkStrategyProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void aPluginStrategyIsListedAndTrainable() throws Exception {
        Cli builtins = Cli.run("strategies");
        assertEquals(0, builtins.code(), builtins.all());
        // built-ins and the latent provider, with descriptions and defaults from their config records
        for (String name : List.of("diffusion", "cmaes", "openes", "pepg", "map-elites", "random", "latent-diffusion")) {
            assertTrue(builtins.out().lines().anyMatch(l -> l.startsWith(name + "  ")), name + ":\n" + builtins.out());
        }
        assertTrue(builtins.out().contains("    latentDim = 2") && builtins.out().contains("    sigma0 = "),
                builtins.out());
        assertFalse(builtins.out().contains(WalkStrategyProvider.NAME), "not registered without --plugin");

        Path jar = pluginJar(tmp);
        Cli listed = Cli.run("strategies", "--plugin", jar.toString());
        assertEquals(0, listed.code(), listed.all());
        String line = listed.out().lines().filter(l -> l.startsWith(WalkStrategyProvider.NAME + "  ")).findFirst()
                .orElseThrow(() -> new AssertionError(listed.out()));
        assertTrue(line.contains(WalkStrategyProvider.DESCRIPTION) && line.contains("plugin"), line);
        assertTrue(listed.out().contains("    generations = 100"), listed.out());

        Path run = tmp.resolve("walk");
        Cli train = Cli.run("train", "--env", "CartPole-v1", "--plugin", jar.toString(), "--strategy",
                WalkStrategyProvider.NAME, "--population", "16", "--steps", "3", "--quiet", "--out", run.toString());
        assertEquals(0, train.code(), train.all());
        assertEquals(WalkStrategyProvider.NAME, RunDirectory.read(run).readConfig().strategy());
        // the protocol passed its settings under the declared names: 3 generations of 16
        assertEquals(3, RunDirectory.read(run).readMetrics().size());
        java.util.Map<String, String> options = RunDirectory.read(run).readCheckpoint().state().strategy().config();
        assertEquals("16", options.get("populationSize"), options.toString());
        assertEquals("3", options.get("generations"), options.toString());
        assertTrue(train.out().contains(WalkStrategyProvider.NAME), train.out());
    }

    @Test
    void latentDiffusionGetsTheProtocolSettingsThroughTheRegistryLikeAnyStrategy() {
        Path run = tmp.resolve("latent");
        Cli train = Cli.run("train", "--env", "CartPole-v1", "--strategy", "latent-diffusion", "--population", "12",
                "--steps", "3", "--latent-dim", "3", "--eta", "0.5", "--temperature", "2", "--quiet", "--out", run.toString());
        assertEquals(0, train.code(), train.all());
        java.util.Map<String, String> options = RunDirectory.read(run).readCheckpoint().state().strategy().config();
        assertEquals("12", options.get("populationSize"), options.toString());
        assertEquals("3", options.get("steps"), options.toString());
        assertEquals("3", options.get("latentDim"), options.toString());
        assertEquals("0.5", options.get("eta"), options.toString());
        assertTrue(options.get("fitnessMapping").startsWith("rl(temperature=2.0"), options.toString());
    }
}
