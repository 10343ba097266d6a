package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL in the middle of its run resumes from its last complete
 * checkpoint and ends exactly like a run that was never interrupted. The kill lands mid-run by
 * construction: the child process pauses after step 3 of 8 (the trainer's test-only
 * {@link PauseHook}) and is killed while it waits.
 */
class KillResumeTest {

    private static final int STEPS = 8;
    private static final int PAUSE_AFTER = 3;

    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void killedProcessResumesToTheUninterruptedResult() throws Exception {
        String[] args = {"train", "--env", "Acrobot-v1", "--population", "64", "--steps", Integer.toString(STEPS),
            "--seed", "21", "--threads", "1", "--quiet"};
        Path killed = tmp.resolve("killed");
        Path marker = tmp.resolve("paused");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + PauseHook.AFTER_STEP + "=" + PAUSE_AFTER, "-D" + PauseHook.MARKER + "=" + marker,
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--out", killed.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(Files.exists(marker), "the child paused after step " + PAUSE_AFTER + "; its log: "
                    + Files.readString(tmp.resolve("child.log")));
            assertTrue(p.isAlive(), "still running when killed");
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }

        int before = RunDirectory.read(killed).readCheckpoint().state().completedSteps();
        assertEquals(PAUSE_AFTER, before, "killed mid-run, after " + before + " of " + STEPS + " steps");
        assertFalse(Files.exists(killed.resolve(RunDirectory.BEST_POLICY)), "the killed run had not finished");
        Cli resumed = Cli.run("train", "--resume", killed.toString(), "--quiet");
        assertEquals(0, resumed.code(), resumed.all() + "\nchild: " + Files.readString(tmp.resolve("child.log")));

        Path whole = tmp.resolve("whole");
        String[] wholeArgs = java.util.Arrays.copyOf(args, args.length + 2);
        wholeArgs[args.length] = "--out";
        wholeArgs[args.length + 1] = whole.toString();
        assertEquals(0, Cli.run(wholeArgs).code());

        assertEquals(STEPS, returns(killed).size());
        assertArrayEquals(PolicyFile.read(whole.resolve(RunDirectory.BEST_POLICY)).parameters(),
                PolicyFile.read(killed.resolve(RunDirectory.BEST_POLICY)).parameters());
        assertEquals(returns(whole), returns(killed));
    }

    private static List<Double> returns(Path dir) {
        return RunDirectory.read(dir).readMetrics().stream()
                .map(m -> ((Number) m.get("return_mean")).doubleValue()).toList();
    }
}
