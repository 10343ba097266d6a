package org.diffevo4j.distributed;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.rpc.RpcEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A driver that a master refuses because of Spark's authentication (no secret, or another one) is
 * told so in one sentence before its Spark context starts; an accepting master lets it through.
 * The "master" is Spark's own RPC server (what a standalone master listens with) in this JVM.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthenticationProbeTest {

    private static SparkConf withSecret(String secret) {
        SparkConf c = new SparkConf(false);
        if (secret != null) {
            c.set("spark.authenticate", "true");
            c.set("spark.authenticate.secret", secret);
        }
        return c;
    }

    /** Spark's RPC server on 127.0.0.1, authenticating with {@code secret} when not null. */
    private static RpcEnv server(String secret) {
        SparkConf c = withSecret(secret);
        SecurityManager sm = new SecurityManager(c, scala.Option.empty(),
                org.apache.spark.internal.config.package$.MODULE$.AUTH_SECRET_FILE());
        return RpcEnv.create("diffevo4j-test-master", "127.0.0.1", 0, c, sm, false);
    }

    private static String url(RpcEnv env) {
        return "spark://127.0.0.1:" + env.address().port();
    }

    private static void stop(RpcEnv env) {
        env.shutdown();
        env.awaitTermination();
    }

    @Test
    void anOpenMasterAcceptsTheProbeOfADriverWithoutSecret() {
        RpcEnv env = server(null);
        try {
            // the probe is a well-formed request: a master without authentication answers it
            assertEquals(SparkSetup.Probe.ACCEPTED, SparkSetup.probeMaster(url(env), withSecret(null), new String[1]));
            assertDoesNotThrow(() -> SparkSetup.requireAccepted(url(env), withSecret(null)));
        } finally {
            stop(env);
        }
    }

    @Test
    void anAuthenticatingMasterRefusesADriverWithoutOrWithAnotherSecret() {
        RpcEnv env = server("right-secret");
        try {
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> SparkSetup.requireAccepted(url(env), withSecret(null)));
            assertTrue(none.getMessage().contains(url(env)) && none.getMessage().contains("no secret")
                    && none.getMessage().contains(SparkSetup.SECRET_FILE_VAR), none.getMessage());
            assertFalse(none.getMessage().contains("\n"), none.getMessage());

            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> SparkSetup.requireAccepted(url(env), withSecret("wrong-secret")));
            assertTrue(wrong.getMessage().contains("refused this driver's secret")
                    && wrong.getMessage().contains("DIGEST-MD5"), wrong.getMessage());
            // one line, no stack trace of the master's (the RPC failure carries it) and no class names
            assertFalse(wrong.getMessage().contains("\n") || wrong.getMessage().contains(" at org.")
                    || wrong.getMessage().contains("Exception"), wrong.getMessage());
            assertFalse(wrong.getMessage().contains("right-secret") || wrong.getMessage().contains("wrong-secret"),
                    wrong.getMessage());

            assertEquals(SparkSetup.Probe.ACCEPTED,
                    SparkSetup.probeMaster(url(env), withSecret("right-secret"), new String[1]));
        } finally {
            stop(env);
        }
    }

    @Test
    void aSecretAMasterWithoutAuthenticationCannotCheckIsRefused() {
        RpcEnv env = server(null);
        try {
            assertEquals(SparkSetup.Probe.SECRET_REFUSED,
                    SparkSetup.probeMaster(url(env), withSecret("some-secret"), new String[1]));
        } finally {
            stop(env);
        }
    }

    @Test
    void localMastersAreNotProbed() {
        assertDoesNotThrow(() -> SparkSetup.requireAccepted("local[2]", withSecret(null)));
    }
}
