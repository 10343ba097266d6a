package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizeCommandTest {

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    private Map<String, Object> onlyCell(Path json) throws Exception {
        Map<String, Object> doc = ConfigFiles.JSON.readValue(Files.readString(json), Map.class);
        List<Map<String, Object>> results = (List<Map<String, Object>>) doc.get("results");
        assertEquals(1, results.size());
        return results.get(0);
    }

    private static double[] values(Map<String, Object> cell, String key) {
        return ((List<?>) cell.get(key)).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    /**
     * The paper's qualitative result on Himmelblau (docs/algorithm.md section 7), with its settings
     * (population 512, 25 generations): CMA-ES collapses onto exactly one of the four minima in every
     * seed (fitness 1, entropy 0), while Diffusion Evolution keeps several alive.
     */
    @Test
    void cmaesCollapsesOntoExactlyOneHimmelblauMinimumInEverySeedWhereDiffusionKeepsSeveral() throws Exception {
        Path out = tmp.resolve("cmaes.json");
        Cli c = Cli.run("optimize", "--function", "himmelblau", "--method", "cmaes", "--seeds", "10", "--out",
                out.toString());
        assertEquals(0, c.code(), c.all());
        assertTrue(c.out().contains("Himmelblau") && c.out().contains("cmaes") && c.out().contains("+-"), c.out());
        Map<String, Object> cell = onlyCell(out);
        double[] optima = values(cell, "optimaCovered");
        double[] entropy = values(cell, "entropy");
        double[] fitness = values(cell, "fitness");
        assertEquals(10, optima.length);
        for (int s = 0; s < optima.length; s++) {
            assertEquals(1.0, optima[s], "seed " + s + " covers exactly one minimum: " + cell);
            assertTrue(entropy[s] < 0.5, "seed " + s + " collapsed (entropy in bits): " + entropy[s]);
            assertTrue(fitness[s] > 0.99, "seed " + s + " sits on the minimum: " + fitness[s]);
        }

        Path de = tmp.resolve("diffusion.json");
        Cli d = Cli.run("optimize", "--function", "himmelblau", "--method", "diffusion", "--seeds", "3", "--out",
                de.toString());
        assertEquals(0, d.code(), d.all());
        for (double v : values(onlyCell(de), "optimaCovered")) {
            assertTrue(v >= 2, "diffusion covers several minima: " + onlyCell(de));
        }
    }

    @Test
    void unknownMethodOrFunctionIsNamed() {
        Cli c = Cli.run("optimize", "--function", "himmelblau", "--method", "gradient-descent");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("gradient-descent") && c.err().contains("cmaes"), c.err());
        c = Cli.run("optimize", "--function", "himmelblau", "--method", "pepg", "--population", "5");
        assertEquals(2, c.code(), c.all());
        // the paper's PEPG keeps the best 10%: 5 individuals leave it none, and the message says so
        assertTrue(c.err().contains("pepg") && c.err().contains("selects no individual") && !c.err().contains("\tat "),
                c.err());
        c = Cli.run("optimize", "--function", "sphere");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("sphere") && c.err().contains("Himmelblau"), c.err());
    }
}
