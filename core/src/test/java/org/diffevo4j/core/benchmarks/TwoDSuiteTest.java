package org.diffevo4j.core.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.diffevo4j.core.DiffusionConfig;
import org.diffevo4j.core.DiffusionEvolution;
import org.junit.jupiter.api.Test;

/**
 * The 2-D suite (docs/algorithm.md section 7): the paper's qualitative result on Himmelblau, runs in
 * the function's own dimension, the metrics on the right individuals, and determinism over threads.
 */
class TwoDSuiteTest {

    private static final long[] SEEDS = {0, 1, 2};

    @Test
    void onHimmelblauTheBaselinesCollapseWhileDiffusionKeepsSeveralMinima() {
        for (String m : List.of("cmaes", "openes", "pepg")) {
            TwoDSuite.Cell c = TwoDSuite.cell(TwoDFunction.HIMMELBLAU, m, SEEDS, 2);
            for (TwoDSuite.Run r : c.runs()) {
                assertTrue(r.entropy() < 1, m + " seed " + r.seed() + ": top-64 entropy " + r.entropy());
                assertTrue(r.fitness() > 0.99, m + " seed " + r.seed() + ": fitness " + r.fitness());
                assertEquals(1, r.optimaCovered(), m + " seed " + r.seed());
            }
        }
        TwoDSuite.Cell de = TwoDSuite.cell(TwoDFunction.HIMMELBLAU, "diffusion", SEEDS, 2);
        for (TwoDSuite.Run r : de.runs()) {
            assertTrue(r.entropy() > 5, "diffusion seed " + r.seed() + ": top-64 entropy " + r.entropy());
            assertTrue(r.optimaCovered() >= 2, "diffusion seed " + r.seed() + ": covers " + r.optimaCovered());
            assertTrue(r.fitness() > 0.9, "diffusion seed " + r.seed() + ": fitness " + r.fitness());
            assertEquals(512, r.positions().length);
        }
        // MAP-Elites keeps its entropy at a low fitness
        TwoDSuite.Run me = TwoDSuite.run(TwoDFunction.HIMMELBLAU, "map-elites", 0);
        assertTrue(me.entropy() > 5.5 && me.fitness() < 0.5, me.toString());
    }

    @Test
    void sameNumbersWhateverTheThreadCount() {
        long[] seeds = {3, 4, 5, 6, 7};
        for (String m : List.of("diffusion", "pepg", "map-elites")) {
            TwoDSuite.Cell one = TwoDSuite.cell(TwoDFunction.ACKLEY, m, seeds, 1);
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            TwoDSuite.Cell three = TwoDSuite.cell(TwoDFunction.ACKLEY, m, seeds, 3, TwoDBenchmark.Settings.PAPER, true,
                    r -> done.incrementAndGet());
            assertEquals(seeds.length, done.get());
            assertArrayEquals(seeds, three.seeds());
            for (int i = 0; i < seeds.length; i++) {
                TwoDSuite.Run a = one.runs().get(i);
                TwoDSuite.Run b = three.runs().get(i);
                assertEquals(seeds[i], b.seed());
                assertEquals(a.fitness(), b.fitness(), 0, m);
                assertEquals(a.entropy(), b.entropy(), 0, m);
                assertEquals(a.optimaCovered(), b.optimaCovered(), m);
                assertEquals(a.populationFitness(), b.populationFitness(), 0, m);
                for (int k = 0; k < a.positions().length; k++) {
                    assertArrayEquals(a.positions()[k], b.positions()[k], 0, m);
                }
            }
        }
    }

    @Test
    void highDimensionalRowsRunInTheirOwnDimension() {
        assertEquals(List.of("rosenbrock", "beale", "himmelblau", "ackley", "rastrigin", "rastrigin-4d", "rastrigin-32d",
                "rastrigin-256d"), TwoDSuite.functions().stream().map(TwoDFunction::key).toList());
        assertEquals(TwoDFunction.RASTRIGIN_32D, TwoDFunction.of("rastrigin-32d"));
        for (String m : List.of("diffusion", "cmaes", "openes", "pepg", "map-elites")) {
            TwoDSuite.Run r = TwoDSuite.run(TwoDFunction.RASTRIGIN_4D, m, 1);
            for (double[] p : r.positions()) {
                assertEquals(4, p.length, m);
            }
            assertTrue(r.fitness() > 0 && r.fitness() <= 1, m + ": " + r.fitness());
        }
        TwoDSuite.Run r = TwoDSuite.run(TwoDFunction.RASTRIGIN_32D, "pepg", 1);
        assertEquals(32, r.positions()[0].length);
        assertEquals(512, r.positions().length);
        // the 256-d row: population width 256 (a short run)
        TwoDSuite.Run wide = TwoDSuite.run(TwoDFunction.RASTRIGIN_256D, "cmaes", 1,
                new TwoDBenchmark.Settings(64, 3, 1.0), true);
        assertEquals(256, wide.positions()[0].length);
    }

