package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.diffevo4j.trainer.broken.BrokenStepProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User errors are one line and exit code 2; a bug (any other exception) keeps its stack trace and
 * exits with 1; {@code --verbose} adds the stack trace to user errors.
 */
class ErrorReportingTest {

    @TempDir
    Path tmp;

    @Test
    void anInternalFailureKeepsItsStackTraceAndExitsWithOne() {
        // BrokenStep-v0 (test sources) throws IllegalStateException from step(): a bug, not the user's mistake
        Cli c = Cli.run("train", "--env", "BrokenStep-v0", "--population", "4", "--steps", "2", "--quiet",
                "--out", tmp.resolve("broken").toString());
        assertEquals(1, c.code(), c.all());
        assertTrue(c.err().contains(BrokenStepProvider.MESSAGE), c.err());
        assertTrue(c.err().contains("\tat org.diffevo4j.trainer.broken.BrokenStepProvider"),
                "the trace reaches the failing frame: " + c.err());
    }

    @Test
    void aBadFlagIsOneLineWithExitCodeTwo() {
        Cli c = Cli.run("train", "--env", "CartPole-v1", "--population", "many", "--out", tmp.resolve("a").toString());
        assertEquals(2, c.code(), c.all());
        assertEquals(1, c.err().lines().count(), "exactly one line: " + c.err());
        assertTrue(c.err().startsWith("error: ") && c.err().contains("--population") && c.err().contains("many"),
                c.err());

        Cli unknown = Cli.run("train", "--env", "CartPole-v1", "--populaton", "8");
        assertEquals(2, unknown.code(), unknown.all());
        assertEquals(1, unknown.err().lines().count(), "exactly one line: " + unknown.err());
        assertTrue(unknown.err().contains("--populaton") && unknown.err().contains("--population"), unknown.err());
    }

    @Test
    void aBadValueCaughtByValidationIsOneLineWithExitCodeTwo() {
        Cli c = Cli.run("train", "--env", "CartPole-v1", "--population", "1", "--out", tmp.resolve("b").toString());
        assertEquals(2, c.code(), c.all());
        assertEquals(1, c.err().lines().count(), "exactly one line: " + c.err());
        assertFalse(c.err().contains("\tat "), c.err());
    }

    @Test
    void verboseAddsTheStackTraceToUserErrors() {
        Cli c = Cli.run("--verbose", "train", "--env", "CartPole-v9", "--out", tmp.resolve("c").toString());
        assertEquals(2, c.code(), c.all());
        assertTrue(c.err().startsWith("error: ") && c.err().contains("CartPole-v9"), c.err());
        assertTrue(c.err().contains("\tat ") && c.err().contains("UserError"), "stack trace with --verbose: " + c.err());

        // inherited by the subcommands, so it may also follow the subcommand's name
        Cli after = Cli.run("eval", tmp.resolve("missing.json").toString(), "--verbose");
        assertEquals(2, after.code(), after.all());
        assertTrue(after.err().contains("no policy file") && after.err().contains("\tat "), after.err());

        Cli quiet = Cli.run("eval", tmp.resolve("missing.json").toString());
        assertEquals(2, quiet.code(), quiet.all());
        assertEquals(1, quiet.err().lines().count(), quiet.err());
    }
}
