package org.diffevo4j.environments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.Environments;
import org.diffevo4j.environments.VectorEnvironment;

/**
 * Throughput of the built-in environments: env steps per second (copies x batch steps / wall time)
 * for vector batches of 1, 256 and 16384 copies with random actions and auto-reset on (so every copy
 * keeps running), plus the single-environment API ({@code Environment.step}, which allocates its
 * {@code StepResult}). Actions are drawn up front so the timing covers the environment only.
 *
 * <p>A plain main, not a test. From the repository root:
 * <pre>
 * mvn -B -o -q -pl environments test-compile
 * java -cp environments/target/classes:environments/target/test-classes \
 *     org.diffevo4j.environments.bench.VectorEnvBench environments/target/bench.md
 * </pre>
 * Optional second argument: seconds measured per configuration (default 0.6; each is preceded by a
 * warm-up of the same length).
 */
public final class VectorEnvBench {

    private static final int[] SIZES = {1, 256, 16384};
    private static final int ACTION_BATCHES = 32;

    private VectorEnvBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: VectorEnvBench <output.md> [seconds per configuration]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 0.6;
        List<String> ids = List.of("CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0",
                "Pendulum-v1");
        StringBuilder md = new StringBuilder();
        md.append("| env | single API | N = 1 | N = 256 | N = 16384 |\n|---|---:|---:|---:|---:|\n");
        for (String id : ids) {
            List<String> cells = new ArrayList<>();
            cells.add(format(single(id, seconds)));
            for (int n : SIZES) {
                cells.add(format(vector(id, n, seconds)));
            }
            String line = "| " + id + " | " + String.join(" | ", cells) + " |";
            System.out.println(line);
            md.append(line).append('\n');
        }
        String header = "Environment steps per second (copies x steps / s), random actions, auto-reset on; "
                + Runtime.getRuntime().availableProcessors() + " CPUs visible, one thread, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + seconds + " s measured per cell after an equal warm-up.\n\n";
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, header + md);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    private static double vector(String id, int n, double seconds) {
        VectorEnvironment v = Environments.makeVector(id, n);
        v.setAutoReset(true);
        v.reset(42L);
        EnvSpec spec = v.spec();
        SplittableRandom rng = new SplittableRandom(7);
        int[][] discrete = null;
        double[][] continuous = null;
        if (spec.discreteActions()) {
            discrete = new int[ACTION_BATCHES][n];
            for (int[] batch : discrete) {
                for (int i = 0; i < n; i++) {
                    batch[i] = rng.nextInt(spec.actionSize());
                }
            }
        } else {
            double high = ((Box) spec.actionSpace()).high(0);
            continuous = new double[ACTION_BATCHES][n];
            for (double[] batch : continuous) {
                for (int i = 0; i < n; i++) {
                    batch[i] = rng.nextDouble(-high, high);
                }
            }
        }
        runVector(v, discrete, continuous, seconds); // warm-up
        long[] stepsAndNanos = runVector(v, discrete, continuous, seconds);
        return (double) stepsAndNanos[0] * n / (stepsAndNanos[1] * 1e-9);
    }

    private static long[] runVector(VectorEnvironment v, int[][] discrete, double[][] continuous, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long steps = 0;
        long now;
        do {
            for (int b = 0; b < ACTION_BATCHES; b++) {
                if (discrete != null) {
                    v.step(discrete[b]);
                } else {
                    v.step(continuous[b]);
                }
            }
            steps += ACTION_BATCHES;
            now = System.nanoTime();
        } while (now - start < budget);
        return new long[] {steps, now - start};
    }

    private static double single(String id, double seconds) {
        Environment env = Environments.make(id);
        env.reset(42);
        runSingle(env, seconds);
        long[] r = runSingle(env, seconds);
        return r[0] / (r[1] * 1e-9);
    }

    private static long[] runSingle(Environment env, double seconds) {
        EnvSpec spec = env.spec();
        SplittableRandom rng = new SplittableRandom(7);
        double[][] actions = new double[ACTION_BATCHES][];
        for (int b = 0; b < ACTION_BATCHES; b++) {
            actions[b] = spec.discreteActions() ? null
                    : new double[] {rng.nextDouble(-((Box) spec.actionSpace()).high(0), ((Box) spec.actionSpace()).high(0))};
        }
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long steps = 0;
        long episodes = 0;
        long now;
        do {
            for (int b = 0; b < ACTION_BATCHES; b++) {
                boolean done = spec.discreteActions() ? env.step(rng.nextInt(spec.actionSize())).done()
                        : env.step(actions[b]).done();
                if (done) {
                    env.reset(++episodes);
                }
            }
            steps += ACTION_BATCHES;
            now = System.nanoTime();
        } while (now - start < budget);
        return new long[] {steps, now - start};
    }

    private static String format(double stepsPerSecond) {
        if (stepsPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1f M", stepsPerSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f k", stepsPerSecond / 1e3);
    }
}
