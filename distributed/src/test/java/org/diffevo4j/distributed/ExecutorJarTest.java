package org.diffevo4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slim jar executors get instead of the CLI jar: what it holds, and its name. */
class ExecutorJarTest {

    /**
     * The classes a standalone executor loaded from the CLI jar while training CartPole
     * ({@code -Xlog:class+load}, bench/spark-slim-jar.sh): the slim jar must keep every one.
     */
    static final List<String> LOADED_BY_AN_EXECUTOR = List.of("org.diffevo4j.distributed.SliceTask$Slice",
            "org.diffevo4j.distributed.SliceTask", "org.diffevo4j.agents.NonFiniteRewardException",
            "org.diffevo4j.agents.Activation", "org.diffevo4j.agents.PolicySpec", "org.diffevo4j.environments.EnvSpec",
            "org.diffevo4j.distributed.SliceTask$Outcome", "org.diffevo4j.environments.Environments",
            "org.diffevo4j.environments.EnvironmentRegistry", "org.diffevo4j.environments.EnvironmentProvider",
            "org.diffevo4j.environments.classic.ClassicControlProvider", "org.diffevo4j.environments.VectorEnvironment",
            "org.diffevo4j.environments.Environment", "org.diffevo4j.environments.StatefulVectorEnvironment",
            "org.diffevo4j.environments.BatchedEnvironment", "org.diffevo4j.environments.classic.CartPole",
            "org.diffevo4j.environments.classic.Acrobot", "org.diffevo4j.environments.classic.MountainCar",
            "org.diffevo4j.environments.classic.MountainCarContinuous", "org.diffevo4j.environments.classic.Pendulum",
            "org.diffevo4j.environments.Space", "org.diffevo4j.environments.classic.ClassicSpaces",
            "org.diffevo4j.environments.Box", "org.diffevo4j.environments.DType", "org.diffevo4j.environments.Discrete",
            "org.diffevo4j.environments.EnvironmentRegistry$Entry", "org.diffevo4j.agents.ObservationNormalizer",
            "org.diffevo4j.agents.Backend", "org.diffevo4j.agents.PopulationEvaluators",
            "org.diffevo4j.agents.PopulationEvaluator", "org.diffevo4j.agents.PopulationEvaluators$1",
            "org.diffevo4j.agents.AbstractEvaluator", "org.diffevo4j.agents.JvmEvaluator",
            "org.diffevo4j.agents.JvmEvaluator$Path", "org.diffevo4j.agents.JvmEvaluator$Precision",
            "org.diffevo4j.agents.EvaluatorChecks", "org.diffevo4j.agents.ParameterLayout",
            "org.diffevo4j.agents.RolloutSetup", "org.diffevo4j.agents.ThreadPartition",
            "org.diffevo4j.agents.LaneRollout", "org.diffevo4j.agents.CopyRollout", "org.diffevo4j.agents.RolloutJob",
            "org.diffevo4j.agents.ThreadPartition$SliceTask", "org.diffevo4j.agents.LaneBlock",
            "org.diffevo4j.agents.ActionHead", "org.diffevo4j.agents.RolloutProfile",
            "org.diffevo4j.environments.SeedStreams", "org.diffevo4j.agents.LaneKernels",
            "org.diffevo4j.agents.MlpPolicy", "org.diffevo4j.agents.EvaluationResult");

    @TempDir
    Path tmp;

