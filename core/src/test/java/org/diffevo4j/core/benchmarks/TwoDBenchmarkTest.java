package org.diffevo4j.core.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TwoDBenchmarkTest {

    @Test
    void diffusionCoversSeveralHimmelblauMinimaWhereCmaEsCoversOne() {
        // the paper's qualitative result (docs/algorithm.md section 7), on 3 runs instead of 100
        double de = 0;
        for (long seed = 1; seed <= 3; seed++) {
            TwoDBenchmark.Metrics m = TwoDBenchmark.runOnce("diffusion", TwoDFunction.HIMMELBLAU, seed);
            de += m.optimaCovered();
            assertTrue(m.entropy() > 4, "diffusion keeps its best 64 spread: " + m.entropy());
        }
        assertTrue(de / 3 >= 2, "diffusion covered " + de / 3 + " minima on average");
        for (long seed = 1; seed <= 3; seed++) {
            TwoDBenchmark.Metrics m = TwoDBenchmark.runOnce("cmaes", TwoDFunction.HIMMELBLAU, seed);
            assertEquals(1, m.optimaCovered(), "CMA-ES collapses onto one minimum");
            assertTrue(m.fitness() > 0.99, "CMA-ES converges: " + m.fitness());
            assertTrue(m.entropy() < 1, "CMA-ES collapses: " + m.entropy());
        }
    }

    @Test
    void everyBaselineRunsTheProtocolWithinBounds() {
        for (String s : List.of("cmaes", "pepg", "map-elites", "random")) {
            for (TwoDFunction f : TwoDFunction.values()) {
                TwoDBenchmark.Summary sum = TwoDBenchmark.run(s, f, 1, 3);
                assertTrue(sum.fitnessMean() >= 0 && sum.fitnessMean() <= 1, s + " " + f);
                assertTrue(sum.entropyMean() >= 0 && sum.entropyMean() <= 6 + 1e-12, s + " " + f);
                assertTrue(sum.optimaMean() >= 0 && sum.optimaMean() <= f.optima().size(), s + " " + f);
                assertEquals(0, sum.fitnessStd(), 0.0);
            }
        }
    }

    @Test
    void sameSeedSameSummaryAndTableFormat() {
        TwoDBenchmark.Summary a = TwoDBenchmark.run("pepg", TwoDFunction.BEALE, 2, 11);
        TwoDBenchmark.Summary b = TwoDBenchmark.run("pepg", TwoDFunction.BEALE, 2, 11);
        assertEquals(a.fitnessMean(), b.fitnessMean(), 0.0);
        assertEquals(a.entropyStd(), b.entropyStd(), 0.0);
        String table = TwoDBenchmark.markdownTable(List.of(a));
        assertTrue(table.startsWith("| function | strategy |"), table);
        assertTrue(table.contains("| Beale | pepg | 2 |"), table);
    }

    @Test
    void unknownStrategyIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TwoDBenchmark.run("nope", TwoDFunction.BEALE, 1, 1));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("cmaes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TwoDBenchmark.run("cmaes", TwoDFunction.BEALE, 0, 1));
    }

    @Test
    void stdIsThePopulationForm() {
        assertEquals(1.0, TwoDBenchmark.std(new double[] {1, 3}), 1e-15);
        assertEquals(2.0, TwoDBenchmark.mean(new double[] {1, 3}), 1e-15);
    }
}
