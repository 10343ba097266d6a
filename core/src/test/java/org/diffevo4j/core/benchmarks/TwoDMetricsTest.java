package org.diffevo4j.core.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TwoDMetricsTest {

    @Test
    void entropyOfHandMadeSets() {
        double[][] distinct = new double[64][];
        for (int i = 0; i < 64; i++) {
            distinct[i] = new double[] {(i % 8) * 0.3, (i / 8) * 0.3};
        }
        assertEquals(6.0, TwoDMetrics.entropyBits(distinct), 1e-12);
        double[][] same = new double[64][];
        for (int i = 0; i < 64; i++) {
            // all within one 0.1 cell around (1.0, -2.0)
            same[i] = new double[] {1.0 + 0.04 * Math.sin(i), -2.0 + 0.04 * Math.cos(i)};
        }
        assertEquals(0.0, TwoDMetrics.entropyBits(same), 0.0);
        double[][] halves = new double[64][];
        for (int i = 0; i < 64; i++) {
            halves[i] = i < 32 ? new double[] {0, 0} : new double[] {3, 3};
        }
        assertEquals(1.0, TwoDMetrics.entropyBits(halves), 1e-12);
        // 4 cells with 32, 16, 8, 8 points: H = 1/2 * 1 + 1/4 * 2 + 2 * 1/8 * 3 = 1.75 bits
        double[][] skew = new double[64][];
        for (int i = 0; i < 64; i++) {
            skew[i] = new double[] {i < 32 ? 0 : i < 48 ? 1 : i < 56 ? 2 : 3, 0};
        }
        assertEquals(1.75, TwoDMetrics.entropyBits(skew), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TwoDMetrics.entropyBits(new double[0][]));
    }

    @Test
    void topAndMean() {
        double[] s = {0.1, 0.9, 0.5, 0.7};
        assertArrayEquals(new int[] {1, 3}, TwoDMetrics.top(s, 2));
        assertEquals(0.8, TwoDMetrics.mean(s, TwoDMetrics.top(s, 2)), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> TwoDMetrics.top(s, 5));
    }

    @Test
    void optimaCoveredNeedsFivePercentWithinHalf() {
        List<double[]> optima = TwoDFunction.HIMMELBLAU.optima();
        double[][] pop = new double[100][];
        for (int i = 0; i < 100; i++) {
            pop[i] = new double[] {0, 0}; // far from every minimum
        }
        assertEquals(0, TwoDMetrics.optimaCovered(pop, optima));
        // 5 points (5 %) within 0.5 of (3, 2): covered; 4 points near (-2.8, 3.13): not
        for (int i = 0; i < 5; i++) {
            pop[i] = new double[] {3 + 0.3, 2 - 0.3};
        }
        for (int i = 5; i < 9; i++) {
            pop[i] = new double[] {-2.805118, 3.131312 + 0.49};
        }
        assertEquals(1, TwoDMetrics.optimaCovered(pop, optima));
        pop[9] = new double[] {-2.805118 + 0.1, 3.131312};
        assertEquals(2, TwoDMetrics.optimaCovered(pop, optima));
        // 0.51 away does not count
        pop[9] = new double[] {-2.805118 + 0.51, 3.131312};
        assertEquals(1, TwoDMetrics.optimaCovered(pop, optima));
    }
}