    @Test
    void highDimensionalRastriginIsTheSumForm() {
        double[] p = new double[32];
        java.util.Arrays.fill(p, TwoDFunction.RASTRIGIN_CORNER);
        // the maximum in the box: 32 * 32.3124 = 1033.998; g = 1 there
        assertEquals(1033.998, TwoDFunction.RASTRIGIN_32D.raw(p), 1e-3);
        assertEquals(1.0, TwoDFunction.RASTRIGIN_32D.fitness(p), 1e-6);
        p[5] = 4.01;
        assertEquals(1e-9, TwoDFunction.RASTRIGIN_32D.objective(p));
        assertEquals(0.0, TwoDFunction.RASTRIGIN_32D.fitness(p), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> TwoDFunction.RASTRIGIN_4D.objective(new double[2]));
        assertEquals(16, TwoDFunction.RASTRIGIN_4D.optima().size());
        assertThrows(IllegalStateException.class, TwoDFunction.RASTRIGIN_256D::optima);
    }

    @Test
    void metricsUseTheRightIndividuals() {
        // Diffusion Evolution: fitness from the last x0 estimate, entropy and coverage from the final x
        DiffusionEvolution de = new DiffusionEvolution(new DiffusionConfig(512, 25, "cosine", 0.1, "identity", 4.0), 2,
                9);
        TwoDBenchmark.Outcome o = TwoDBenchmark.run(de, TwoDFunction.HIMMELBLAU, 1.0);
        double[][] x = de.populationRows();
        double[][] x0 = de.lastX0Rows();
        assertEquals(x.length, o.positions().length);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(x[i], o.positions()[i], 0);
        }
        double[] g0 = new double[x0.length];
        for (int i = 0; i < g0.length; i++) {
            g0[i] = TwoDFunction.HIMMELBLAU.fitness(x0[i]);
        }
        int[] top = TwoDMetrics.top(g0, 64);
        assertEquals(TwoDMetrics.mean(g0, top), o.fitness(), 1e-12);
        double[][] chosen = new double[64][];
        for (int i = 0; i < 64; i++) {
            chosen[i] = x[top[i]];
        }
        assertEquals(TwoDMetrics.entropyBits(chosen), o.entropy(), 0);
        assertEquals(TwoDMetrics.optimaCovered(x, TwoDFunction.HIMMELBLAU.optima()), o.optimaCovered());
    }

    @Test
    void entropyCellsAreRoundTenXHalfToEven() {
        // 10 * 0.15 = 1.5 -> 2 and 10 * 0.05 = 0.5 -> 0: two cells, 1 bit
        assertEquals(1.0, TwoDMetrics.entropyBits(new double[][] {{0.05, 0}, {0.15, 0}}), 1e-12);
        // 0.5 -> 0 and -0.5 -> -0: one cell
        assertEquals(0.0, TwoDMetrics.entropyBits(new double[][] {{0.05, 0}, {-0.05, 0}}), 1e-12);
        // d-dimensional cells
        assertEquals(1.0, TwoDMetrics.entropyBits(new double[][] {{0, 0, 0, 0}, {0, 0, 0, 0.2}}), 1e-12);
    }

    @Test
    void cornerOptimaAreCountedInAnyDimension() {
        double c = TwoDFunction.RASTRIGIN_CORNER;
        double[][] pop = new double[100][32];
        for (int i = 0; i < 100; i++) {
            java.util.Arrays.fill(pop[i], c);
            if (i < 10) {
                pop[i][0] = -c + 0.1; // 10 % near a second corner
            } else if (i < 14) {
                pop[i][3] = -c; // 4 %: too few
            } else if (i < 30) {
                pop[i][7] = 0; // far from every corner
            }
        }
        assertEquals(2, TwoDMetrics.optimaCovered(pop, TwoDFunction.RASTRIGIN_32D));
        // 2-D: the same as the listed corners
        double[][] two = {{c, c}, {-c, c}, {3, 3}};
        assertEquals(TwoDMetrics.optimaCovered(two, TwoDFunction.RASTRIGIN.optima()),
                TwoDMetrics.optimaCovered(two, TwoDFunction.RASTRIGIN));
    }

    @Test
    void heatMapGrid() {
        double[][] g = TwoDSuite.grid(TwoDFunction.HIMMELBLAU, 81);
        assertEquals(81, g.length);
        // (3, 2) is a minimum: column 70, row 60 at spacing 0.1
        assertEquals(1.0, g[60][70], 1e-12);
        assertEquals(TwoDFunction.HIMMELBLAU.fitness(new double[] {-4, 4}), g[80][0], 0);
        assertEquals(81, TwoDSuite.grid(TwoDFunction.RASTRIGIN_32D, 81)[0].length);
        assertThrows(IllegalArgumentException.class, () -> TwoDSuite.cell(TwoDFunction.BEALE, "sphere", SEEDS, 1));
    }
}
