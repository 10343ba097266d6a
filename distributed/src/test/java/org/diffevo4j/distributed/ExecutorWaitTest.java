package org.diffevo4j.distributed;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A cluster run whose executors never register fails within the configured wait, naming the driver address. */
class ExecutorWaitTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void noExecutorWithinTheWaitIsOneMessageNamingTheDriver() throws Exception {
        try (StandaloneCluster cluster = new StandaloneCluster(0, 1, "512m")) {   // a master without workers
            SparkConf conf = SparkSetup.conf(cluster.masterUrl(), Map.of(
                    "spark.driver.host", "127.0.0.1",
                    "spark.driver.bindAddress", "127.0.0.1",
                    "spark.diffevo4j.shipJars", "false",
                    SparkSetup.EXECUTOR_WAIT, "3"));
            // a real standalone master without authentication answers the driver's probe
            String[] why = new String[1];
            org.junit.jupiter.api.Assertions.assertEquals(SparkSetup.Probe.ACCEPTED,
                    SparkSetup.probeMaster(cluster.masterUrl(), conf, why), why[0]);
            JavaSparkContext sc = new JavaSparkContext(conf);
            try {
                long t0 = System.nanoTime();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> SparkSetup.awaitExecutors(sc, cluster.masterUrl()));
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertTrue(e.getMessage().contains("0 of 1 Spark executor") && e.getMessage().contains("127.0.0.1:"),
                        e.getMessage());
                assertTrue(seconds < 10, "gave up after " + seconds + " s");
            } finally {
                sc.stop();
            }
        }
    }
}
