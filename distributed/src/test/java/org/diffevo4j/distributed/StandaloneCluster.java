package org.diffevo4j.distributed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone master and workers, each a separate JVM on 127.0.0.1 started from this JVM's
 * class path. Every process it starts (and their children, the executors) is killed by
 * {@link #close()} and, should the JVM end first, by a shutdown hook.
 */
final class StandaloneCluster implements AutoCloseable {

    private final Path dir;
    private final int masterPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final Thread hook;

    StandaloneCluster(int workerCount, int coresPerWorker, String workerMemory) throws IOException {
        this.dir = Files.createTempDirectory("diffevo4j-spark-cluster");
        // the worker builds executor command lines from SPARK_HOME/jars; the jars come from the class path instead
        Files.createDirectories(dir.resolve("home/jars"));
        this.hook = new Thread(this::killAll, "diffevo4j-spark-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        this.masterPort = freePort();
        this.master = start("master", "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", "0");
        // workers (and drivers) that find no master wait 5 to 20 s before trying again
        awaitPort(masterPort, master);
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(dir.resolve("work-" + i));
            workers.add(start("worker-" + i, "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", Integer.toString(coresPerWorker),
                    "--memory", workerMemory, "--work-dir", work.toString(), masterUrl()));
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The work dir of worker {@code i} (its executors' folders, with the jars they downloaded). */
    Path workDir(int i) {
        return dir.resolve("work-" + i);
    }

    List<Process> workers() {
        return workers;
    }

    private Process start(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SPARK_HOME", dir.resolve("home").toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOCAL_DIRS", dir.toString());
        pb.environment().put("SPARK_NO_DAEMONIZE", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve(name + ".log").toFile());
        return pb.start();
    }

    /** The last lines of every process's log, for a failure message. */
    String logs() {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                b.append("== ").append(p.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        } catch (IOException e) {
            b.append("(cannot read logs: ").append(e).append(")");
        }
        return b.toString();
    }

    /**
     * Kills the worker that runs the executor with id {@code executorId} (found by the executor's
     * command line among the workers' child processes), together with that executor, as a machine
     * failure would.
     *
     * @return the index of the killed worker, or -1 if no worker runs that executor
     */
    int killWorkerOf(String executorId) {
        for (int i = 0; i < workers.size(); i++) {
            Process w = workers.get(i);
            List<ProcessHandle> children = w.descendants().toList();
            for (ProcessHandle c : children) {
                Optional<String[]> args = commandLine(c);
                if (args.isPresent() && hasExecutorId(args.get(), executorId)) {
                    children.forEach(ProcessHandle::destroyForcibly);
                    w.destroyForcibly();
                    return i;
                }
            }
        }
        return -1;
    }

    /** /proc/PID/cmdline where there is one (the JDK's {@code info().arguments()} may cut long class paths). */
    private static Optional<String[]> commandLine(ProcessHandle p) {
        Path proc = Path.of("/proc", Long.toString(p.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return Optional.of(new String(Files.readAllBytes(proc), java.nio.charset.StandardCharsets.UTF_8).split("\0"));
            }
        } catch (IOException e) {
            // gone already, or not Linux: ask the JDK
        }
        return p.info().arguments();
    }

    private static boolean hasExecutorId(String[] args, String id) {
        for (int k = 0; k + 1 < args.length; k++) {
            if (args[k].equals("--executor-id") && args[k + 1].equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static void kill(Process p) {
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private void killAll() {
        for (Process w : workers) {
            kill(w);
        }
        kill(master);
    }

    @Override
    public void close() {
        killAll();
        try {
            for (Process w : workers) {
                w.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            if (master != null) {
                master.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    private void awaitPort(int port, Process p) throws IOException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("the master did not open port " + port + "\n" + logs());
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
