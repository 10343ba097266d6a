package org.diffevo4j.gpu;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;

/**
 * The device check of issue 16, for a machine with an NVIDIA driver: GPU/CPU agreement on CartPole-v1
 * and MountainCar-v0 (8 hidden units: the one-thread-per-copy kernel; 64-64: the cooperative kernel), then
 * CartPole-v1 rollout throughput (agent-steps/s) on the GPU for populations 4096, 65536, 262144 with 4-8-2
 * (thread-per-copy kernel) and 4-64-64-2 (cooperative kernel, weights in shared memory) policies, beside
 * this machine's CPU figure (JVM evaluator, all cores) for population 4096; the update's time; then a
 * CartPole-v1 training at population 65536 with the resident loop ({@link ResidentDiffusion}: time per
 * step, mean return of the first and last generation). Writes one results file.
 *
 * <pre>java -cp 'lib/*' org.diffevo4j.gpu.DeviceCheck [results-file] [--host LIB]</pre>
 * {@code --host LIB} runs the same steps on the host build of rollout.cu instead, at small sizes (the training
 * at population 256), to try the check's logic without a GPU.
 * Not yet run on a GPU.
 */
public final class DeviceCheck {

    private DeviceCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of("device-check-results.txt");
        Path host = null;
        int[] sizes = {4096, 65536, 262144};
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--host")) {
                host = Path.of(args[++i]);
                sizes = new int[] {1024, 4096};
            } else {
                out = Path.of(args[i]);
            }
        }
        List<String> lines = new ArrayList<>();
        PrintStream so = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        java.util.function.Consumer<String> say = s -> {
            so.println(s);
            lines.add(s);
        };
        say.accept("# diffevo4j device check");
        say.accept("java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " CPU threads");
        int failures = 0;
        try {
            // 8 hidden: the one-thread-per-copy kernel; 64-64: the cooperative kernel (one warp per copy)
            for (String[] c : new String[][] {{"CartPole-v1", "8"}, {"MountainCar-v0", "8"}, {"CartPole-v1", "64"},
                    {"MountainCar-v0", "64"}}) {
                String id = c[0];
                EnvSpec spec = Environments.spec(id);
                int width = Integer.parseInt(c[1]);
                PolicySpec policy = width == 8 ? PolicySpec.forEnv(spec, 8) : PolicySpec.forEnv(spec, width, width);
                String shape = width == 8 ? "8" : width + "-" + width;
                int p = 4096;
                double[] pop = population(policy, p, 1);
                long[] seeds = EpisodeSeeds.derive(5, p);
                EvaluationResult cpu;
                try (PopulationEvaluator ev = PopulationEvaluators.create(Backend.JVM, id, policy,
                        Runtime.getRuntime().availableProcessors(), 100_000)) {
                    cpu = ev.evaluate(pop, 1, seeds);
                }
                try (CudaEvaluator ev = create(spec, policy, host)) {
                    if (id.equals("CartPole-v1") && width == 8) {
                        say.accept("device: " + ev.device());
                    }
                    EvaluationResult gpu = ev.evaluate(pop, 1, seeds);
                    int same = 0;
                    for (int k = 0; k < p; k++) {
                        same += cpu.returns()[k] == gpu.returns()[k] && cpu.lengths()[k] == gpu.lengths()[k] ? 1 : 0;
                    }
                    boolean ok = same >= 0.95 * p;
                    failures += ok ? 0 : 1;
                    say.accept(String.format(Locale.ROOT, "agreement %s %d-%s-%d (%s): %d of %d episodes identical "
                            + "to the JVM evaluator (%s)", id, policy.observationSize(), shape, policy.actionSize(),
                            kernelName(ev), same, p, ok ? "ok" : "FAIL"));
                }
            }
            EnvSpec cp = Environments.spec("CartPole-v1");
            for (int[] hidden : new int[][] {{8}, {64, 64}}) {
                PolicySpec policy = PolicySpec.forEnv(cp, hidden);
                String shape = hidden.length == 1 ? "4-8-2" : "4-64-64-2";
                double cpuRate;
                {
                    int p = 4096;
                    double[] pop = population(policy, p, 2);
                    long[] seeds = EpisodeSeeds.derive(7, p);
                    try (PopulationEvaluator ev = PopulationEvaluators.create(Backend.JVM, cp.id(), policy,
                            Runtime.getRuntime().availableProcessors(), 500)) {
                        ev.evaluate(pop, 1, seeds);
                        cpuRate = best(ev, pop, seeds);
                    }
                }
                try (CudaEvaluator ev = create(cp, policy, host)) {
                    // 4-64-64-2 is wider than 32: it must go through the cooperative kernel
                    if (hidden.length == 2 && ev.layout() == RolloutConfig.Layout.THREAD) {
                        throw new IllegalStateException("4-64-64-2 did not select the cooperative kernel");
                    }
                    for (int p : sizes) {
                        double[] pop = population(policy, p, 2);
                        long[] seeds = EpisodeSeeds.derive(7, p);
                        ev.evaluate(pop, 1, seeds);
                        double rate = best(ev, pop, seeds);
                        say.accept(String.format(Locale.ROOT, "rollout CartPole-v1 %s (%s) population %d: %.3e "
                                + "agent-steps/s (%s); CPU (JVM evaluator, population 4096): %.3e", shape,
                                kernelName(ev), p, rate, host == null ? "GPU" : "host build", cpuRate));
                    }
                }
            }
            {
                int n = host == null ? 65536 : 2048;
                int dim = 58;
                int fd = 2;
                Random r = new Random(4);
                double[] x = new double[n * dim];
                double[] z = new double[n * fd];
                double[] noise = new double[n * dim];
                double[] fit = new double[n];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextGaussian();
                    noise[i] = r.nextGaussian();
                }
                for (int i = 0; i < z.length; i++) {
                    z[i] = r.nextGaussian();
                }
                for (int i = 0; i < n; i++) {
                    fit[i] = r.nextDouble();
                }
                double[] x0 = new double[x.length];
                double[] next = new double[x.length];
                try (UpdateKernel k = host == null ? UpdateKernel.onDevice(0) : UpdateKernel.onHost(host)) {
                    k.update(x, n, fit, 0.3, 0.5, 1.0, z, fd, noise, x0, next);
                    double bestMs = Double.MAX_VALUE;
                    for (int rep = 0; rep < 3; rep++) {
                        long t0 = System.nanoTime();
                        k.update(x, n, fit, 0.3, 0.5, 1.0, z, fd, noise, x0, next);
                        bestMs = Math.min(bestMs, (System.nanoTime() - t0) / 1e6);
                    }
                    say.accept(String.format(Locale.ROOT, "update N=%d d=%d D=%d: %.2f ms best of 3 (%s, host<->device "
                            + "copies included)", n, fd, dim, bestMs, host == null ? "GPU" : "host build"));
                }
            }
            failures += training(say, host);
        } catch (CudaException e) {
            failures++;
            say.accept("FAIL: " + e.getMessage());
        }
        say.accept(failures == 0 ? "result: ok" : "result: " + failures + " failure(s)");
        Files.write(out, lines, StandardCharsets.UTF_8);
        so.println("written: " + out.toAbsolutePath());
        if (failures != 0) {
            System.exit(1);
        }
    }

    /**
     * CartPole-v1 training with the resident loop ({@link ResidentDiffusion}): population 65536 on a GPU,
     * 256 on the host build (a smoke run of the same code path); 4-8-2 policy (D = 58), latent kernel
     * features d = 2, the paper's defaults otherwise (10 steps of the cosine schedule, eta 1, the RL
     * mapping), one episode per individual, cap 500. Reports the time per generation (rollout, returns to
     * the host, fitness, update; the first generation separately) and the mean return of the first and
     * the last generation. Before it, the initial population (the device's Philox normals) against the Java
     * twin {@link PhiloxNormal} (within 1e-13 relative). Fails on that or on a non-finite mean return.
     */
    private static int training(java.util.function.Consumer<String> say, Path host) {
        int n = host == null ? 65536 : 256;
        int steps = 10;
        EnvSpec cp = Environments.spec("CartPole-v1");
        PolicySpec policy = PolicySpec.forEnv(cp, 8);
        org.diffevo4j.core.DiffusionConfig config = org.diffevo4j.core.DiffusionConfig.defaults()
                .withPopulationSize(n).withSteps(steps);
        double[] ms = new double[steps];
        double first = Double.NaN;
        double last = Double.NaN;
        int failures = 0;
        try (ResidentDiffusion run = host == null
                ? ResidentDiffusion.onDevice(cp, policy, config, 2, 1, 500, 2024, 0)
                : ResidentDiffusion.onHost(cp, policy, config, 2, 1, 500, 2024, host)) {
            // the initial population is the device's Philox normals: compare them with the Java twin (the
            // integer part must be exact; log and cos may differ in the last bits)
            double[] x = run.population();
            double worst = 0;
            for (int q = 0; q < x.length; q++) {
                double j = PhiloxNormal.normal(2024, 0, PhiloxNormal.TAG_INITIAL, q);
                worst = Math.max(worst, Math.abs(x[q] - j) / Math.max(1, Math.abs(j)));
            }
            boolean same = worst <= 1e-13;
            failures += same ? 0 : 1;
            say.accept(String.format(Locale.ROOT, "resident loop's noise generator (%s): %d initial normals vs the "
                    + "Java twin, largest relative difference %.2e (%s)", host == null ? "GPU" : "host build",
                    x.length, worst, same ? "ok" : "FAIL"));
            for (int g = 0; g < steps; g++) {
                long t0 = System.nanoTime();
                double[] scores = run.step();
                ms[g] = (System.nanoTime() - t0) / 1e6;
                double mean = 0;
                for (double v : scores) {
                    mean += v;
                }
                mean /= n;
                first = g == 0 ? mean : first;
                last = mean;
            }
        }
        double rest = 0;
        for (int g = 1; g < steps; g++) {
            rest += ms[g];
        }
        rest /= steps - 1;
        boolean ok = Double.isFinite(first) && Double.isFinite(last);
        failures += ok ? 0 : 1;
        say.accept(String.format(Locale.ROOT, "CartPole-v1 training at population %d, 4-8-2, %d steps, resident loop "
                + "(latent d=2, %s): %.1f ms per step (mean of steps 2-%d; first step %.1f ms), mean return %.1f in "
                + "the first generation, %.1f in the last (%s)", n, steps, host == null ? "GPU" : "host build", rest,
                steps, ms[0], first, last, ok ? "ok" : "FAIL"));
        return failures;
    }

    private static CudaEvaluator create(EnvSpec spec, PolicySpec policy, Path host) {
        return host == null ? CudaEvaluator.onDevice(spec, policy, 100_000, 0)
                : CudaEvaluator.onHost(spec, policy, 100_000, host);
    }

    /** The kernel an evaluator launches, for the results file. */
    private static String kernelName(CudaEvaluator ev) {
        switch (ev.layout()) {
            case THREAD:
                return "thread-per-copy kernel";
            case COOPERATIVE_SHARED:
                return "cooperative kernel, weights in shared memory";
            default:
                return "cooperative kernel, weights in global memory";
        }
    }

    /** Best agent-steps/s of three timed evaluations. */
    private static double best(PopulationEvaluator ev, double[] pop, long[] seeds) {
        double best = 0;
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            EvaluationResult res = ev.evaluate(pop, 1, seeds);
            double s = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, res.agentSteps() / s);
        }
        return best;
    }

    private static double[] population(PolicySpec policy, int p, long seed) {
        Random r = new Random(seed);
        double[] pop = new double[p * policy.parameterCount()];
        for (int i = 0; i < pop.length; i++) {
            pop[i] = r.nextGaussian() * 0.5;
        }
        return pop;
    }
}
