package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eval --out} and {@code optimize --out} never destroy a file and check their target first. */
class OutFileTest {

    @TempDir
    static Path tmp;

    static Path run;

    @BeforeAll
    static void train() {
        run = tmp.resolve("run");
        Cli c = Cli.run("train", "--env", "CartPole-v1", "--population", "16", "--steps", "3", "--threads", "1",
                "--quiet", "--out", run.toString());
        assertEquals(0, c.code(), c.all());
    }

    @Test
    void evalRefusesToOverwriteTheTrainedPolicy() throws Exception {
        Path policy = run.resolve(RunDirectory.BEST_POLICY);
        byte[] before = Files.readAllBytes(policy);
        Cli c = Cli.run("eval", run.toString(), "--episodes", "3", "--out", policy.toString());
        assertEquals(2, c.code(), c.all());
        assertTrue(c.err().contains("already exists") && c.err().contains("--force"), c.err());
        assertTrue(c.out().isEmpty(), "refused before evaluating: " + c.out());
        assertArrayEquals(before, Files.readAllBytes(policy));
        assertNoTempFiles(run);
    }

    @Test
    void aMissingParentFolderOrAFolderTargetIsRefusedBeforeTheEvaluation() {
        Cli c = Cli.run("eval", run.toString(), "--episodes", "3", "--out", tmp.resolve("no/such/r.json").toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("does not exist"), c.err());
        assertTrue(c.out().isEmpty(), c.out());
        c = Cli.run("eval", run.toString(), "--episodes", "3", "--out", tmp.toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("is a folder"), c.err());
        c = Cli.run("optimize", "--function", "himmelblau", "--method", "diffusion", "--seeds", "1",
                "--out", tmp.resolve("missing/o.json").toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("does not exist"), c.err());
    }

    @Test
    void forceOverwritesAtomically() throws Exception {
        Path out = tmp.resolve("eval.json");
        Files.writeString(out, "old");
        assertEquals(2, Cli.run("eval", run.toString(), "--episodes", "3", "--out", out.toString()).code());
        assertEquals("old", Files.readString(out));
        Cli c = Cli.run("eval", run.toString(), "--episodes", "3", "--out", out.toString(), "--force");
        assertEquals(0, c.code(), c.all());
        assertTrue(Files.readString(out).contains("\"return_mean\""));

        Path opt = tmp.resolve("opt.json");
        Files.writeString(opt, "keep");
        c = Cli.run("optimize", "--function", "himmelblau", "--method", "diffusion", "--seeds", "1",
                "--out", opt.toString());
        assertEquals(2, c.code(), c.all());
        assertEquals("keep", Files.readString(opt));
        assertNoTempFiles(tmp);
    }

    private static void assertNoTempFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> temps = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertFalse(!temps.isEmpty(), "stray temp files: " + temps);
        }
    }
}