    /** A stand-in for the CLI jar: diffevo4j's packages, the CLI, natives and other libraries. */
    static Map<String, byte[]> cliJarEntries() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("META-INF/MANIFEST.MF", bytes("Manifest-Version: 1.0\nMain-Class: org.diffevo4j.trainer.Main\n"));
        m.put("org/diffevo4j/trainer/Main.class", bytes("cli"));
        m.put("org/diffevo4j/agents/", new byte[0]);
        m.put("org/diffevo4j/agents/PolicySpec.class", bytes("policy"));
        m.put("org/diffevo4j/agents/Nd4jEvaluator.class", bytes("nd4j evaluator"));
        m.put("org/diffevo4j/environments/Environments.class", bytes("envs"));
        m.put("org/diffevo4j/environments/classic/CartPole.class", bytes("cartpole"));
        m.put("org/diffevo4j/environments/classic/ClassicControlProvider.class", bytes("provider"));
        m.put("org/diffevo4j/core/Strategy.class", bytes("strategy"));
        m.put("org/diffevo4j/latent/LatentDiffusionProvider.class", bytes("latent"));
        m.put("org/diffevo4j/gpu/CudaEngine.class", bytes("cuda engine"));
        m.put("org/diffevo4j/gpu/rollout.fatbin", bytes("kernels"));
        m.put("org/nd4j/linalg/factory/Nd4j.class", bytes("nd4j"));
        m.put("org/bytedeco/openblas/linux-x86_64/libopenblas.so.0", bytes("native"));
        m.put("org/nd4j/linux-x86_64/libnd4jcpu.so", bytes("native"));
        m.put("org/deeplearning4j/nn/multilayer/MultiLayerNetwork.class", bytes("dl4j"));
        m.put("picocli/CommandLine.class", bytes("picocli"));
        m.put("org/knowm/xchart/XYChart.class", bytes("xchart"));
        m.put("scala/Option.class", bytes("scala"));
        m.put("org/apache/spark/SparkContext.class", bytes("spark"));
        m.put("META-INF/services/org.diffevo4j.environments.EnvironmentProvider",
                bytes("# providers\norg.diffevo4j.environments.classic.ClassicControlProvider\n"));
        m.put("META-INF/services/org.diffevo4j.agents.EvaluatorEngine", bytes("org.diffevo4j.gpu.CudaEngine\n"));
        m.put("META-INF/services/org.diffevo4j.core.StrategyProvider",
                bytes("org.diffevo4j.latent.LatentDiffusionProvider\n"));
        m.put("META-INF/services/org.nd4j.linalg.factory.Nd4jBackend", bytes("org.nd4j.linalg.cpu.nativecpu.CpuBackend\n"));
        return m;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Path writeJar(Path file, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream o = Files.newOutputStream(file); ZipOutputStream z = new ZipOutputStream(o)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    static Set<String> names(Path jar) throws IOException {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            Set<String> s = new TreeSet<>();
            z.stream().forEach(e -> s.add(e.getName()));
            return s;
        }
    }

