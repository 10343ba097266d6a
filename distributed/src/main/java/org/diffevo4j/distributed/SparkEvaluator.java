package org.diffevo4j.distributed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.NonFiniteRewardException;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;

/**
 * A {@link PopulationEvaluator} that plays the population on a Spark cluster: the P genomes are cut
 * into {@code k} contiguous slices, each slice is one Spark task that runs the in-process JVM
 * evaluator (the same fused rollout loop, 1 thread) over its genomes with their own episode seeds,
 * and the returns are gathered back in population order.
 *
 * <p>Results depend only on the genomes and the seeds, never on the master, the number of slices or
 * executors, or on which task attempt produced them: a task lost with its executor is re-run by
 * Spark and gives the same numbers. They are bit-identical to
 * {@code PopulationEvaluators.create(Backend.JVM, ...)}.
 *
 * <pre>{@code
 * try (SparkEvaluator ev = SparkEvaluator.start("local[*]", "CartPole-v1", new int[] {8}, Activation.RELU, 500, 0, Map.of())) {
 *     EvaluationResult r = ev.evaluate(population, 1, seeds);
 * }
 * }</pre>
 */
public final class SparkEvaluator implements PopulationEvaluator {

    private final JavaSparkContext sc;
    private final boolean ownsContext;
    private final String envId;
    private final int[] hidden;
    private final Activation activation;
    private final PolicySpec policy;
    private final int maxEpisodeSteps;
    private final int partitions;
    private volatile int lastTasks;

    /**
     * An evaluator on an existing context (which the caller keeps and stops).
     *
     * @param partitions slices per evaluation; 0 means the context's default parallelism (its total cores)
     */
    public SparkEvaluator(JavaSparkContext sc, String envId, int[] hidden, Activation activation, int maxEpisodeSteps,
                          int partitions) {
        this(sc, false, envId, hidden, activation, maxEpisodeSteps, partitions);
    }

    private SparkEvaluator(JavaSparkContext sc, boolean ownsContext, String envId, int[] hidden, Activation activation,
                           int maxEpisodeSteps, int partitions) {
        this.sc = Objects.requireNonNull(sc, "sc");
        this.ownsContext = ownsContext;
        this.envId = Objects.requireNonNull(envId, "envId");
        this.hidden = hidden.clone();
        this.activation = Objects.requireNonNull(activation, "activation");
        if (maxEpisodeSteps < 1) {
            throw new IllegalArgumentException("maxEpisodeSteps must be >= 1, got " + maxEpisodeSteps);
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0 (0 = one per core), got " + partitions);
        }
        this.policy = SliceTask.policy(envId, hidden, activation);
        this.maxEpisodeSteps = Math.min(maxEpisodeSteps, policyEnvLimit(envId));
        this.partitions = partitions;
    }

    private static int policyEnvLimit(String envId) {
        return org.diffevo4j.environments.Environments.spec(envId).maxEpisodeSteps();
    }

    /**
     * Starts a Spark context for {@code master} and an evaluator that stops it on {@link #close()}.
     *
     * @param master     {@code local[*]}, {@code local[n]}, {@code spark://host:7077}, ...
     * @param partitions slices per evaluation; 0 = the cluster's total cores
     * @param conf       extra Spark settings ({@code spark.*} keys), applied after the defaults below
     *                   and after {@code spark.*} system properties
     */
    public static SparkEvaluator start(String master, String envId, int[] hidden, Activation activation,
                                       int maxEpisodeSteps, int partitions, Map<String, String> conf) {
        SparkConf c = SparkSetup.conf(master, conf);
        SparkSetup.requireReachable(master);
        SparkSetup.requireAccepted(master, c);
        JavaSparkContext sc = new JavaSparkContext(c);
        try {
            SparkSetup.awaitExecutors(sc, master);
            return new SparkEvaluator(sc, true, envId, hidden, activation, maxEpisodeSteps, partitions);
        } catch (RuntimeException e) {
            sc.stop();
            throw e;
        }
    }

    /** The Spark context evaluations run on. */
    public JavaSparkContext context() {
        return sc;
    }

    /** Number of tasks (slices) of the last evaluation. */
    public int lastTaskCount() {
        return lastTasks;
    }

    @Override
    public PolicySpec policy() {
        return policy;
    }

    @Override
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** JVM: every slice runs the in-process JVM rollout loop. */
    @Override
    public Backend backend() {
        return Backend.JVM;
    }

    @Override
    public EvaluationResult evaluate(double[] population, int episodes, long[] seeds) {
        long start = System.nanoTime();
        int d = dimension();
        Objects.requireNonNull(population, "population");
        Objects.requireNonNull(seeds, "seeds");
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        if (population.length == 0 || population.length % d != 0) {
            throw new IllegalArgumentException("population length " + population.length
                    + " is not a positive multiple of the dimension " + d);
        }
        int p = population.length / d;
        if (seeds.length != (long) p * episodes) {
            throw new IllegalArgumentException("need P*E = " + (long) p * episodes + " seeds, got " + seeds.length);
        }
        int k = Math.max(1, Math.min(p, partitions > 0 ? partitions : sc.defaultParallelism()));
        List<SliceTask.Slice> slices = new ArrayList<>(k);
        for (int s = 0; s < k; s++) {
            int i0 = (int) ((long) p * s / k);
            int i1 = (int) ((long) p * (s + 1) / k);
            slices.add(new SliceTask.Slice(i0, i1 - i0,
                    Arrays.copyOfRange(population, i0 * d, i1 * d),
                    Arrays.copyOfRange(seeds, i0 * episodes, i1 * episodes)));
        }
        // one slice per partition: parallelize cuts a list of k elements into k partitions of one
        List<SliceTask.Outcome> outcomes = sc.parallelize(slices, k)
                .map(new SliceTask(envId, hidden, activation, maxEpisodeSteps, episodes))
                .collect();
        lastTasks = k;
        int copies = p * episodes;
        double[] returns = new double[copies];
        int[] lengths = new int[copies];
        boolean[] terminated = new boolean[copies];
        boolean[] success = new boolean[copies];
        NonFiniteRewardException bad = null;
        for (SliceTask.Outcome o : outcomes) {
            if (o.badIndividual() >= 0) {
                if (bad == null || o.badIndividual() < bad.individual()) {
                    bad = new NonFiniteRewardException(envId, o.badIndividual(), o.badEpisode(), o.badStep(), o.badReward());
                }
                continue;
            }
            int at = o.first() * episodes;
            int n = o.count() * episodes;
            System.arraycopy(o.returns(), 0, returns, at, n);
            System.arraycopy(o.lengths(), 0, lengths, at, n);
            System.arraycopy(o.terminated(), 0, terminated, at, n);
            System.arraycopy(o.success(), 0, success, at, n);
        }
        if (bad != null) {
            throw bad;
        }
        return new EvaluationResult(p, episodes, returns, lengths, terminated, success, (System.nanoTime() - start) / 1e9);
    }

    /** Stops the Spark context if this evaluator started it. */
    @Override
    public void close() {
        if (ownsContext) {
            sc.stop();
        }
    }
}
