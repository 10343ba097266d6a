package org.diffevo4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster secret comes from a file or the environment, into the driver's settings only. */
class AuthenticationSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void aSecretFileTurnsOnAuthenticationWithoutTouchingSystemProperties() throws Exception {
        Path f = tmp.resolve("secret");
        Files.writeString(f, "s3cr3t\n");
        SparkConf c = new SparkConf(false);
        SparkSetup.authenticate(c, Map.of(SparkSetup.SECRET_FILE_VAR, f.toString()));
        assertEquals("true", c.get("spark.authenticate"));
        assertEquals("s3cr3t", c.get("spark.authenticate.secret"));
        assertFalse(System.getProperties().containsValue("s3cr3t"));
    }

    @Test
    void theEnvironmentVariableWorksAndNothingTurnsItOnByItself() {
        SparkConf c = new SparkConf(false);
        SparkSetup.authenticate(c, Map.of(SparkSetup.SECRET_VAR, "abc"));
        assertEquals("abc", c.get("spark.authenticate.secret"));
        SparkConf none = new SparkConf(false);
        SparkSetup.authenticate(none, Map.of());
        assertFalse(none.contains("spark.authenticate"));
    }

    @Test
    void anUnreadableOrEmptySecretFileIsNamed() throws Exception {
        SparkConf c = new SparkConf(false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkSetup.authenticate(c, Map.of(SparkSetup.SECRET_FILE_VAR, tmp.resolve("missing").toString())));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        Path empty = Files.writeString(tmp.resolve("empty"), "  \n");
        e = assertThrows(IllegalArgumentException.class,
                () -> SparkSetup.authenticate(c, Map.of(SparkSetup.SECRET_FILE_VAR, empty.toString())));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }
}
