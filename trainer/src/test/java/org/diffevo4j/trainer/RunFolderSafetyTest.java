package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder belongs to one process: simultaneous runs never share a folder, a second process on
 * a running folder is refused with the owner's PID, a killed owner's lock is taken over, and a run
 * stopped before its first checkpoint can still be resumed. Each case runs the real CLI in child
 * processes.
 */
class RunFolderSafetyTest {

    @TempDir
    Path tmp;

    private static final String[] SHORT = {"train", "--env", "CartPole-v1", "--population", "32", "--steps", "4",
        "--threads", "1", "--quiet"};

    /** Long enough to still be running while the test pokes at its folder. */
    private static final String[] LONG = {"train", "--env", "Acrobot-v1", "--population", "2048", "--steps", "60",
        "--threads", "1"};

    private Process child(Path workDir, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    @Test
    @Timeout(180)
    void runsStartedTogetherGetTheirOwnFolders() throws Exception {
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(child(tmp, tmp.resolve("child" + i + ".log"), SHORT));   // same seed, same moment
        }
        for (int i = 0; i < ps.size(); i++) {
            assertTrue(ps.get(i).waitFor(150, TimeUnit.SECONDS));
            assertEquals(0, ps.get(i).exitValue(), Files.readString(tmp.resolve("child" + i + ".log")));
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(tmp.resolve("runs"))) {
            folders = s.sorted().toList();
        }
        assertEquals(3, folders.size(), folders.toString());
        for (Path f : folders) {
            List<Object> steps = RunDirectory.read(f).readMetrics().stream().map(m -> m.get("step")).toList();
            assertEquals(List.of(0, 1, 2, 3), steps, "metrics of " + f);
            assertTrue(f.getFileName().toString().startsWith("CartPole-v1-"), f.toString());
        }
    }

    @Test
    @Timeout(240)
    void aRunningFolderIsRefusedWithItsOwnersPidAndAKilledOwnersLockIsTakenOver() throws Exception {
        Path run = tmp.resolve("busy");
        Process owner = child(tmp, tmp.resolve("owner.log"), concat(LONG, "--out", run.toString()));
        try {
            awaitCheckpoint(owner, run);
            Cli second = Cli.run("train", "--resume", run.toString(), "--quiet");
            assertEquals(2, second.code(), second.all());
            assertTrue(second.err().contains("in use by process " + owner.pid()), second.err());
            List<Path> before = files(run);
            Cli overwrite = Cli.run(concat(SHORT, "--out", run.toString(), "--force"));
            assertEquals(2, overwrite.code(), overwrite.all());
            assertTrue(overwrite.err().contains("in use by process " + owner.pid()), overwrite.err());
            assertTrue(owner.isAlive(), "the owner must still be running while the others are refused");
            assertEquals(before, files(run), "a refused run adds or removes no file");
        } finally {
            owner.destroyForcibly();          // SIGKILL: no chance to release the lock itself
            owner.waitFor(30, TimeUnit.SECONDS);
        }
        int done = RunDirectory.read(run).readCheckpoint().state().completedSteps();
        assertTrue(done < 60, "killed mid-run");
        // the dead owner's lock is stale: a resume takes it over (checked here without finishing 60 steps)
        try (RunDirectory taken = RunDirectory.open(run)) {
            assertTrue(Files.readString(run.resolve(RunLock.FILE)).contains("pid " + ProcessHandle.current().pid()));
            assertEquals(done, taken.readCheckpoint().state().completedSteps());
        }
    }

    @Test
    @Timeout(120)
    void interruptingARunPrintsHowToResumeIt() throws Exception {
        Path run = tmp.resolve("interrupted");
        Process p = child(tmp, tmp.resolve("int.log"), concat(LONG, "--out", run.toString()));
        try {
            awaitCheckpoint(p, run);
            p.destroy();                          // SIGTERM, as Ctrl-C's SIGINT: shutdown hooks run
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        String log = Files.readString(tmp.resolve("int.log"));
        assertTrue(log.contains("interrupted; continue this run with: ./diffevo4j train --resume " + run), log);
    }

    @Test
    void aRunStoppedBeforeItsFirstCheckpointResumesFromStepZero() throws Exception {
        Path full = tmp.resolve("full");
        assertEquals(0, Cli.run(concat(SHORT, "--out", full.toString())).code());
        Path early = tmp.resolve("early");
        Files.createDirectories(early);
        Files.copy(full.resolve(RunDirectory.CONFIG), early.resolve(RunDirectory.CONFIG));   // all a first-step kill leaves

        Cli again = Cli.run(concat(SHORT, "--out", early.toString()));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("before its first checkpoint") && again.err().contains("--resume"), again.err());

        Cli resumed = Cli.run("train", "--resume", early.toString(), "--quiet");
        assertEquals(0, resumed.code(), resumed.all());
        assertEquals(returns(full), returns(early));
    }

    @Test
    void aFolderLockedByThisProcessIsRefusedToo() {
        Path run = tmp.resolve("mine");
        try (RunDirectory held = RunDirectory.create(run, false)) {
            Cli c = Cli.run(concat(SHORT, "--out", run.toString()));
            assertEquals(2, c.code());
            assertTrue(c.err().contains("in use by process " + ProcessHandle.current().pid()), c.err());
        }
        assertNotEquals(2, Cli.run(concat(SHORT, "--out", run.toString())).code(), "free again once released");
        assertFalse(Files.exists(run.resolve(".checkpoint.bin.tmp")));
    }

    private static void awaitCheckpoint(Process p, Path run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(run.resolve(RunDirectory.CHECKPOINT)) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(p.isAlive(), "the child must still be running after its first checkpoint");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static List<Double> returns(Path dir) {
        return RunDirectory.read(dir).readMetrics().stream()
                .map(m -> ((Number) m.get("return_mean")).doubleValue()).toList();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
