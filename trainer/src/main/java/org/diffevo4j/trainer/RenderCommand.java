package org.diffevo4j.trainer;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.MlpPolicy;
import org.diffevo4j.environments.Environment;
import org.diffevo4j.environments.Environments;
import org.diffevo4j.environments.StepResult;
import org.diffevo4j.environments.render.AnimatedGifWriter;
import org.diffevo4j.environments.render.Caption;
import org.diffevo4j.environments.render.EnvironmentRenderer;
import org.diffevo4j.environments.render.Renderers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code diffevo4j render}: plays a trained policy and writes the episodes as an animated GIF, each frame
 * drawn by the environment's {@link EnvironmentRenderer} with a caption (episode, step, return so far).
 *
 * <p>Frames: one for the reset state (step 0), then one after every {@code --every}-th step, and always
 * one for the last step of an episode; an episode of {@code L} steps gives
 * {@code floor(L / k) + 1} frames, plus one when {@code k} does not divide {@code L}. The same policy,
 * seed and options give a byte-identical file.
 */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Play a trained policy and write the episode as an animated GIF.",
        footer = {"", "Examples:", "  diffevo4j render runs/CartPole-v1-20260101-120000",
            "  diffevo4j render best-policy.json --every 2 --size 300x200 --out cartpole.gif"})
final class RenderCommand implements Runnable {

    /** The default GIF's name, in the run folder (or beside the policy file). */
    static final String EPISODE_GIF = "episode.gif";

    static {
        // Runs on servers and in CI: never try to open a display.
        System.setProperty("java.awt.headless", "true");
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    PluginOptions pluginOptions;

    @CommandLine.Mixin
    PolicySource policySource;

    @Option(names = "--episodes", paramLabel = "E", description = "Episodes, one after the other (default 1).")
    int episodes = 1;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the episodes' resets (default 0), as for eval.")
    long seed;

    @Option(names = "--every", paramLabel = "K", description = "Draw every K-th step (default 1; the last step is always drawn).")
    int every = 1;

    @Option(names = "--fps", paramLabel = "F", description = "GIF frames per second (default 50).")
    double fps = 50;

    @Option(names = "--size", paramLabel = "WxH", description = "Frame size in pixels (default 600x400).")
    String size = "600x400";

    @Option(names = "--out", paramLabel = "FILE.gif", description = "Output file (default: episode.gif in the run folder).")
    Path out;

    @Option(names = "--force", description = "Overwrite the output file if it exists.")
    boolean force;

    @Override
    public void run() {
        pluginOptions.load();
        if (episodes < 1) {
            throw new UserError("--episodes must be >= 1, got " + episodes);
        }
        if (every < 1) {
            throw new UserError("--every must be >= 1, got " + every);
        }
        int delay = AnimatedGifWriter.delayForFps(fps);
        int[] wh = parseSize(size);
        Path policyPath = policySource.file();
        Path target = out != null ? out : defaultOut(policySource.source, policyPath);
        OutputFile.check(target, force);
        String envId = policySource.envId();
        UserInput.env(envId);
        EnvironmentRenderer renderer;
        try {
            renderer = Renderers.forEnvironment(envId);
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);   // a plugin environment that draws nothing: the message names the interface
        }
        PolicySource.Loaded loaded = policySource.load();
        Result r = render(renderer, envId, new MlpPolicy(loaded.spec(), loaded.policy().parameters()),
                loaded.trainingCap(), EpisodeSeeds.derive(seed, episodes),
                every, wh[0], wh[1], delay);
        AtomicFiles.write(target, r.gif());
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "wrote %s: %d frames of %dx%d, %d ms each%n", target, r.frames(), wh[0], wh[1], 10 * delay);
        for (int e = 0; e < r.returns().size(); e++) {
            o.printf(Locale.ROOT, "  episode %d: return %.2f in %d steps%n", e + 1, r.returns().get(e),
                    r.lengths().get(e));
        }
        o.flush();
    }

    /** What {@link #render} made: the GIF's bytes, its frame count, and each episode's return and length. */
    record Result(byte[] gif, int frames, List<Double> returns, List<Integer> lengths) {
    }

    /**
     * Plays {@code seeds.length} episodes of {@code policy} on a fresh {@code envId} (as
     * {@link MlpPolicy#play} does) and draws them into a GIF.
     */
    static Result render(EnvironmentRenderer renderer, String envId, MlpPolicy policy, int cap, long[] seeds, int every,
                         int width, int height, int delayCentis) {
        Environment environment = Environments.make(envId);
        boolean discrete = policy.spec().discrete();
        List<Double> returns = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int frames;
        try (AnimatedGifWriter gif = new AnimatedGifWriter(bytes, width, height, delayCentis)) {
            int scale = Math.max(1, Math.min(width, height) / 200);
            for (int e = 0; e < seeds.length; e++) {
                String prefix = seeds.length > 1 ? "episode " + (e + 1) + "/" + seeds.length + "  " : "";
                double[] obs = environment.reset(seeds[e]);
                double ret = 0;
                int t = 0;
                gif.addFrame(frame(renderer, obs, width, height, scale, prefix, t, ret));
                while (t < cap) {
                    StepResult s = discrete ? environment.step(policy.act(obs)) : environment.step(policy.actContinuous(obs));
                    ret += s.reward();
                    t++;
                    obs = s.observation();
                    boolean last = s.done() || t >= cap;
                    if (t % every == 0 || last) {
                        gif.addFrame(frame(renderer, obs, width, height, scale, prefix, t, ret));
                    }
                    if (last) {
                        break;
                    }
                }
                returns.add(ret);
                lengths.add(t);
            }
            frames = gif.frames();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the GIF: " + ex.getMessage(), ex);
        }
        return new Result(bytes.toByteArray(), frames, returns, lengths);
    }

    private static BufferedImage frame(EnvironmentRenderer renderer, double[] obs, int width, int height, int scale,
                                       String prefix, int step, double ret) {
        BufferedImage img = renderer.render(obs, width, height);
        String text = String.format(Locale.ROOT, "%sstep %d  return %.1f", prefix, step, ret);
        Caption.draw(img, 3 * scale, 3 * scale, text, scale, Color.BLACK);
        return img;
    }

    /** Where the GIF goes without --out: the run folder, or the policy file's folder. */
    private static Path defaultOut(Path source, Path policyPath) {
        if (Files.isDirectory(source)) {
            return source.resolve(EPISODE_GIF);
        }
        Path parent = policyPath.toAbsolutePath().getParent();
        return parent.resolve(EPISODE_GIF);
    }

    static int[] parseSize(String s) {
        String[] p = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int w = Integer.parseInt(p[0].trim());
                int h = Integer.parseInt(p[1].trim());
                if (w >= 16 && h >= 16 && w <= 4096 && h <= 4096) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UserError("--size must be WIDTHxHEIGHT in pixels, each 16..4096, e.g. 600x400; got '"
                + s + "'");
    }
}
