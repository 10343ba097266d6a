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

    /**
     * Under the paper's protocol the optimisers that follow the scores end with a top-64 fitness far
     * above random search's on Himmelblau (measured, seeds 1 and 2: Diffusion Evolution 0.94-0.97,
     * CMA-ES 1.0, OpenES 0.71-0.73, random search 0.31-0.33). With the order of the scores reversed
     * (a wrong sign in the update) none of them reaches the bound.
     */
    @Test
    void optimisersEndFarAboveRandomSearchOnHimmelblau() {
        for (long seed = 1; seed <= 2; seed++) {
            double random = TwoDBenchmark.runOnce("random", TwoDFunction.HIMMELBLAU, seed).fitness();
            for (String s : List.of("diffusion", "cmaes", "openes")) {
                double f = TwoDBenchmark.runOnce(s, TwoDFunction.HIMMELBLAU, seed).fitness();
                assertTrue(f >= 2 * random, s + " seed " + seed + ": top-64 fitness " + f + ", random search's " + random);
            }
        }
    }

    @Test
    void sameSeedSameMetrics() {
        TwoDBenchmark.Metrics a = TwoDBenchmark.runOnce("pepg", TwoDFunction.BEALE, 11);
        TwoDBenchmark.Metrics b = TwoDBenchmark.runOnce("pepg", TwoDFunction.BEALE, 11);
        assertEquals(a, b);
    }

    @Test
    void unknownStrategyIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TwoDBenchmark.runOnce("nope", TwoDFunction.BEALE, 1));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("cmaes"), e.getMessage());
    }
}
