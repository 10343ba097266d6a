package org.diffevo4j.trainer;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.diffevo4j.core.Strategies;
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
        for (Path p : plugins) {
            if (!Files.isRegularFile(p)) {
                throw new UserError("plugin jar " + p + " does not exist");
            }
            jars.add(p);
        }
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

    /** The {@code --plugin} options as they would be typed again (empty when there are none). */
    String commandLineSuffix() {
        StringBuilder sb = new StringBuilder();
        for (Path p : plugins) {
            sb.append(" --plugin ").append(p);
        }
        return sb.toString();
    }
}
