package org.diffevo4j.distributed;

import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.environments.Environments;

/**
 * Wall time of one population evaluation of {@link SlowEnv} (about 1 ms per environment step)
 * in-process, on local[2] and on a 2-worker standalone cluster, plus the fixed cost of a Spark
 * evaluation (CartPole, 2 individuals). Not a test: run its main (see BENCH-NOTES.md).
 */
public final class DistributedBench {

    private static final int[] HIDDEN = {8};

    public static void main(String[] args) throws Exception {
        int p = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        PolicySpec policy = PolicySpec.forEnv(Environments.spec(SlowEnv.ID), HIDDEN).withActivation(Activation.RELU);
        double[] pop = new double[p * policy.parameterCount()];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < pop.length; i++) {
            pop[i] = r.nextGaussian();
        }
        long[] seeds = EpisodeSeeds.derive(2, p);
        EvaluationResult reference;
        try (PopulationEvaluator jvm = PopulationEvaluators.create(Backend.JVM, SlowEnv.ID, policy, 2, 500)) {
            reference = jvm.evaluate(pop, 1, seeds);
            report("in-process, 2 threads", jvm, pop, seeds, reps, reference);
        }
        try (PopulationEvaluator jvm = PopulationEvaluators.create(Backend.JVM, SlowEnv.ID, policy, 1, 500)) {
            report("in-process, 1 thread", jvm, pop, seeds, reps, reference);
        }
        try (JavaSparkContext sc = new JavaSparkContext(SparkSetup.conf("local[2]", Map.of()))) {
            report("spark local[2], 2 tasks", new SparkEvaluator(sc, SlowEnv.ID, HIDDEN, Activation.RELU, 500, 0), pop,
                    seeds, reps, reference);
            overhead("spark local[2]", sc);
        }
        try (StandaloneCluster cluster = new StandaloneCluster(2, 1, "768m")) {
            SparkConf conf = SparkSetup.conf(cluster.masterUrl(), Map.of("spark.driver.host", "127.0.0.1",
                    "spark.driver.bindAddress", "127.0.0.1", "spark.executor.memory", "512m", "spark.cores.max", "2",
                    "spark.executor.extraClassPath", System.getProperty("java.class.path"),
                    "spark.diffevo4j.shipJars", "false"));
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                while (sc.sc().statusTracker().getExecutorInfos().length < 3) {
                    Thread.sleep(100);
                }
                report("standalone, 2 workers x 1 core, 2 tasks", new SparkEvaluator(sc, SlowEnv.ID, HIDDEN,
                        Activation.RELU, 500, 0), pop, seeds, reps, reference);
                report("standalone, 2 workers x 1 core, 8 tasks", new SparkEvaluator(sc, SlowEnv.ID, HIDDEN,
                        Activation.RELU, 500, 8), pop, seeds, reps, reference);
                overhead("standalone", sc);
            }
        }
    }

    private static void report(String name, PopulationEvaluator ev, double[] pop, long[] seeds, int reps,
                               EvaluationResult reference) {
        ev.evaluate(pop, 1, seeds);   // warm-up (JIT, executors' class loading)
        double best = Double.MAX_VALUE;
        double sum = 0;
        for (int i = 0; i < reps; i++) {
            EvaluationResult res = ev.evaluate(pop, 1, seeds);
            if (!java.util.Arrays.equals(res.returns(), reference.returns())) {
                throw new IllegalStateException(name + ": returns differ from in-process");
            }
            best = Math.min(best, res.seconds());
            sum += res.seconds();
        }
        System.out.printf(Locale.ROOT, "%-42s P=%d x %d steps: mean %.3f s, best %.3f s per evaluation%n", name,
                pop.length / ev.dimension(), SlowEnv.STEPS, sum / reps, best);
    }

    /** A Spark evaluation of 2 CartPole individuals: the fixed cost of a job (2 tasks). */
    private static void overhead(String name, JavaSparkContext sc) {
        SparkEvaluator ev = new SparkEvaluator(sc, "CartPole-v1", HIDDEN, Activation.RELU, 1, 2);
        double[] pop = new double[2 * ev.dimension()];
        long[] seeds = {1, 2};
        for (int i = 0; i < 5; i++) {
            ev.evaluate(pop, 1, seeds);
        }
        int n = 30;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += ev.evaluate(pop, 1, seeds).seconds();
        }
        System.out.printf(Locale.ROOT, "%-42s fixed cost of one evaluation (2 tasks, 1-step episodes): %.1f ms%n",
                name, 1000 * sum / n);
    }
}
