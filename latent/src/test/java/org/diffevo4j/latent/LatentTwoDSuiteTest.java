package org.diffevo4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffevo4j.core.benchmarks.TwoDFunction;
import org.diffevo4j.core.benchmarks.TwoDSuite;
import org.junit.jupiter.api.Test;

/** Latent Space Diffusion Evolution in the 2-D suite's high-dimensional rows (docs/algorithm.md section 7). */
class LatentTwoDSuiteTest {

    @Test
    void latentVariantIsInTheSuiteAndRunsInFullDimension() {
        assertTrue(TwoDSuite.methods().contains("latent-diffusion"));
        TwoDSuite.Cell one = TwoDSuite.cell(TwoDFunction.RASTRIGIN_32D, "latent-diffusion", new long[] {1, 2}, 1);
        TwoDSuite.Cell two = TwoDSuite.cell(TwoDFunction.RASTRIGIN_32D, "latent-diffusion", new long[] {1, 2}, 2);
        for (int i = 0; i < 2; i++) {
            TwoDSuite.Run a = one.runs().get(i);
            assertEquals(512, a.positions().length);
            assertEquals(32, a.positions()[0].length);
            assertEquals(a.fitness(), two.runs().get(i).fitness(), 0);
            assertArrayEquals(a.positions()[7], two.runs().get(i).positions()[7], 0);
            // the latent kernel keeps a signal where full-space diffusion, whose initial 32-d population
            // lies outside the box, sees g = 0 everywhere
            assertTrue(a.fitness() > 0.1, "latent top-64 fitness in 32-d: " + a.fitness());
        }
        TwoDSuite.Run full = TwoDSuite.run(TwoDFunction.RASTRIGIN_32D, "diffusion", 1);
        assertTrue(full.fitness() < 0.01, "full-space top-64 fitness in 32-d: " + full.fitness());
    }
}
