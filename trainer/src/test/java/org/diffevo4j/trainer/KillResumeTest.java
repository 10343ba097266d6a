package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL at an arbitrary moment (between steps or in the middle of
 * writing a checkpoint) resumes from its last complete checkpoint and ends exactly like a run that
 * was never interrupted.
 */
class KillResumeTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void killedProcessResumesToTheUninterruptedResult() throws Exception {
        String[] args = {"train", "--env", "Acrobot-v1", "--population", "256", "--steps", "8", "--seed", "21",
            "--threads", "1", "--quiet"};
        Path killed = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--out", killed.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            Path cp = killed.resolve(RunDirectory.CHECKPOINT);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(cp) && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(30);          // somewhere in the next steps, possibly mid-write
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }

        int before = RunDirectory.read(killed).readCheckpoint().state().completedSteps();
        System.out.println("KillResumeTest: killed after " + before + " of 8 steps");
        Cli resumed = Cli.run("train", "--resume", killed.toString(), "--quiet");
        assertEquals(0, resumed.code(), resumed.all() + "\nchild: " + Files.readString(tmp.resolve("child.log")));

        Path whole = tmp.resolve("whole");
        String[] wholeArgs = java.util.Arrays.copyOf(args, args.length + 2);
        wholeArgs[args.length] = "--out";
        wholeArgs[args.length + 1] = whole.toString();
        assertEquals(0, Cli.run(wholeArgs).code());

        assertArrayEquals(PolicyFile.read(whole.resolve(RunDirectory.BEST_POLICY)).parameters(),
                PolicyFile.read(killed.resolve(RunDirectory.BEST_POLICY)).parameters());
        assertEquals(returns(whole), returns(killed));
    }

    private static List<Double> returns(Path dir) {
        return RunDirectory.read(dir).readMetrics().stream()
                .map(m -> ((Number) m.get("return_mean")).doubleValue()).toList();
    }
}
