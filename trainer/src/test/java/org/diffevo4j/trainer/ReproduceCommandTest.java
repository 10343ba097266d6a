package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.diffevo4j.agents.protocol.ProtocolConfig;
import org.diffevo4j.core.Strategies;
import org.diffevo4j.core.baselines.CmaEs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceCommandTest {

    @TempDir
    Path tmp;

    private static final Set<String> RL_KEYS = Set.of("suite", "env", "method", "scaling", "seeds", "return_mean",
            "return_std", "success_rate", "seconds", "steps", "curves", "goal_rate");
    private static final Set<String> TWO_D_KEYS = Set.of("suite", "function", "method", "seeds", "fitness", "entropy",
            "optima_covered", "seconds", "population_fitness");

    private static Cli tiny(Path out, String threads) {
        return Cli.run("reproduce", "all", "--seeds", "2", "--seed", "5", "--envs", "CartPole-v1", "--functions",
                "himmelblau", "--methods", "diffusion,cmaes", "--rl-population", "32", "--rl-steps", "4", "--threads",
                threads, "--out", out.toString());
    }

    private static void perSeedNumbers(JsonNode r, String key, int n) {
        JsonNode a = r.get(key);
        assertTrue(a.isArray() && a.size() == n, key + " per seed: " + r);
        for (JsonNode v : a) {
            assertTrue(v.isNumber(), key + ": " + r);
        }
    }

    @Test
    void tinyConfigurationOfBothSuitesWritesTheSchemaTheTablesAndReadablePngs() throws Exception {
        Path out = tmp.resolve("repro");
        Cli c = tiny(out, "2");
        assertEquals(0, c.code(), c.all());
        assertTrue(c.out().contains("4 cells x 2 seeds"), c.out());

        JsonNode root = ConfigFiles.JSON.readTree(Files.readString(out.resolve("results.json")));
        JsonNode results = root.get("results");
        assertEquals(4, results.size(), root.toString());
        int rl = 0;
        int twoD = 0;
        for (JsonNode r : results) {
            Set<String> keys = new TreeSet<>();
            r.fieldNames().forEachRemaining(keys::add);
            assertTrue(r.get("seeds").isArray() && r.get("seeds").get(0).asLong() == 5 && r.get("seeds").get(1)
                    .asLong() == 6, r.toString());
            if (r.get("suite").asText().equals("rl")) {
                rl++;
                assertEquals(new TreeSet<>(RL_KEYS), keys);
                assertEquals("CartPole-v1", r.get("env").asText());
                assertEquals(1.0, r.get("scaling").asDouble());
                for (String k : List.of("return_mean", "return_std", "success_rate", "seconds")) {
                    perSeedNumbers(r, k, 2);
                }
                assertEquals(2, r.get("curves").size());
                assertEquals(4, r.get("curves").get(0).size(), "one value per step: " + r);
            } else {
                twoD++;
                assertEquals("2d", r.get("suite").asText());
                assertEquals(new TreeSet<>(TWO_D_KEYS), keys);
                assertEquals("himmelblau", r.get("function").asText());
                for (String k : List.of("fitness", "entropy", "optima_covered", "seconds", "population_fitness")) {
                    perSeedNumbers(r, k, 2);
                }
            }
            assertTrue(Set.of("diffusion", "cmaes").contains(r.get("method").asText()), r.toString());
        }
        assertEquals(2, rl);
        assertEquals(2, twoD);

        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## RL suite") && md.contains("| env | diffusion | cmaes |"), md);
        assertTrue(md.contains("| CartPole-v1 |") && md.contains("[482.9 (73.2), 92.5 %]"), md);
        assertTrue(md.contains("## 2-D suite") && md.contains("| himmelblau | diffusion |") && md.contains("[> 5]"), md);
        assertTrue(md.contains("differs from the paper's by more than their noise")
                && md.contains("differ from the paper's value or bound by more than their noise"), md);
        assertTrue(md.contains("elitist, as the paper (pycma with CMA_elitist=True)") && !md.contains("not elitist"),
                md);

        int[] size2d = SuiteFigures.twoDSize(2);
        png(out.resolve("2d-himmelblau.png"), size2d[0], size2d[1]);
        png(out.resolve("rl-CartPole-v1.png"), SuiteFigures.RL_WIDTH, SuiteFigures.RL_HEIGHT);

        // the same numbers with another thread count; CompareCommand reads the folder
        Path again = tmp.resolve("again");
        assertEquals(0, tiny(again, "1").code());
        assertEquals(numbers(root), numbers(ConfigFiles.JSON.readTree(Files.readString(again.resolve("results.json")))));
        Cli cmp = Cli.run("compare", out.toString(), "--out", tmp.resolve("cmp.png").toString());
        assertEquals(0, cmp.code(), cmp.all());

        // an existing non-empty folder is refused without --force
        Cli refused = tiny(out, "2");
        assertEquals(2, refused.code(), refused.all());
        assertTrue(refused.err().contains("--force"), refused.err());
    }

    /** Every record without its timings. */
    private static List<String> numbers(JsonNode root) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : root.get("results")) {
            com.fasterxml.jackson.databind.node.ObjectNode o = r.deepCopy();
            o.remove("seconds");
            out.add(o.toString());
        }
        return out;
    }

    private static void png(Path file, int width, int height) throws Exception {
        assertTrue(Files.isRegularFile(file), file.toString());
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " is a readable PNG");
        assertEquals(width, img.getWidth(), file.toString());
        assertEquals(height, img.getHeight(), file.toString());
    }

    @Test
    void userMistakesAreUserErrors() {
        Cli bad = Cli.run("reproduce", "nope", "--out", tmp.resolve("x").toString());
        assertEquals(2, bad.code(), bad.all());
        Cli env = Cli.run("reproduce", "rl", "--envs", "Nope-v0", "--out", tmp.resolve("y").toString());
        assertEquals(2, env.code(), env.all());
        assertTrue(env.err().contains("CartPole-v1"), env.err());
        Cli method = Cli.run("reproduce", "rl", "--methods", "openes", "--out", tmp.resolve("z").toString());
        assertEquals(2, method.code(), method.all());
    }

    /** The RL suite's CMA-ES cell is the paper's: elitist (pycma's CMA_elitist), sigma0 = scaling. */
    @Test
    void rlSuiteRunsCmaEsElitist() {
        ProtocolConfig c = RlSuite.config("CartPole-v1", "cmaes", 0, 1.0, null, null);
        assertEquals("true", c.strategyOptions().get("elitist"));
        CmaEs es = (CmaEs) Strategies.create("cmaes", 58, 0, c.strategyOptions());
        assertTrue(es.config().elitist());
        assertTrue(es.config().active(), "pycma's default CMA_active=True");
        assertEquals(1.0, es.config().sigma0());
        assertEquals(256, c.populationSize());
        assertEquals(10, c.steps());
    }
}
