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

    @Test
    void printsTheTableAndWritesPerSeedJson() throws Exception {
        Path out = tmp.resolve("r.json");
        Cli c = Cli.run("optimize", "--function", "himmelblau", "--method", "cmaes", "--seeds", "3", "--population", "64",
                "--steps", "10", "--out", out.toString());
        assertEquals(0, c.code(), c.all());
        assertTrue(c.out().contains("Himmelblau") && c.out().contains("cmaes") && c.out().contains("+-"), c.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = ConfigFiles.JSON.readValue(Files.readString(out), Map.class);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) doc.get("results");
        assertEquals(1, results.size());
        Map<String, Object> cell = results.get(0);
        assertEquals(3, ((List<?>) cell.get("fitness")).size());
        assertEquals(3, ((List<?>) cell.get("optimaCovered")).size());
        for (Object o : (List<?>) cell.get("optimaCovered")) {
            double v = ((Number) o).doubleValue();
            assertTrue(v >= 0 && v <= 4 && v == Math.rint(v), "a count of Himmelblau's four minima: " + cell);
        }
    }

    @Test
    void unknownMethodOrFunctionIsNamed() {
        Cli c = Cli.run("optimize", "--function", "himmelblau", "--method", "gradient-descent");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("gradient-descent") && c.err().contains("cmaes"), c.err());
        c = Cli.run("optimize", "--function", "sphere");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("sphere") && c.err().contains("Himmelblau"), c.err());
    }
}
