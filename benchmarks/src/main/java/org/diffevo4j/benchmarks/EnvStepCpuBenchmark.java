package org.diffevo4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.diffevo4j.environments.Environments;
import org.diffevo4j.environments.VectorEnvironment;

/**
 * CPU nanoseconds per environment step of one batched environment (auto-reset on, fixed cyclic
 * actions), measured with the calling thread's CPU time so that other load on the machine moves it
 * little: 15 samples of 100 batched steps, the minimum of the last 12 reported. Used for the Acrobot
 * trigonometry before/after comparison (benchmarks/scripts/acrobot-trig-ab.sh).
 *
 * <pre>
 * java -cp ... org.diffevo4j.benchmarks.EnvStepCpuBenchmark [env id, default Acrobot-v1] [copies, default 4096]
 * </pre>
 */
public final class EnvStepCpuBenchmark {

    private EnvStepCpuBenchmark() {
    }

    /** Entry point; arguments as in the class comment. */
    public static void main(String[] args) {
        String id = args.length > 0 ? args[0] : "Acrobot-v1";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        VectorEnvironment v = Environments.makeVector(id, n);
        v.setAutoReset(true);
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = i;
        }
        v.reset(seeds);
        int actions = Environments.spec(id).actionSize();
        int[] act = new int[n];
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 15; rep++) {
            long c0 = tm.getCurrentThreadCpuTime();
            for (int s = 0; s < 100; s++) {
                for (int i = 0; i < n; i++) {
                    act[i] = (i + s) % actions;
                }
                v.step(act);
            }
            double ns = (tm.getCurrentThreadCpuTime() - c0) / (100.0 * n);
            if (rep >= 3) {
                best = Math.min(best, ns);
            }
        }
        System.out.printf(Locale.ROOT, "%s, %d copies: %.1f CPU ns per step (minimum of 12 samples)%n", id, n, best);
    }
}
