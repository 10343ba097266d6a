package org.diffevo4j.distributed;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.diffevo4j.agents.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A standalone master that is not there is reported in one sentence within seconds, naming it. */
class UnreachableMasterTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void anUnreachableMasterFailsFastNamingIt() throws Exception {
        String master = "spark://127.0.0.1:" + freePort();
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparkEngine().create("CartPole-v1", new int[] {8}, Activation.RELU, 500,
                        Map.of("master", master)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(e.getMessage().contains(master) && e.getMessage().contains("unreachable"), e.getMessage());
        assertTrue(seconds < 15, "took " + seconds + " s");
    }

    @Test
    void aListeningMasterPassesTheCheck() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            assertDoesNotThrow(() -> SparkSetup.requireReachable("spark://127.0.0.1:1," + "127.0.0.1:" + s.getLocalPort()));
        }
        assertDoesNotThrow(() -> SparkSetup.requireReachable("local[2]"));
    }
}
