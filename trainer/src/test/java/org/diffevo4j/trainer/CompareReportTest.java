package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare} and {@code report} on real run folders trained through the CLI. */
class CompareReportTest {

    @TempDir
    static Path shared;

    static Path latent;
    static Path cmaes;

    @BeforeAll
    static void trainTwoTinyRuns() {
        latent = shared.resolve("cp-latent");
        cmaes = shared.resolve("cp-cmaes");
        Cli a = Cli.run("train", "--env", "CartPole-v1", "--population", "16", "--steps", "3", "--seed", "1", "--quiet",
                "--out", latent.toString());
        assertEquals(0, a.code(), a.all());
        Cli b = Cli.run("train", "--env", "CartPole-v1", "--strategy", "cmaes", "--population", "16", "--steps", "4",
                "--seed", "1", "--quiet", "--out", cmaes.toString());
        assertEquals(0, b.code(), b.all());
    }

    @Test
    void compareDrawsOneChartAndPrintsATable() throws Exception {
        Path png = shared.resolve("compare.png");
        Cli c = Cli.run("compare", latent.toString(), cmaes.toString(), "--out", png.toString(), "--eval-episodes", "3");
        assertEquals(0, c.code(), c.all());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertTrue(c.out().contains("cp-latent") && c.out().contains("latent-diffusion"), c.out());
        assertTrue(c.out().contains("cp-cmaes") && c.out().contains("cmaes"), c.out());
        assertTrue(c.out().contains(" +- "), c.out());
        // agent-steps is the sum over the metrics lines
        long sum = 0;
        for (var m : RunDirectory.read(cmaes).readMetrics()) {
            sum += ((Number) m.get("agent_steps")).longValue();
        }
        assertTrue(c.out().contains(" " + sum + " "), "agent-steps " + sum + " in\n" + c.out());
        // the two runs' colours are both on the chart
        assertTrue(hasColour(img, CompareCommand.Palette.COLORS[0]) && hasColour(img, CompareCommand.Palette.COLORS[1]));

        Cli again = Cli.run("compare", latent.toString(), "--out", png.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        Cli badMetric = Cli.run("compare", latent.toString(), "--out", shared.resolve("x.png").toString(), "--metric",
                "nope");
        assertEquals(2, badMetric.code());
        assertTrue(badMetric.err().contains("return_mean"), badMetric.err());
        Cli notARun = Cli.run("compare", shared.toString(), "--out", shared.resolve("y.png").toString());
        assertEquals(2, notARun.code());
    }

    @Test
    void compareReadsReproduceResultFolders() throws Exception {
        Path rep = shared.resolve("reproduce-1");
        Files.createDirectories(rep);
        Files.writeString(rep.resolve("results.json"), """
                {"results": [
                  {"suite": "rl", "env": "CartPole-v1", "method": "latent-diffusion", "seeds": [0, 1, 2],
                   "steps": 10, "return_mean": [500.0, 480.5, 499.0]},
                  {"suite": "rl", "env": "CartPole-v1", "method": "cmaes", "seeds": [0, 1],
                   "return_mean": [300.0, 200.0], "curves": [[20, 100, 300], [10, 50, 200]]},
                  {"suite": "2d", "method": "x", "return_mean": [1]}
                ]}
                """);
        Path png = shared.resolve("reproduce.png");
        Cli c = Cli.run("compare", rep.toString(), latent.toString(), "--out", png.toString(), "--eval-episodes", "0");
        assertEquals(0, c.code(), c.all());
        assertTrue(c.out().contains("reproduce-1:latent-diffusion") && c.out().contains("493.17 +- 8.97"), c.out());
        assertTrue(c.out().contains("250.00 +- 50.00"), c.out());
        assertFalse(c.out().contains(":x "), c.out());
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void reportIsOneSelfContainedPageWithChartMetricsAndGif() throws Exception {
        Cli r = Cli.run("report", latent.toString());
        assertEquals(0, r.code(), r.all());
        String html = Files.readString(latent.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("data:image/png;base64,"));
        assertFalse(html.contains("data:image/gif;base64,"), "no GIF before render");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"),
                "nothing to fetch, nothing to run");
        assertTrue(html.contains("latent-diffusion") && html.contains("CartPole-v1"));
        assertEquals(3, count(html, "<tr><td>"), "one table row per metrics line");

        assertEquals(0, Cli.run("render", latent.toString(), "--every", "5", "--size", "300x200").code());
        assertEquals(0, Cli.run("report", latent.toString()).code());
        html = Files.readString(latent.resolve("report.html"));
        Matcher m = Pattern.compile("data:image/gif;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        assertTrue(m.find(), "the GIF is embedded");
        byte[] gif = Base64.getDecoder().decode(m.group(1));
        assertEquals("GIF89a", new String(gif, 0, 6, java.nio.charset.StandardCharsets.US_ASCII));
        Matcher p = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        assertTrue(p.find());
        assertEquals(Files.size(latent.resolve("fitness.png")), Base64.getDecoder().decode(p.group(1)).length);

        Cli none = Cli.run("report", shared.resolve("missing").toString());
        assertEquals(2, none.code());
    }

    static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }

    static boolean hasColour(BufferedImage img, java.awt.Color c) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    return true;
                }
            }
        }
        return false;
    }
}
