package org.diffevo4j.distributed;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.List;
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
     * to the executors of a cluster, the CLI jar as its slim executor jar), then {@code extra}.
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
            jars.addAll(executorJars(applicationJars(), c));
            if (!jars.isEmpty()) {
                c.set("spark.jars", String.join(",", jars));
            }
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            c.set(e.getKey(), e.getValue());
        }
        authenticate(c, System.getenv());
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

    /** Setting {@value}: {@code false} ships a shaded jar (the CLI jar) whole, as before the slim jar. */
    static final String SLIM_JAR = "spark.diffevo4j.slimJar";
    /** Setting {@value}: the folder the slim executor jars are kept in (see {@link ExecutorJar#cacheDir}). */
    static final String JAR_CACHE = "spark.diffevo4j.executorJarCache";

    /**
     * {@code jars} (file URIs) as executors get them: a shaded jar holding diffevo4j's classes with
     * other libraries (the CLI jar, 157 MB) is replaced by its slim executor jar, a few hundred kB
     * with only the classes a task runs, built once per content in the cache folder; other jars
     * (module jars, plugins) are shipped as they are. {@value #SLIM_JAR}{@code =false} ships them all as they are.
     */
    static Set<String> executorJars(Set<String> jars, SparkConf c) {
        if (!c.getBoolean(SLIM_JAR, true)) {
            return jars;
        }
        Set<String> out = new LinkedHashSet<>();
        java.nio.file.Path cache = null;
        for (String j : jars) {
            java.nio.file.Path p;
            try {
                p = java.nio.file.Path.of(java.net.URI.create(j));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                out.add(j);
                continue;
            }
            boolean shaded;
            try {
                shaded = isCliJar(p) && ExecutorJar.isShaded(p);
            } catch (java.io.IOException e) {
                shaded = false;
            }
            if (!shaded) {
                out.add(j);
                continue;
            }
            if (cache == null) {
                cache = ExecutorJar.cacheDir(c.get(JAR_CACHE, null));
            }
            out.add(ExecutorJar.forJarUnchecked(p, cache).toUri().toString());
        }
        return out;
    }

    /**
     * Whether {@code jar} is the CLI's jar (it holds the CLI's main class): a plugin's jar, even one
     * that bundles diffevo4j's modules, is shipped whole, since its own classes are not in the slim jar.
     */
    private static boolean isCliJar(java.nio.file.Path jar) throws java.io.IOException {
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar.toFile())) {
            return z.getEntry("org/diffevo4j/trainer/Main.class") != null;
        }
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

    /** One master of a {@code spark://} URL. */
    record MasterAddress(String host, int port) {
    }

    /**
     * The masters of a {@code spark://host[:port][,host[:port]]} URL, in order (port 7077 where none
     * is given).
     *
     * @throws IllegalArgumentException naming the master and the part whose port is not a number
     */
    static List<MasterAddress> addresses(String master) {
        List<MasterAddress> out = new java.util.ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
            try {
                out.add(new MasterAddress(host, colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 7077));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Spark master " + master + ": bad port in '" + hostPort + "'");
            }
        }
        return out;
    }

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
        for (MasterAddress a : addresses(master)) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(a.host(), a.port()), CONNECT_TIMEOUT_MS);
                return;
            } catch (java.io.IOException e) {
                why.append(why.length() == 0 ? "" : "; ").append(a.host()).append(':').append(a.port()).append(": ")
                        .append(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            }
        }
        throw new IllegalArgumentException("Spark master " + master + " is unreachable (" + why
                + "); is the master running and reachable from this machine?");
    }

    /** What {@link #probeMaster} found. */
    enum Probe { ACCEPTED, NO_SECRET, SECRET_REFUSED, UNKNOWN }

    /**
     * Fails within seconds, in one sentence, when the standalone master of a {@code spark://} URL
     * refuses this driver because of Spark's authentication: the master requires a secret this
     * driver does not have, or does not accept the one it has. Spark itself would retry registering
     * for a minute, print a stack trace every 20 s, give up, and the run would then wait for
     * executors that never come. Anything else (another master, a probe that could not be made) is
     * left to Spark.
     *
     * @throws IllegalArgumentException naming the master, the cause and the variables that hold the secret
     */
    static void requireAccepted(String master, SparkConf c) {
        if (!master.startsWith("spark://")) {
            return;
        }
        String[] why = new String[1];
        Probe p = probeMaster(master, c, why);
        if (p == Probe.NO_SECRET) {
            throw new IllegalArgumentException("Spark master " + master + " refused this driver: the cluster runs with "
                    + "Spark authentication (spark.authenticate) and this driver has no secret; set " + SECRET_FILE_VAR
                    + " to a file holding the cluster's shared secret (or " + SECRET_VAR + ")");
        }
        if (p == Probe.SECRET_REFUSED) {
            throw new IllegalArgumentException("Spark master " + master + " refused this driver's secret (Spark "
                    + "authentication failed: " + why[0] + "); " + SECRET_FILE_VAR + " (or " + SECRET_VAR
                    + ") must hold the shared secret the master and workers were started with, and they must run "
                    + "with spark.authenticate=true");
        }
    }

    /**
     * Connects to the first master of {@code master} that accepts a TCP connection and asks it what
     * a driver asks first (whether its {@code Master} endpoint exists), authenticating with the
     * secret of {@code c} when it has one, as the driver will.
     */
    static Probe probeMaster(String master, SparkConf c, String[] why) {
        boolean auth = c.getBoolean("spark.authenticate", false);
        String secret = c.get("spark.authenticate.secret", null);
        Map<String, String> settings = new java.util.HashMap<>();
        for (scala.Tuple2<String, String> kv : c.getAll()) {
            settings.put(kv._1(), kv._2());
        }
        org.apache.spark.network.util.TransportConf tc = new org.apache.spark.network.util.TransportConf("rpc",
                new org.apache.spark.network.util.MapConfigProvider(settings));
        long timeoutMs = Math.max(CONNECT_TIMEOUT_MS, 1000) * 2L;
        try (org.apache.spark.network.TransportContext ctx = new org.apache.spark.network.TransportContext(tc,
                new org.apache.spark.network.server.NoOpRpcHandler(), false);
             org.apache.spark.network.client.TransportClientFactory f = ctx.createClientFactory()) {
            for (MasterAddress m : addresses(master)) {
                org.apache.spark.network.client.TransportClient client;
                try {
                    client = f.createUnmanagedClient(m.host(), m.port());
                } catch (java.io.IOException | RuntimeException e) {
                    continue;
                }
                try {
                    return probe(client, tc, m, auth ? secret : null, timeoutMs, why);
                } finally {
                    client.close();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            why[0] = rootMessage(e);
        }
        return Probe.UNKNOWN;
    }

    /**
     * One master, over a connected {@code client}: authenticates with {@code secret} when given (as the
     * driver will), then asks whether the {@code Master} endpoint exists.
     */
    private static Probe probe(org.apache.spark.network.client.TransportClient client,
                               org.apache.spark.network.util.TransportConf tc, MasterAddress m, String secret,
                               long timeoutMs, String[] why) throws InterruptedException {
        if (secret != null) {
            org.apache.spark.network.sasl.SecretKeyHolder keys = new org.apache.spark.network.sasl.SecretKeyHolder() {
                @Override
                public String getSaslUser(String appId) {
                    return SASL_USER;
                }

                @Override
                public String getSecretKey(String appId) {
                    return secret;
                }
            };
            try {
                new org.apache.spark.network.crypto.AuthClientBootstrap(tc, SASL_USER, keys)
                        .doBootstrap(client, client.getChannel());
            } catch (RuntimeException e) {
                why[0] = rootMessage(e);
                return Probe.SECRET_REFUSED;
            }
        }
        try {
            client.sendRpcSync(checkExistence(m.host(), m.port()), timeoutMs);
            return Probe.ACCEPTED;
        } catch (RuntimeException e) {
            why[0] = rootMessage(e);
            String msg = why[0].toLowerCase(java.util.Locale.ROOT);
            boolean authFailure = msg.contains("sasl") || msg.contains("authmessage") || msg.contains("auth");
            if (authFailure && secret == null) {
                return Probe.NO_SECRET;
            }
            return authFailure ? Probe.SECRET_REFUSED : Probe.UNKNOWN;
        }
    }

    /** The user name of Spark's SASL handshake (SecurityManager's). */
    private static final String SASL_USER = "sparkSaslUser";

    /**
     * The RPC a driver sends a master first ({@code NettyRpcEnv}'s message format: sender address,
     * receiver address, endpoint name, then the Java-serialized content): whether the endpoint
     * {@code Master} exists, asked of the master's {@code endpoint-verifier}.
     */
    static java.nio.ByteBuffer checkExistence(String host, int port) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            out.writeBoolean(false);            // no sender address: a client
            out.writeBoolean(true);             // the receiver's address
            out.writeUTF(host);
            out.writeInt(port);
            out.writeUTF("endpoint-verifier");
            java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(out);
            o.writeObject(new org.apache.spark.rpc.netty.RpcEndpointVerifier.CheckExistence("Master"));
            o.close();
            return java.nio.ByteBuffer.wrap(bytes.toByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        // a failure the server reports carries its stack trace: keep the first line, without the
        // exception class names ("java.lang.RuntimeException: javax.security.sasl.SaslException: ...")
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl);
        }
        int ex = m.lastIndexOf("Exception: ");
        if (ex >= 0 && ex + "Exception: ".length() < m.length()) {
            m = m.substring(ex + "Exception: ".length());
        }
        return m.replaceAll("\\s+", " ").strip();
    }

    /** Environment variable naming a file that holds the cluster's shared secret. */
    static final String SECRET_FILE_VAR = "DIFFEVO4J_SPARK_SECRET_FILE";
    /** Environment variable holding the cluster's shared secret itself. */
    static final String SECRET_VAR = "DIFFEVO4J_SPARK_SECRET";

    /**
     * Turns on Spark's authentication with the shared secret from {@value #SECRET_FILE_VAR} (a file)
     * or {@value #SECRET_VAR}: read here, in the driver's own process, so the secret never appears on
     * a command line (visible in {@code ps} on every host), in config.json or in a log. The master and
     * workers take the same secret from their {@code spark-defaults.conf}.
     *
     * @throws IllegalArgumentException when the file cannot be read or is empty
     */
    static void authenticate(SparkConf c, Map<String, String> env) {
        String secret = null;
        String file = env.get(SECRET_FILE_VAR);
        if (file != null && !file.isBlank()) {
            try {
                secret = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(SECRET_FILE_VAR + ": cannot read " + file + ": " + e.getMessage());
            }
            if (secret.isEmpty()) {
                throw new IllegalArgumentException(SECRET_FILE_VAR + ": " + file + " is empty");
            }
        } else if (env.get(SECRET_VAR) != null && !env.get(SECRET_VAR).isBlank()) {
            secret = env.get(SECRET_VAR).strip();
        }
        if (secret != null) {
            c.set("spark.authenticate", "true");
            c.set("spark.authenticate.secret", secret);
        }
    }

    /** Executors a cluster run waits for before its first step (setting {@value}). */
    static final String MIN_EXECUTORS = "spark.diffevo4j.minExecutors";
    /** How long a cluster run waits for them, in seconds (setting {@value}). */
    static final String EXECUTOR_WAIT = "spark.diffevo4j.executorWaitSeconds";

    /**
     * On a cluster, waits until at least {@link #MIN_EXECUTORS} executors (default 1) have registered
     * and their number has stopped growing for a moment, at most {@link #EXECUTOR_WAIT} seconds
     * (default 60). Without it the first evaluation is cut into as many slices as the cores known at
     * that instant (often 2, whatever the cluster), and a driver the workers cannot reach waits
     * forever while the master launches failing executors.
     *
     * @throws IllegalArgumentException naming the driver address when too few executors registered in time
     */
    static void awaitExecutors(org.apache.spark.api.java.JavaSparkContext sc, String master) {
        if (master.startsWith("local")) {
            return;
        }
        SparkConf c = sc.getConf();
        int wanted = Integer.parseInt(c.get(MIN_EXECUTORS, "1"));
        long deadline = System.nanoTime() + (long) (Double.parseDouble(c.get(EXECUTOR_WAIT, "60")) * 1e9);
        int seen = -1;
        long stableSince = System.nanoTime();
        while (true) {
            int now = sc.sc().statusTracker().getExecutorInfos().length - 1;   // the driver is listed too
            if (now != seen) {
                seen = now;
                stableSince = System.nanoTime();
            }
            boolean settled = System.nanoTime() - stableSince > 2_000_000_000L;
            if (seen >= wanted && settled) {
                return;
            }
            if (System.nanoTime() > deadline) {
                if (seen >= wanted) {
                    return;
                }
                throw new IllegalArgumentException(seen + " of " + wanted + " Spark executor(s) registered within "
                        + c.get(EXECUTOR_WAIT, "60") + " s: the workers of " + master + " could not reach this driver at "
                        + c.get("spark.driver.host", "?") + ":" + c.get("spark.driver.port", "?")
                        + "; set spark.driver.host (DIFFEVO4J_JAVA_OPTS=-Dspark.driver.host=ADDRESS) to an address the "
                        + "workers can reach, and check that the cluster has free cores");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Spark executors", e);
            }
        }
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
