package org.diffevo4j.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.EvaluatorEngine;
import org.diffevo4j.agents.NonFiniteRewardException;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.agents.protocol.ProtocolConfig;
import org.diffevo4j.agents.protocol.ProtocolResult;
import org.diffevo4j.agents.protocol.RlProtocol;
import org.diffevo4j.agents.protocol.StepMetrics;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Spark engine on local[2] returns bit for bit what the in-process JVM evaluator returns. */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LocalSparkEvaluatorTest {

    private static final int[] HIDDEN = {8};
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        SparkConf conf = SparkSetup.conf("local[2]", Map.of());
        sc = new JavaSparkContext(conf);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    private static double[] genomes(int p, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] g = new double[p * d];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextGaussian();
        }
        return g;
    }

    private static void assertSame(EvaluationResult expected, EvaluationResult actual) {
        assertEquals(expected.populationSize(), actual.populationSize());
        assertEquals(expected.episodes(), actual.episodes());
        assertArrayEquals(expected.returns(), actual.returns(), 0.0);
        assertArrayEquals(expected.meanReturns(), actual.meanReturns(), 0.0);
        assertArrayEquals(expected.lengths(), actual.lengths());
        assertArrayEquals(expected.terminated(), actual.terminated());
        assertArrayEquals(expected.success(), actual.success());
        assertEquals(expected.agentSteps(), actual.agentSteps());
    }

    @Test
    void cartPoleReturnsAreBitIdenticalToTheJvmEvaluatorForEveryPartitioning() {
        String env = "CartPole-v1";
        PolicySpec policy = PolicySpec.forEnv(Environments.spec(env), HIDDEN).withActivation(Activation.RELU);
        int p = 300;
        int episodes = 2;
        double[] pop = genomes(p, policy.parameterCount(), 11);
        long[] seeds = EpisodeSeeds.derive(5, p * episodes);
        EvaluationResult expected;
        try (PopulationEvaluator jvm = PopulationEvaluators.create(Backend.JVM, env, policy, 2, 500)) {
            expected = jvm.evaluate(pop, episodes, seeds);
        }
        assertTrue(expected.max() > expected.min(), "the population must not be degenerate");
        for (int partitions : new int[] {0, 1, 3, 7, 300}) {
            SparkEvaluator spark = new SparkEvaluator(sc, env, HIDDEN, Activation.RELU, 500, partitions);
            assertEquals(policy, spark.policy());
            EvaluationResult actual = spark.evaluate(pop, episodes, seeds);
            assertSame(expected, actual);
            assertEquals(partitions == 0 ? 2 : partitions, spark.lastTaskCount());
            spark.close();
        }
        assertTrue(!sc.sc().isStopped(), "an evaluator on a borrowed context leaves it running");
    }

    @Test
    void aProtocolRunOnSparkEndsExactlyAsInProcess() {
        ProtocolConfig c = ProtocolConfig.paper("CartPole-v1", "latent-diffusion", 3).withPopulationSize(64).withSteps(4);
        ProtocolResult expected;
        try (RlProtocol run = new RlProtocol(c)) {
            expected = run.run(null);
        }
        ProtocolResult actual;
        try (RlProtocol run = new RlProtocol(c, policy -> new SparkEvaluator(sc, c.envId(), c.hidden(), c.activation(),
                c.maxEpisodeSteps(), 3))) {
            actual = run.run(null);
        }
        assertArrayEquals(expected.bestParameters(), actual.bestParameters(), 0.0);
        List<StepMetrics> e = expected.history();
        List<StepMetrics> a = actual.history();
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            assertEquals(e.get(i).returnMean(), a.get(i).returnMean(), 0.0);
            assertEquals(e.get(i).returnStd(), a.get(i).returnStd(), 0.0);
            assertEquals(e.get(i).bestReturn(), a.get(i).bestReturn(), 0.0);
        }
    }

    @Test
    void aNonFiniteRewardNamesTheSameIndividualAsInProcess() {
        String env = SlowEnv.NAN_ID;
        PolicySpec policy = PolicySpec.forEnv(Environments.spec(env), HIDDEN).withActivation(Activation.RELU);
        int p = 40;
        double[] pop = genomes(p, policy.parameterCount(), 3);
        long[] seeds = EpisodeSeeds.derive(9, p);
        NonFiniteRewardException expected;
        try (PopulationEvaluator jvm = PopulationEvaluators.create(Backend.JVM, env, policy, 1, 500)) {
            expected = assertThrows(NonFiniteRewardException.class, () -> jvm.evaluate(pop, 1, seeds));
        }
        SparkEvaluator spark = new SparkEvaluator(sc, env, HIDDEN, Activation.RELU, 500, 4);
        NonFiniteRewardException actual = assertThrows(NonFiniteRewardException.class, () -> spark.evaluate(pop, 1, seeds));
        assertEquals(expected.getMessage(), actual.getMessage());
    }

    @Test
    void theEngineIsFoundByNameAndRejectsUnknownOptions() {
        EvaluatorEngine engine = EvaluatorEngine.find("spark", getClass().getClassLoader());
        assertEquals("spark", engine.name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.create("CartPole-v1", HIDDEN, Activation.RELU, 500, Map.of("mastr", "local[1]")));
        assertTrue(e.getMessage().contains("mastr"), e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> EvaluatorEngine.find("flink", getClass().getClassLoader()));
        assertTrue(none.getMessage().contains("spark"), none.getMessage());
    }
}