    static String read(Path jar, String name) throws IOException {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            return new String(z.getInputStream(z.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void keepsWhatATaskRunsAndNoNativesLibrariesOrCli() throws IOException {
        Path cli = writeJar(tmp.resolve("cli/diffevo4j.jar"), cliJarEntries());
        assertTrue(ExecutorJar.isShaded(cli));
        Path slim = ExecutorJar.forJar(cli, tmp.resolve("cache"));
        assertTrue(slim.getFileName().toString().matches("diffevo4j-executor-[0-9a-f]{16}\\.jar"), slim.toString());
        assertEquals(tmp.resolve("cache"), slim.getParent());
        assertEquals(new TreeSet<>(List.of("META-INF/MANIFEST.MF",
                "META-INF/services/org.diffevo4j.environments.EnvironmentProvider",
                "org/diffevo4j/agents/Nd4jEvaluator.class", "org/diffevo4j/agents/PolicySpec.class",
                "org/diffevo4j/environments/Environments.class", "org/diffevo4j/environments/classic/CartPole.class",
                "org/diffevo4j/environments/classic/ClassicControlProvider.class")), names(slim));
        assertEquals("org.diffevo4j.environments.classic.ClassicControlProvider\n",
                read(slim, "META-INF/services/org.diffevo4j.environments.EnvironmentProvider"));
        assertEquals("policy", read(slim, "org/diffevo4j/agents/PolicySpec.class"));
        assertFalse(read(slim, "META-INF/MANIFEST.MF").contains("Main-Class"));
    }

    @Test
    void everyClassAnExecutorLoadedIsKept() {
        for (String c : LOADED_BY_AN_EXECUTOR) {
            assertTrue(ExecutorJar.kept(c.replace('.', '/') + ".class"), c);
        }
        for (String dropped : List.of("org/diffevo4j/trainer/Main.class", "org/diffevo4j/core/Strategy.class",
                "org/diffevo4j/gpu/CudaEngine.class", "org/nd4j/linalg/factory/Nd4j.class",
                "org/bytedeco/javacpp/Loader.class", "org/nd4j/linux-x86_64/libnd4jcpu.so",
                "org/diffevo4j/agents/libfoo.so", "org/deeplearning4j/nn/conf/Layer.class",
                "picocli/CommandLine.class", "org/knowm/xchart/XYChart.class", "scala/Option.class",
                "org/apache/spark/SparkContext.class", "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend")) {
            assertFalse(ExecutorJar.kept(dropped), dropped);
        }
    }

    @Test
    void theNameDependsOnTheContentOnly() throws IOException {
        Path cache = tmp.resolve("cache");
        Path a = writeJar(tmp.resolve("a/diffevo4j.jar"), cliJarEntries());
        Path slim = ExecutorJar.forJar(a, cache);
        FileTime built = Files.getLastModifiedTime(slim);
        // the same content elsewhere (another checkout, a copy): the same file, not built again
        Path copy = writeJar(tmp.resolve("b/diffevo4j-copy.jar"), cliJarEntries());
        assertEquals(slim, ExecutorJar.forJar(copy, cache));
        assertEquals(built, Files.getLastModifiedTime(slim));
        byte[] first = Files.readAllBytes(slim);
        Files.delete(slim);
        assertEquals(slim, ExecutorJar.forJar(copy, cache));
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(slim)), "rebuilt to other bytes");
        try (var s = Files.list(cache)) {
            assertEquals(1, s.count(), "temporary files left behind");
        }

        // what executors run changed: another name
        Map<String, byte[]> changed = cliJarEntries();
        changed.put("org/diffevo4j/agents/PolicySpec.class", bytes("policy, version 2"));
        Path other = ExecutorJar.forJar(writeJar(tmp.resolve("c/diffevo4j.jar"), changed), cache);
        assertNotEquals(slim.getFileName(), other.getFileName());
        assertEquals("policy, version 2", read(other, "org/diffevo4j/agents/PolicySpec.class"));

        // only what executors do not get changed (the CLI, ND4J): the same name
        Map<String, byte[]> cliOnly = cliJarEntries();
        cliOnly.put("org/diffevo4j/trainer/Main.class", bytes("cli, version 2"));
        cliOnly.put("org/nd4j/linux-x86_64/libnd4jcpu.so", bytes("native, version 2"));
        assertEquals(slim, ExecutorJar.forJar(writeJar(tmp.resolve("d/diffevo4j.jar"), cliOnly), cache));
    }

    @Test
    void onlyTheCliJarIsReplaced() throws IOException {
        Path cli = writeJar(tmp.resolve("cli/diffevo4j.jar"), cliJarEntries());
        // a module's own jar and a plugin's jar (even one bundling other libraries) travel as they are
        Path module = writeJar(tmp.resolve("m/diffevo4j-agents.jar"),
                Map.of("org/diffevo4j/agents/PolicySpec.class", bytes("policy")));
        Path plugin = writeJar(tmp.resolve("p/corridor-plugin.jar"), Map.of(
                "org/example/Corridor.class", bytes("corridor"), "com/google/Lib.class", bytes("lib"),
                "org/diffevo4j/environments/Environments.class", bytes("envs")));
        assertFalse(ExecutorJar.isShaded(module));
        SparkConf c = new SparkConf(false).set(SparkSetup.JAR_CACHE, tmp.resolve("cache").toString());
        Set<String> in = new LinkedHashSet<>(List.of(module.toUri().toString(), cli.toUri().toString(),
                plugin.toUri().toString()));
        List<String> out = List.copyOf(SparkSetup.executorJars(in, c));
        assertEquals(3, out.size());
        assertEquals(module.toUri().toString(), out.get(0));
        assertTrue(out.get(1).matches("file:.*/cache/diffevo4j-executor-[0-9a-f]{16}\\.jar"), out.get(1));
        assertEquals(plugin.toUri().toString(), out.get(2));
        // the way back: the whole CLI jar
        c.set(SparkSetup.SLIM_JAR, "false");
        assertEquals(in, SparkSetup.executorJars(in, c));
    }

    @Test
    void theCacheFolderFollowsXdgOrFallsBackToTheTempFolder() {
        assertEquals(Path.of("/some/where"), ExecutorJar.cacheDir("/some/where"));
        Path d = ExecutorJar.cacheDir(null);
        assertTrue(d.endsWith(Path.of("diffevo4j", "spark")) || d.getParent().getFileName().toString()
                .startsWith("diffevo4j-"), d.toString());
    }
}
