package org.diffevo4j.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.protocol.ProtocolConfig;
import org.diffevo4j.agents.protocol.ProtocolResult;
import org.diffevo4j.agents.protocol.RlProtocol;
import org.diffevo4j.agents.protocol.StepMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real standalone cluster (a master and two workers, separate JVMs on 127.0.0.1): one worker is
 * killed, with its executor, while the second step's tasks run; Spark re-runs the lost task on the
 * other worker and the run ends exactly as an undisturbed in-process run.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterFaultToleranceTest {

    private static final int PARTITIONS = 4;

    @Test
    void losingAWorkerMidStepDoesNotChangeTheRun() throws Exception {
        ProtocolConfig c = ProtocolConfig.paper(SlowEnv.ID, "latent-diffusion", 21).withPopulationSize(32).withSteps(3)
                .withBackend(Backend.JVM).withThreads(2);
        ProtocolResult expected;
        System.setProperty("diffevo4j.test.slowMicros", "0");   // the wait changes no number; skip it in-process
        try (RlProtocol run = new RlProtocol(c)) {
            expected = run.run(null);
        } finally {
            System.clearProperty("diffevo4j.test.slowMicros");
        }

        ExecutorService bg = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spark-run");
            t.setDaemon(true);
            return t;
        });
        try (StandaloneCluster cluster = new StandaloneCluster(2, 1, "768m")) {
            SparkConf conf = SparkSetup.conf(cluster.masterUrl(), Map.of(
                    "spark.driver.host", "127.0.0.1",
                    "spark.driver.bindAddress", "127.0.0.1",
                    "spark.executor.memory", "512m",
                    "spark.executor.cores", "1",
                    "spark.cores.max", "2",
                    "spark.executor.extraClassPath", System.getProperty("java.class.path"),
                    "spark.executor.extraJavaOptions", "-XX:+UseSerialGC",
                    "spark.diffevo4j.shipJars", "false"));
            JavaSparkContext sc = new JavaSparkContext(conf);
            try {
                long t0 = System.nanoTime();
                awaitExecutors(sc, 2, cluster);
                System.err.printf("cluster: executors up after %.1f s%n", (System.nanoTime() - t0) / 1e9);
                List<String> starts = new CopyOnWriteArrayList<>();
                AtomicInteger failedTasks = new AtomicInteger();
                AtomicInteger removedExecutors = new AtomicInteger();
                sc.sc().addSparkListener(new SparkListener() {
                    @Override
                    public void onTaskStart(SparkListenerTaskStart e) {
                        starts.add(e.taskInfo().executorId());
                    }

                    @Override
                    public void onTaskEnd(SparkListenerTaskEnd e) {
                        if (e.reason() != Success$.MODULE$) {
                            failedTasks.incrementAndGet();
                        }
                    }

                    @Override
                    public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                        removedExecutors.incrementAndGet();
                    }
                });
                Future<ProtocolResult> running = bg.submit(() -> {
                    try (RlProtocol run = new RlProtocol(c, policy -> new SparkEvaluator(sc, c.envId(), c.hidden(),
                            c.activation(), c.maxEpisodeSteps(), PARTITIONS))) {
                        return run.run(null);
                    }
                });
                // the second step's second task has just started (each task plays ~0.8 s): lose its worker
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (starts.size() < PARTITIONS + 2) {
                    if (running.isDone() || System.nanoTime() > deadline) {
                        running.get();
                        fail("the run did not reach its second step in time\n" + cluster.logs());
                    }
                    Thread.sleep(5);
                }
                String victim = starts.get(starts.size() - 1);
                int killed = cluster.killWorkerOf(victim);
                System.err.printf("cluster: killed worker %d (executor %s) at %.1f s, task starts so far %s%n", killed,
                        victim, (System.nanoTime() - t0) / 1e9, starts);
                assertTrue(killed >= 0, "no worker runs executor " + victim + "\n" + cluster.logs());

                ProtocolResult actual = running.get(90, TimeUnit.SECONDS);
                System.err.printf("cluster: run finished at %.1f s, %d failed task(s), task starts %s%n",
                        (System.nanoTime() - t0) / 1e9, failedTasks.get(), starts);
                assertArrayEquals(expected.bestParameters(), actual.bestParameters(), 0.0);
                assertEquals(expected.bestReturn(), actual.bestReturn(), 0.0);
                assertArrayEquals(expected.finalReturns(), actual.finalReturns(), 0.0);
                List<StepMetrics> e = expected.history();
                List<StepMetrics> a = actual.history();
                assertEquals(e.size(), a.size());
                for (int i = 0; i < e.size(); i++) {
                    assertEquals(e.get(i).returnMean(), a.get(i).returnMean(), 0.0, "step " + i);
                    assertEquals(e.get(i).returnMax(), a.get(i).returnMax(), 0.0, "step " + i);
                }
                assertTrue(removedExecutors.get() >= 1, "the driver never saw the executor go");
                assertTrue(failedTasks.get() >= 1, "no task was lost, so nothing was re-run");
                assertTrue(starts.size() > 3 * PARTITIONS, "a lost task must have been started again: " + starts);
            } finally {
                sc.stop();
            }
        } finally {
            bg.shutdownNow();
        }
    }

    private static void awaitExecutors(JavaSparkContext sc, int n, StandaloneCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // the driver is listed among the executor infos
        while (sc.sc().statusTracker().getExecutorInfos().length < n + 1) {
            if (System.nanoTime() > deadline) {
                fail("only " + (sc.sc().statusTracker().getExecutorInfos().length - 1) + " of " + n
                        + " executors registered within 60 s\n" + cluster.logs());
            }
            Thread.sleep(100);
        }
    }
}
