package org.diffevo4j.trainer;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.diffevo4j.agents.EvaluatorEngine;
import org.diffevo4j.core.Strategies;
import org.diffevo4j.core.StrategyProvider;
import org.diffevo4j.environments.EnvironmentProvider;
import org.diffevo4j.environments.Environments;
import picocli.CommandLine.Option;

/**
 * {@code --plugin path.jar} (repeatable), shared by every command: jars whose
 * {@code EnvironmentProvider}s and {@code StrategyProvider}s are added to the registries. The environment variable
 * {@code DIFFEVO4J_PLUGIN_PATH} (folders or jars, separated by the path separator) does the same,
 * which is how the Docker image picks up jars mounted in {@code /plugins}.
 */
final class PluginOptions {

    static final String ENV_VAR = "DIFFEVO4J_PLUGIN_PATH";

    @Option(names = "--plugin", paramLabel = "JAR",
            description = "Jar with custom environments or strategies (Java SPI EnvironmentProvider, "
                    + "StrategyProvider); repeatable.")
    List<Path> plugins = new ArrayList<>();

    /** Loads the plugins; call before touching the registry. */
    void load() {
        load(List.of());
    }

    /**
     * Loads the {@code --plugin} jars, those of {@code DIFFEVO4J_PLUGIN_PATH} and {@code recorded}
     * (the jars a resumed run was started with); call before touching the registry.
     *
     * @throws UserError for a missing jar, a folder given as a jar, or a jar that registers nothing
     */
    void load(List<String> recorded) {
        List<Path> jars = new ArrayList<>();
        String fromEnv = System.getenv(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            for (String part : fromEnv.split(File.pathSeparator)) {
                Path p = Path.of(part);
                if (Files.isDirectory(p)) {
                    try (Stream<Path> s = Files.list(p)) {
                        s.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(jars::add);
                    } catch (java.io.IOException e) {
                        throw new UserError("cannot list plugin folder " + p + ": " + e.getMessage(), e);
                    }
                } else if (Files.isRegularFile(p)) {
                    jars.add(p);
                }
            }
        }
        List<Path> explicit = new ArrayList<>(plugins);
        for (String r : recorded) {
            Path p = Path.of(r);
            if (explicit.stream().noneMatch(q -> q.toAbsolutePath().normalize().equals(p.toAbsolutePath().normalize()))) {
                explicit.add(p);
            }
        }
        for (Path p : explicit) {
            if (Files.isDirectory(p)) {
                throw new UserError("--plugin " + p + " is a folder; give the plugin's jar file (a folder of jars "
                        + "goes into " + ENV_VAR + ")");
            }
            if (!Files.isRegularFile(p)) {
                throw new UserError("plugin jar " + p + " does not exist");
            }
            if (!registersSomething(p)) {
                throw new UserError("plugin jar " + p + " registers nothing: it lists no provider in META-INF/services/"
                        + EnvironmentProvider.class.getName() + ", " + StrategyProvider.class.getName() + " or "
                        + EvaluatorEngine.class.getName());
            }
            jars.add(p);
        }
        loaded = explicit.stream().map(q -> q.toAbsolutePath().normalize().toString()).toList();
        if (jars.isEmpty()) {
            return;
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UserError("bad plugin path " + jars.get(i), e);
            }
        }
        ClassLoader loader = new URLClassLoader("diffevo4j-plugins", urls, PluginOptions.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Environments.reload(loader);
        try {
            Strategies.reload(loader);
        } catch (IllegalStateException e) {
            // two jars (or a jar and a built-in) claim one strategy name: the user's set of plugins
            throw new UserError(e.getMessage(), e);
        }
    }

    private List<String> loaded = List.of();

    /** The jars given with --plugin or recorded by a resumed run, as absolute paths (for config.json). */
    List<String> jars() {
        return loaded;
    }

    private static boolean registersSomething(Path jar) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getEntry("META-INF/services/" + EnvironmentProvider.class.getName()) != null
                    || f.getEntry("META-INF/services/" + StrategyProvider.class.getName()) != null
                    || f.getEntry("META-INF/services/" + EvaluatorEngine.class.getName()) != null;
        } catch (java.io.IOException e) {
            throw new UserError("plugin " + jar + " is not a readable jar: " + e.getMessage(), e);
        }
    }

    /** The {@code --plugin} options as they would be typed again (empty when there are none). */
    String commandLineSuffix() {
        StringBuilder sb = new StringBuilder();
        for (Path p : plugins) {
            sb.append(" --plugin ").append(p);
        }
        return sb.toString();
    }
}
