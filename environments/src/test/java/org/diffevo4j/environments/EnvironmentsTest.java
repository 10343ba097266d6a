package org.diffevo4j.environments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.diffevo4j.environments.classic.ClassicControlProvider;
import org.diffevo4j.environments.testplugin.DuplicateCartPoleProvider;
import org.diffevo4j.environments.testplugin.LineWorldProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry and the SPI: discovery, plug-ins from a separate jar, the default vector adapter, errors. */
class EnvironmentsTest {

    private static final String SERVICE_FILE = "META-INF/services/" + EnvironmentProvider.class.getName();
    private static final List<String> BUILT_IN = List.of("Acrobot-v1", "CartPole-v1", "MountainCar-v0",
            "MountainCarContinuous-v0", "Pendulum-v1");

    @TempDir
    Path tmp;

    @AfterEach
    void restoreDefaultRegistry() {
        Environments.reload();
    }

    @Test
    void idsAreSortedAndIncludeBuiltInsAndTheTestSourceSetPlugin() {
        List<String> ids = Environments.ids();
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(sorted, ids);
        assertTrue(ids.containsAll(BUILT_IN), ids.toString());
        // registered only by src/test/resources/META-INF/services
        assertTrue(ids.contains(LineWorldProvider.ID), ids.toString());
        assertEquals(ids.size(), Environments.specs().size());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(ids.get(i), Environments.specs().get(i).id());
        }
        assertThrows(UnsupportedOperationException.class, () -> ids.add("x"));
    }

    @Test
    void specsOfBuiltIns() {
        EnvSpec cartPole = Environments.spec("CartPole-v1");
        assertEquals(500, cartPole.maxEpisodeSteps());
        assertEquals(475.0, cartPole.rewardThreshold());
        assertEquals(new Discrete(2), cartPole.actionSpace());
        assertEquals(4, cartPole.observationSize());
        EnvSpec pendulum = Environments.spec("Pendulum-v1");
        assertEquals(null, pendulum.rewardThreshold());
        assertEquals(new Box(new double[] {-2}, new double[] {2}, DType.FLOAT32), pendulum.actionSpace());
        assertEquals(999, Environments.spec("MountainCarContinuous-v0").maxEpisodeSteps());
        assertEquals(200, Environments.spec("MountainCar-v0").maxEpisodeSteps());
        assertEquals(-100.0, Environments.spec("Acrobot-v1").rewardThreshold());
    }

    @Test
    void everyIdWorksWithBothApis() {
        for (String id : Environments.ids()) {
            Environment env = Environments.make(id);
            assertEquals(id, env.spec().id());
            assertEquals(env.spec().observationSize(), env.reset(3).length);
            VectorEnvironment v = Environments.makeVector(id, 3);
            assertEquals(id, v.spec().id());
            assertEquals(3, v.size());
            v.reset(3);
            assertEquals(3 * v.spec().observationSize(), v.observations().length);
            assertEquals(3, v.activeCount());
        }
    }

    @Test
    void builtInsAreBatchedAndStateful() {
        for (String id : BUILT_IN) {
            assertInstanceOf(BatchedEnvironment.class, Environments.makeVector(id, 2));
            assertInstanceOf(StatefulEnvironment.class, Environments.make(id));
        }
    }

    @Test
    void defaultMakeVectorWrapsSingleEnvironments() {
        VectorEnvironment v = Environments.makeVector(LineWorldProvider.ID, 3);
        assertInstanceOf(SyncVectorEnvironment.class, v);
        // start positions are seed mod 3: 0, 1, 2; always moving right reaches 5 after 5, 4, 3 steps
        v.reset(new long[] {0, 1, 2});
        assertArrayEquals(new double[] {0, 1, 2}, v.observations());
        int[] right = {1, 1, 1};
        int[] finishedAt = new int[3];
        for (int t = 1; t <= 5; t++) {
            v.step(right);
            for (int i = 0; i < 3; i++) {
                if (v.done()[i] && finishedAt[i] == 0) {
                    finishedAt[i] = t;
                    assertEquals(1.0, v.rewards()[i]);
                    assertTrue(v.terminated()[i]);
                } else if (v.done()[i]) {
                    assertEquals(0.0, v.rewards()[i], "finished copies read reward 0");
                    assertEquals(5.0, v.observations()[i], "finished copies keep their last observation");
                }
            }
        }
        assertArrayEquals(new int[] {5, 4, 3}, finishedAt);
        assertEquals(0, v.activeCount());
    }

    @Test
    void defaultAdapterAppliesTheTimeLimitOfTheWrappedEnvironment() {
        VectorEnvironment v = Environments.makeVector(LineWorldProvider.ID, 2);
        v.reset(new long[] {0, 2});
        int[] left = {0, 0};
        for (int t = 1; t <= 8; t++) {
            v.step(left);
        }
        assertArrayEquals(new boolean[] {true, true}, v.truncated());
        assertArrayEquals(new boolean[] {false, false}, v.terminated());
        assertArrayEquals(new double[] {-8, -6}, v.observations());
    }

    @Test
    void unknownIdListsTheKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Environments.make("CartPole-v0"));
        assertTrue(e.getMessage().contains("'CartPole-v0'"), e.getMessage());
        assertTrue(e.getMessage().contains("Did you mean CartPole-v1"), e.getMessage());
        for (String id : Environments.ids()) {
            assertTrue(e.getMessage().contains(id), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Environments.makeVector("NoSuchEnv-v9", 4));
        assertThrows(IllegalArgumentException.class, () -> Environments.spec("NoSuchEnv-v9"));
    }

    @Test
    void makeVectorRejectsFewerThanOneCopy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Environments.makeVector("CartPole-v1", 0));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Environments.makeVector(LineWorldProvider.ID, -1));
    }

    @Test
    void twoProvidersClaimingOneIdIsAnErrorNamingBoth() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EnvironmentRegistry.of(
                List.of(new ClassicControlProvider(), new DuplicateCartPoleProvider())));
        assertTrue(e.getMessage().contains("'CartPole-v1'"), e.getMessage());
        assertTrue(e.getMessage().contains(ClassicControlProvider.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(DuplicateCartPoleProvider.class.getName()), e.getMessage());
    }

    @Test
    void duplicateFromAPluginClassLoaderFailsAndKeepsThePreviousRegistry() throws IOException {
        Path dir = tmp.resolve("dup");
        Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(dir.resolve(SERVICE_FILE), DuplicateCartPoleProvider.class.getName() + "\n");
        List<String> before = Environments.ids();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Environments.reload(loader));
            assertTrue(e.getMessage().contains(ClassicControlProvider.class.getName()), e.getMessage());
            assertTrue(e.getMessage().contains(DuplicateCartPoleProvider.class.getName()), e.getMessage());
        }
        assertEquals(before, Environments.ids());
    }

    @Test
    void pluginJarCompiledAtTestTimeIsFoundAfterReload() throws Exception {
        Path jar = buildPluginJar();
        assertFalse(Environments.ids().contains("JarPlugin-v0"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                getClass().getClassLoader())) {
            Environments.reload(loader);
            assertTrue(Environments.ids().containsAll(BUILT_IN));
            assertTrue(Environments.ids().contains("JarPlugin-v0"), Environments.ids().toString());
            // its single environment is a CartPole under another name; the vector API comes from the default
            Environment env = Environments.make("JarPlugin-v0");
            assertEquals(4, env.reset(1).length);
            VectorEnvironment v = Environments.makeVector("JarPlugin-v0", 2);
            v.reset(1);
            v.step(new int[] {0, 1});
            assertEquals(1.0, v.rewards()[0]);
        }
        Environments.reload();
        assertFalse(Environments.ids().contains("JarPlugin-v0"));
    }

    @Test
    void brokenServiceEntryIsAClearError() throws IOException {
        Path dir = tmp.resolve("broken");
        Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(dir.resolve(SERVICE_FILE), "com.example.DoesNotExist\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                getClass().getClassLoader())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EnvironmentRegistry.load(loader));
            assertTrue(e.getMessage().contains("com.example.DoesNotExist"), e.getMessage());
        }
    }

    @Test
    void builtInsStayEvenWithoutTheirServiceFile() {
        // a loader that sees no service files at all, as after a shade step that dropped them
        ClassLoader empty = new ClassLoader(null) {
        };
        EnvironmentRegistry r = EnvironmentRegistry.load(empty);
        assertEquals(BUILT_IN, r.ids());
    }

    /** Compiles a provider that exists nowhere else into a jar with its own service file. */
    private Path buildPluginJar() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path src = tmp.resolve("src/com/example/plugin");
        Files.createDirectories(src);
        Path source = src.resolve("JarPluginProvider.java");
        Files.writeString(source, """
                package com.example.plugin;
                import java.util.List;
                import org.diffevo4j.environments.*;
                import org.diffevo4j.environments.classic.CartPole;
                public final class JarPluginProvider implements EnvironmentProvider {
                    static final EnvSpec SPEC = new EnvSpec("JarPlugin-v0", CartPole.SPEC.observationSpace(),
                            CartPole.SPEC.actionSpace(), 50, null);
                    public List<EnvSpec> specs() { return List.of(SPEC); }
                    public Environment make(String id) {
                        Environment inner = CartPole.single();
                        return new Environment() {
                            public EnvSpec spec() { return SPEC; }
                            public double[] reset(long seed) { return inner.reset(seed); }
                            public StepResult step(int a) { return inner.step(a); }
                            public StepResult step(double[] a) { return inner.step(a); }
                        };
                    }
                }
                """);
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        int rc = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"), "-d",
                classes.toString(), source.toString());
        assertEquals(0, rc, "compiling the plug-in");
        Path jar = tmp.resolve("plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            addEntry(out, "com/example/plugin/JarPluginProvider.class",
                    Files.readAllBytes(classes.resolve("com/example/plugin/JarPluginProvider.class")));
            for (Path p : Files.list(classes.resolve("com/example/plugin")).toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("JarPluginProvider$")) {
                    addEntry(out, "com/example/plugin/" + name, Files.readAllBytes(p));
                }
            }
            addEntry(out, SERVICE_FILE, "com.example.plugin.JarPluginProvider\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void addEntry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream o = out;
        o.write(bytes);
        out.closeEntry();
    }
}
