package org.diffevo4j.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.protocol.ProtocolConfig;
import org.diffevo4j.agents.protocol.ProtocolResult;
import org.diffevo4j.agents.protocol.RlProtocol;
import org.diffevo4j.agents.protocol.StepMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster (a master and a worker, separate JVMs) whose executors have only Spark
 * and its libraries on their class path, no diffevo4j and no ND4J: diffevo4j reaches them only as
 * the slim jar made from a stand-in for the CLI jar (this build's diffevo4j classes, the CLI's main
 * class and native libraries, as the shaded jar holds them), and the run ends exactly as in-process.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SlimJarClusterTest {

    @TempDir
    Path tmp;

    @Test
    void aClusterRunFromTheSlimJarEqualsTheInProcessRun() throws Exception {
        ProtocolConfig c = ProtocolConfig.paper("CartPole-v1", "latent-diffusion", 5).withPopulationSize(32).withSteps(3)
                .withBackend(Backend.JVM).withThreads(2);
        ProtocolResult expected;
        try (RlProtocol run = new RlProtocol(c)) {
            expected = run.run(null);
        }

        Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        List<String> executorClassPath = new ArrayList<>();
        Path cli = shadedCliJar(repo, executorClassPath);
        Set<String> shipped = SparkSetup.executorJars(new LinkedHashSet<>(List.of(cli.toUri().toString())),
                new SparkConf(false).set(SparkSetup.JAR_CACHE, tmp.resolve("cache").toString()));
        assertEquals(1, shipped.size());
        String slim = shipped.iterator().next();
        assertTrue(slim.matches("file:.*/diffevo4j-executor-[0-9a-f]{16}\\.jar"), slim);
        long slimBytes = Files.size(Path.of(java.net.URI.create(slim)));
        System.err.printf("slim jar: %d bytes from a %d-byte stand-in for the CLI jar%n", slimBytes, Files.size(cli));

        try (StandaloneCluster cluster = new StandaloneCluster(1, 2, "1g")) {
            SparkConf conf = SparkSetup.conf(cluster.masterUrl(), Map.of(
                    "spark.driver.host", "127.0.0.1",
                    "spark.driver.bindAddress", "127.0.0.1",
                    "spark.executor.memory", "512m",
                    "spark.cores.max", "2",
                    "spark.executor.extraClassPath", String.join(File.pathSeparator, executorClassPath),
                    "spark.executor.extraJavaOptions", "-XX:+UseSerialGC",
                    "spark.diffevo4j.shipJars", "false",
                    "spark.jars", slim));
            JavaSparkContext sc = new JavaSparkContext(conf);
            ProtocolResult actual;
            try {
                SparkSetup.awaitExecutors(sc, cluster.masterUrl());
                try (RlProtocol run = new RlProtocol(c, policy -> new SparkEvaluator(sc, c.envId(), c.hidden(),
                        c.activation(), c.maxEpisodeSteps(), 4))) {
                    actual = run.run(null);
                }
            } catch (RuntimeException e) {
                fail("the cluster run failed\n" + cluster.logs(), e);
                return;
            } finally {
                sc.stop();
            }
            assertArrayEquals(expected.bestParameters(), actual.bestParameters(), 0.0);
            assertEquals(expected.bestReturn(), actual.bestReturn(), 0.0);
            assertArrayEquals(expected.finalReturns(), actual.finalReturns(), 0.0);
            List<StepMetrics> e = expected.history();
            List<StepMetrics> a = actual.history();
            assertEquals(e.size(), a.size());
            for (int i = 0; i < e.size(); i++) {
                assertEquals(e.get(i).returnMean(), a.get(i).returnMean(), 0.0, "step " + i);
                assertEquals(e.get(i).returnMax(), a.get(i).returnMax(), 0.0, "step " + i);
                assertEquals(e.get(i).returnMin(), a.get(i).returnMin(), 0.0, "step " + i);
            }
            // what the executor downloaded: the slim jar and nothing else of diffevo4j
            List<Path> jars;
            try (Stream<Path> s = Files.walk(cluster.workDir(0))) {
                jars = s.filter(p -> p.toString().endsWith(".jar")).toList();
            }
            assertFalse(jars.isEmpty(), "no jar reached the worker");
            for (Path j : jars) {
                assertEquals(Path.of(java.net.URI.create(slim)).getFileName(), j.getFileName());
                assertEquals(slimBytes, Files.size(j));
            }
        }
    }

    /**
     * A shaded jar like the CLI's, from this build's diffevo4j classes (the class path's entries
     * under the repository) plus the CLI's main class and native-library entries; {@code rest}
     * receives the class path without diffevo4j and without ND4J, JavaCPP or DL4J jars.
     */
    private Path shadedCliJar(Path repo, List<String> rest) throws IOException {
        Path jar = tmp.resolve("cli/diffevo4j.jar");
        Files.createDirectories(jar.getParent());
        Set<String> seen = new HashSet<>();
        try (OutputStream o = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(o)) {
            put(z, seen, "org/diffevo4j/trainer/Main.class", new byte[] {(byte) 0xca, (byte) 0xfe});
            put(z, seen, "org/nd4j/linux-x86_64/libnd4jcpu.so", new byte[1024]);
            put(z, seen, "org/bytedeco/openblas/linux-x86_64/libopenblas.so.0", new byte[1024]);
            put(z, seen, "picocli/CommandLine.class", new byte[] {(byte) 0xca, (byte) 0xfe});
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry).toAbsolutePath();
                String unix = p.toString().replace('\\', '/');
                boolean ours = p.startsWith(repo) || unix.contains("/org/diffevo4j/");
                if (ours && Files.isDirectory(p)) {
                    if (!p.endsWith("test-classes")) {
                        addTree(z, seen, p);
                    }
                } else if (ours && entry.endsWith(".jar")) {
                    addJar(z, seen, p);
                } else if (!unix.contains("/org/nd4j/") && !unix.contains("/org/bytedeco/")
                        && !unix.contains("/org/deeplearning4j/")) {
                    rest.add(entry);
                }
            }
        }
        return jar;
    }

    private static void addTree(ZipOutputStream z, Set<String> seen, Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                put(z, seen, root.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
            }
        }
    }

    private static void addJar(ZipOutputStream z, Set<String> seen, Path jar) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile())) {
            for (ZipEntry e : in.stream().filter(e -> !e.isDirectory()).toList()) {
                try (InputStream s = in.getInputStream(e)) {
                    put(z, seen, e.getName(), s.readAllBytes());
                }
            }
        }
    }

    private static void put(ZipOutputStream z, Set<String> seen, String name, byte[] bytes) throws IOException {
        if (seen.add(name)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(bytes);
            z.closeEntry();
        }
    }
}
