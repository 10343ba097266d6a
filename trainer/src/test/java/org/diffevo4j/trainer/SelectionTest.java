package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saved policy is chosen by a re-evaluation on fresh episodes, so {@code eval} confirms the
 * numbers recorded in best-policy.json instead of regressing from a lucky training episode.
 *
 * <p>The settings are chosen to make the test discriminating: a short run (population 32, 3 steps)
 * leaves many mediocre policies, so the best single training episode is a lucky draw (it hits the
 * cap of 50 steps while its policy averages clearly less), and the cap of 50 steps binds (the
 * saved policy balances the pole far longer than 50 steps without it). So the same check fails if
 * the lucky-draw policy is saved, or if eval ignores the training cap.
 */
class SelectionTest {

    @TempDir
    Path tmp;

    private static final int EVAL_EPISODES = 100;

    private Path train(String name, long seed, String... extra) {
        Path out = tmp.resolve(name);
        String[] args = TrainRunTest.concat(new String[] {"train", "--env", "CartPole-v1", "--population", "32",
            "--steps", "3", "--max-episode-steps", "50", "--seed", Long.toString(seed), "--quiet", "--out", out.toString()},
                extra);
        Cli c = Cli.run(args);
        assertEquals(0, c.code(), c.all());
        return out;
    }

    /** Mean and standard deviation of {@code eval} over 100 episodes. */
    private double[] eval(Path run, String... extra) throws Exception {
        Path json = tmp.resolve("eval-" + System.nanoTime() + ".json");
        Cli c = Cli.run(TrainRunTest.concat(new String[] {"eval", run.toString(), "--episodes",
            Integer.toString(EVAL_EPISODES), "--seed", "5", "--out", json.toString()}, extra));
        assertEquals(0, c.code(), c.all());
        Map<?, ?> r = ConfigFiles.JSON.readValue(Files.readString(json), Map.class);
        return new double[] {((Number) r.get("return_mean")).doubleValue(), ((Number) r.get("return_std")).doubleValue()};
    }

    /**
     * Whether an eval result agrees with the recorded re-evaluation within 2 standard errors of their
     * difference (both are sample means of independent fresh episodes).
     */
    private static boolean agrees(PolicyFile p, double[] eval) {
        double se = Math.sqrt(p.selectionStd() * p.selectionStd() / p.selectionEpisodes()
                + eval[1] * eval[1] / EVAL_EPISODES);
        return Math.abs(eval[0] - p.selectionMean()) <= 2 * se;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 10})
    void evalConfirmsTheRecordedReevaluationWhereTheLuckyDrawAndAnUncappedEvalWouldNot(long seed) throws Exception {
        Path run = train("selected-" + seed, seed);
        PolicyFile p = PolicyFile.read(run.resolve(RunDirectory.BEST_POLICY));
        assertEquals(32, p.selectionEpisodes());
        assertEquals(50, p.maxEpisodeSteps());
        assertTrue(p.selectionCandidates() >= 2 && p.selectionCandidates() <= 17, "finalists: " + p.selectionCandidates());

        double[] e = eval(run);
        assertTrue(agrees(p, e), "eval " + e[0] + " +- " + e[1] + " vs recorded " + p.selectionMean() + " +- "
                + p.selectionStd());

        // discriminating: without the training cap the same policy scores far more ...
        double[] uncapped = eval(run, "--max-episode-steps", "500");
        assertTrue(!agrees(p, uncapped), "the cap must matter here: " + uncapped[0]);
        // ... and the individual with the best training return (what select_episodes 0 saves) does worse
        Path lucky = train("lucky-" + seed, seed, "--select-episodes", "0");
        PolicyFile lp = PolicyFile.read(lucky.resolve(RunDirectory.BEST_POLICY));
        assertNull(lp.selectionMean());
        assertEquals(50.0, lp.trainReturn(), "a lucky episode that reached the cap");
        double[] le = eval(lucky);
        assertTrue(!agrees(p, le), "the lucky draw would fail the check: " + le[0] + " vs " + p.selectionMean());
        assertTrue(le[0] < lp.trainReturn() - 2 * le[1] / Math.sqrt(EVAL_EPISODES),
                "its training return overstates it: " + lp.trainReturn() + " vs eval " + le[0]);
    }

    @Test
    void resumeAfterTheFinalStepSavesTheIdenticalPolicy() throws Exception {
        Path run = train("resumed", 10);
        byte[] policy = Files.readAllBytes(run.resolve(RunDirectory.BEST_POLICY));
        byte[] metrics = Files.readAllBytes(run.resolve(RunDirectory.METRICS));
        assertNotNull(RunDirectory.read(run).readCheckpoint().finalists(), "finalists are saved with the final step");
        // as if killed during the selection: the final checkpoint is there, the policy not yet
        Files.delete(run.resolve(RunDirectory.BEST_POLICY));
        Files.delete(run.resolve(RunDirectory.BEST_POLICY_DL4J));
        Cli c = Cli.run("train", "--resume", run.toString(), "--quiet");
        assertEquals(0, c.code(), c.all());
        assertArrayEquals(policy, Files.readAllBytes(run.resolve(RunDirectory.BEST_POLICY)));
        assertArrayEquals(metrics, Files.readAllBytes(run.resolve(RunDirectory.METRICS)));
        assertTrue(c.out().contains("re-evaluated") && c.out().contains("episode cap 50"), c.out());
    }
}
