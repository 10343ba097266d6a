package org.diffevo4j.distributed;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.launcher.JavaModuleOptions;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.environments.Environments;

/** The Spark settings diffevo4j starts a context with. */
final class SparkSetup {

    private SparkSetup() {
    }

    /**
     * Settings for {@code master}: {@code spark.*} system properties, then diffevo4j's defaults where
     * not set (app name, no web UI, loopback for local masters, the diffevo4j and plugin jars shipped
     * to the executors of a cluster), then {@code extra}.
     *
     * @throws IllegalStateException when this JVM lacks the {@code --add-opens} flags Spark needs
     */
    static SparkConf conf(String master, Map<String, String> extra) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("a Spark master is needed, e.g. local[*] or spark://host:7077");
        }
        requireOpens();
        SparkConf c = new SparkConf(true);
        c.setMaster(master);
        c.setIfMissing("spark.app.name", "diffevo4j");
        c.setIfMissing("spark.ui.enabled", "false");
        c.setIfMissing("spark.ui.showConsoleProgress", "false");
        boolean local = master.startsWith("local");
        if (local) {
            // nothing leaves this JVM: bind to loopback, whatever the host's name resolves to
            c.setIfMissing("spark.driver.host", "127.0.0.1");
            c.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        } else if (!Boolean.parseBoolean(c.get("spark.diffevo4j.shipJars", "true"))) {
            // executors already hold diffevo4j and the plugins (e.g. spark.executor.extraClassPath)
        } else {
            Set<String> jars = new LinkedHashSet<>();
            String given = c.get("spark.jars", "");
            for (String j : given.split(",")) {
                if (!j.isBlank()) {
                    jars.add(j.trim());
                }
            }
            jars.addAll(applicationJars());
            if (!jars.isEmpty()) {
                c.set("spark.jars", String.join(",", jars));
            }
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            c.set(e.getKey(), e.getValue());
        }
        return c;
    }

    /**
     * The jars executors need: those holding diffevo4j's classes (the distributed, agents and
     * environments modules, or the one CLI jar that holds them all) and every jar of a plugin class
     * loader between the context class loader and the application class loader (the CLI's
     * {@code --plugin} jars). Class folders (a build's target/classes) cannot be shipped and are skipped.
     */
    static Set<String> applicationJars() {
        Set<String> jars = new LinkedHashSet<>();
        for (Class<?> k : new Class<?>[] {SparkEvaluator.class, PopulationEvaluator.class, Environments.class}) {
            CodeSource cs = k.getProtectionDomain().getCodeSource();
            if (cs != null) {
                addJar(jars, cs.getLocation());
            }
        }
        ClassLoader app = ClassLoader.getSystemClassLoader();
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null && l != app; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    addJar(jars, url);
                }
            }
        }
        return jars;
    }

    private static void addJar(Set<String> jars, URL url) {
        if (url == null || !"file".equals(url.getProtocol())) {
            return;
        }
        try {
            File f = new File(url.toURI());
            if (f.isFile() && f.getName().endsWith(".jar")) {
                jars.add(f.toURI().toString());
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // not a plain file URL: nothing to ship
        }
    }

    /** How long a standalone master gets to accept a TCP connection before the run gives up on it. */
    static final int CONNECT_TIMEOUT_MS = Integer.getInteger("diffevo4j.spark.connectTimeoutMs", 5000);

    /**
     * Fails within seconds, naming the master, when no master of a {@code spark://host:port[,host:port]}
     * URL accepts a connection. Spark itself would retry registering for a minute and then report the
     * failure as a long stack trace from its RPC layer; other masters (local, yarn, k8s) are left to Spark.
     *
     * @throws IllegalArgumentException naming the master and why it cannot be reached
     */
    static void requireReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        StringBuilder why = new StringBuilder();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
            int port;
            try {
                port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 7077;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Spark master " + master + ": bad port in '" + hostPort + "'");
            }
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
                return;
            } catch (java.io.IOException e) {
                why.append(why.length() == 0 ? "" : "; ").append(host).append(':').append(port).append(": ")
                        .append(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            }
        }
        throw new IllegalArgumentException("Spark master " + master + " is unreachable (" + why
                + "); is the master running and reachable from this machine?");
    }

    /** Spark 4 needs some JDK packages opened to it; fail with the flags to add rather than deep inside Spark. */
    static void requireOpens() {
        Module base = Object.class.getModule();
        Module me = SparkSetup.class.getModule();
        if (!base.isOpen("sun.nio.ch", me) || !base.isOpen("java.nio", me) || !base.isOpen("java.lang.invoke", me)) {
            throw new IllegalStateException("Spark needs these JVM options, which this JVM was started without: "
                    + JavaModuleOptions.defaultModuleOptions()
                    + " (the README's 'Scaling out with Spark' has the complete command)");
        }
    }
}
