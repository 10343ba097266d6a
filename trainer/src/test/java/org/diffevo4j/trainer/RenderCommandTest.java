package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.MlpPolicy;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.Environments;
import org.diffevo4j.environments.StepResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diffevo4j render}: decoded frames, sizes, the pole where the state puts it, reproducibility, plugins. */
class RenderCommandTest {

    @TempDir
    Path tmp;

    @AfterEach
    void restoreRegistry() {
        Thread.currentThread().setContextClassLoader(RenderCommandTest.class.getClassLoader());
        Environments.reload(RenderCommandTest.class.getClassLoader());
    }

    /** A policy file with small random weights (no training needed to draw something). */
    static Path policy(Path dir, String env, long seed) {
        PolicySpec spec = PolicySpec.forEnv(Environments.spec(env), 8);
        double[] p = new double[spec.parameterCount()];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextDouble(-1, 1);
        }
        Path f = dir.resolve(env + "-policy.json");
        // as an older version wrote it: no recorded episode cap, so render falls back to config.json or the env
        PolicyFile full = PolicyFile.of(env, spec, new Selection.Choice(p, 0, null, null, 0, 1), 1);
        new PolicyFile(full.format(), full.env(), full.hidden(), full.activation(), full.bias(), full.normalize(),
                full.parameterCount(), full.parameters(), full.trainReturn(), null, null, null, null, null).write(f);
        return f;
    }

    /** The episode as MlpPolicy plays it: length, and the observation after {@code atStep} steps. */
    static double[] replay(Path policyFile, String env, long seed, int atStep, int[] length) {
        PolicyFile pf = PolicyFile.read(policyFile);
        MlpPolicy policy = new MlpPolicy(pf.spec(env), pf.parameters());
        long s = EpisodeSeeds.derive(seed, 1)[0];
        length[0] = policy.play(Environments.make(env), s, Environments.spec(env).maxEpisodeSteps()).length();
        Environment e = Environments.make(env);
        double[] obs = e.reset(s);
        for (int t = 0; t < atStep; t++) {
            StepResult r = policy.spec().discrete() ? e.step(policy.act(obs)) : e.step(policy.actContinuous(obs));
            obs = r.observation();
        }
        return obs;
    }

    static int expectedFrames(int length, int every) {
        return length / every + 1 + (length % every != 0 ? 1 : 0);
    }

    @Test
    void cartPoleFramesMatchTheEpisodeAndThePoleIsWhereTheStatePutsIt() throws Exception {
        Path pf = policy(tmp, "CartPole-v1", 5);
        Path gif = tmp.resolve("cp.gif");
        Cli c = Cli.run("render", pf.toString(), "--seed", "3", "--out", gif.toString());
        assertEquals(0, c.code(), c.all());
        int[] length = new int[1];
        replay(pf, "CartPole-v1", 3, 0, length);
        GifFrames g = GifFrames.read(gif);
        assertEquals(600, g.width());
        assertEquals(400, g.height());
        assertEquals(length[0] + 1, g.frames().size(), c.out());
        assertTrue(g.loops());
        assertEquals(2, g.delays().get(0));   // 50 fps
        assertTrue(c.out().contains("in " + length[0] + " steps"), c.out());

        // the pole tip, computed from the state independently of the renderer
        for (int t : new int[] {0, length[0] / 2, length[0]}) {
            double[] obs = replay(pf, "CartPole-v1", 3, t, new int[1]);
            BufferedImage frame = g.frames().get(t);
            double cartX = 300 + obs[0] * 600 / 4.8;
            double hingeY = 400 - 100 - 30 / 4.0;
            double along = 125 - 5 - 3;
            int x = (int) Math.round(cartX + along * Math.sin(obs[2]));
            int y = (int) Math.round(hingeY - along * Math.cos(obs[2]));
            int rgb = frame.getRGB(x, y);
            assertTrue(Math.abs((rgb >> 16 & 0xFF) - 202) <= 3 && Math.abs((rgb >> 8 & 0xFF) - 152) <= 3
                    && Math.abs((rgb & 0xFF) - 101) <= 3, "pole colour at step " + t + " (" + x + "," + y + "): "
                    + Integer.toHexString(rgb));
            int bx = (int) Math.round(cartX + 140 * Math.sin(obs[2]));
            int by = (int) Math.round(hingeY - 140 * Math.cos(obs[2]));
            assertEquals(0xFFFFFF, frame.getRGB(bx, by) & 0xFFFFFF, "background beyond the tip at step " + t);
        }
    }

    @Test
    void everySizeFpsAndByteIdenticalRepeats() throws Exception {
        Path pf = policy(tmp, "CartPole-v1", 5);
        Path a = tmp.resolve("a.gif");
        Path b = tmp.resolve("b.gif");
        String[] opts = {"--seed", "3", "--every", "3", "--size", "300x200", "--fps", "20"};
        assertEquals(0, Cli.run(concat(new String[] {"render", pf.toString(), "--out", a.toString()}, opts)).code());
        assertEquals(0, Cli.run(concat(new String[] {"render", pf.toString(), "--out", b.toString()}, opts)).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        int[] length = new int[1];
        replay(pf, "CartPole-v1", 3, 0, length);
        GifFrames g = GifFrames.read(a);
        assertEquals(300, g.width());
        assertEquals(200, g.height());
        assertEquals(expectedFrames(length[0], 3), g.frames().size());
        assertEquals(5, g.delays().get(1));

        // an existing file is kept without --force
        Cli again = Cli.run(concat(new String[] {"render", pf.toString(), "--out", a.toString()}, opts));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(0, Cli.run(concat(new String[] {"render", pf.toString(), "--out", a.toString(), "--force"}, opts))
                .code());
        Cli missing = Cli.run("render", tmp.resolve("no-such-run").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no policy file or run folder"), missing.err());
        Cli badSize = Cli.run("render", pf.toString(), "--size", "600by400", "--out", tmp.resolve("c.gif").toString());
        assertEquals(2, badSize.code());
        assertTrue(badSize.err().contains("--size"), badSize.err());
    }

    @Test
    void everyBuiltInEnvironmentRenders() throws Exception {
        for (String env : List.of("CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0",
                "Pendulum-v1")) {
            Path pf = policy(tmp, env, 7);
            Path gif = tmp.resolve(env + ".gif");
            Cli c = Cli.run("render", pf.toString(), "--every", "10", "--size", "200x160", "--out", gif.toString());
            assertEquals(0, c.code(), env + ": " + c.all());
            int[] length = new int[1];
            replay(pf, env, 0, 0, length);
            GifFrames g = GifFrames.read(gif);
            assertEquals(expectedFrames(length[0], 10), g.frames().size(), env);
            assertEquals(160, g.frames().get(0).getHeight());
            assertTrue(nonWhite(g.frames().get(0)) > 100, env + " draws something");
        }
    }

    @Test
    void aRunFolderGetsEpisodeGifAndTwoEpisodesFollowEachOther() throws Exception {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Files.copy(policy(tmp, "Pendulum-v1", 2), run.resolve("best-policy.json"));
        Files.writeString(run.resolve("config.json"), "{\"env\": \"Pendulum-v1\", \"max_episode_steps\": 30}");
        Cli c = Cli.run("render", run.toString(), "--episodes", "2", "--every", "4");
        assertEquals(0, c.code(), c.all());
        GifFrames g = GifFrames.read(run.resolve("episode.gif"));
        // the run's cap of 30 steps: 0, 4, ..., 28, 30 per episode
        assertEquals(2 * expectedFrames(30, 4), g.frames().size(), c.out());
        assertTrue(c.out().contains("episode 2"), c.out());
    }

    @Test
    void aCapRecordedInThePolicyFileWins() throws Exception {
        Path pf = policy(tmp, "Pendulum-v1", 4);
        String json = Files.readString(pf);
        Files.writeString(pf, json.replaceFirst("\\{", "{\"max_episode_steps\": 12, "));
        Path gif = tmp.resolve("capped.gif");
        Cli c = Cli.run("render", pf.toString(), "--size", "100x100", "--out", gif.toString());
        assertEquals(0, c.code(), c.all());
        assertEquals(13, GifFrames.read(gif).frames().size(), c.out());
    }

    @Test
    void pluginEnvironmentRendersAndOneWithoutARendererIsNamed() throws Exception {
        assertTrue(Files.isRegularFile(PluginCliTest.JAR), "build examples/corridor-plugin first");
        Path run = tmp.resolve("corridor");
        Cli train = Cli.run("train", "--env", "Corridor-v0", "--plugin", PluginCliTest.JAR.toString(), "--population",
                "16", "--steps", "2", "--quiet", "--out", run.toString());
        assertEquals(0, train.code(), train.all());
        Cli c = Cli.run("render", run.toString(), "--plugin", PluginCliTest.JAR.toString(), "--size", "400x120");
        assertEquals(0, c.code(), c.all());
        GifFrames g = GifFrames.read(run.resolve("episode.gif"));
        assertEquals(400, g.width());
        assertTrue(g.frames().size() >= 2 && nonWhite(g.frames().get(0)) > 100);

        // an environment whose provider draws nothing (the trainer's test NaN plugin): exit 2, interface named
        Cli blind = Cli.run("render", run.toString(), "--plugin", PluginCliTest.JAR.toString(), "--env", "NanReward-v0",
                "--out", tmp.resolve("x.gif").toString());
        assertEquals(2, blind.code(), blind.all());
        assertTrue(blind.err().contains("org.diffevo4j.environments.render.EnvironmentRenderer"), blind.err());
        assertTrue(!Files.exists(tmp.resolve("x.gif")));
    }

    static int nonWhite(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
            }
        }
        return n;
    }

    static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
