package org.diffevo4j.core.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.diffevo4j.core.StateRoundTrip;
import org.junit.jupiter.api.Test;

class MapElitesTest {

    static double score(double[] x) {
        return -(x[0] - 0.7) * (x[0] - 0.7) - (x[1] + 1.2) * (x[1] + 1.2);
    }

    @Test
    void archiveHoldsTheBestOfEveryCellEverTold() {
        MapElites me = new MapElites(new MapElites.Config(50, 20, 2.0, 0.6, 1.0, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, 15), 2, 3);
        // an independent record: best score per integer lattice cell over every told point
        Map<List<Long>, Double> best = new HashMap<>();
        int told = 0;
        while (!me.isDone()) {
            double[][] x = Matrices.rows(me.ask());
            assertEquals(me.generation() == 0 ? 50 : 20, x.length);
            double[] f = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                f[i] = score(x[i]);
                best.merge(List.of(Math.round(x[i][0]), Math.round(x[i][1])), f[i], Math::max);
            }
            me.tell(f);
            told += x.length;
        }
        assertEquals(50 + 14 * 20, told);
        assertEquals(best.size(), me.filledCells());
        for (MapElites.Elite e : me.archive()) {
            double[] g = e.genome();
            assertEquals(best.get(List.of(Math.round(g[0]), Math.round(g[1]))), e.fitness(), 0.0);
            assertEquals(score(g), e.fitness(), 0.0);
            assertArrayEquals(new long[] {Math.round(g[0]), Math.round(g[1])}, e.cell());
        }
        double top = best.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(top, me.best().fitness(), 0.0);
    }

    @Test
    void cellsRoundHalfToEvenLikeNumpy() {
        MapElites me = new MapElites(MapElites.Config.defaults(), 3, 1);
        assertArrayEquals(new long[] {0, 2, -2}, me.cellOf(new double[] {0.5, 1.5, -2.5}));
        MapElites half = new MapElites(new MapElites.Config(4, 4, 1, 0.1, 0.5, -1, 1, 3), 2, 1);
        // cell size 0.5 and clamping to [-1, 1]: 0.74 / 0.5 = 1.48 -> 1; 30 -> clamp 1 -> 2
        assertArrayEquals(new long[] {1, 2}, half.cellOf(new double[] {0.74, 30}));
        assertArrayEquals(new long[] {-2, 0}, half.cellOf(new double[] {-7, 0.2}));
    }

    @Test
    void singleCellArchiveKeepsOnlyTheBestAndMutatesIt() {
        // a constant descriptor puts everything in one cell: the archive is a (1 + lambda) elitist ES
        MapElites me = new MapElites(new MapElites.Config(10, 2000, 1.0, 0.25, 1.0, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, 3), 2, 4, g -> new double[] {0});
        double[][] x0 = Matrices.rows(me.ask());
        double[] f0 = new double[x0.length];
        int arg = 0;
        for (int i = 0; i < x0.length; i++) {
            f0[i] = score(x0[i]);
            if (f0[i] > f0[arg]) {
                arg = i;
            }
        }
        me.tell(f0);
        assertEquals(1, me.filledCells());
        assertArrayEquals(x0[arg], me.archive().get(0).genome(), 0.0);
        double[][] kids = Matrices.rows(me.ask());
        // every child is the one elite plus N(0, 0.25^2) noise
        double sum = 0;
        double sq = 0;
        for (double[] k : kids) {
            for (int j = 0; j < 2; j++) {
                double dlt = k[j] - x0[arg][j];
                sum += dlt;
                sq += dlt * dlt;
            }
        }
        int m = kids.length * 2;
        assertEquals(0, sum / m, 0.02);
        assertEquals(0.25, Math.sqrt(sq / m), 0.01);
    }

    @Test
    void initialPopulationIsCentredGaussianWithSigmaInit() {
        MapElites me = new MapElites(new MapElites.Config(4000, 1, 4.0, 0.5, 1.0, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, 2), 2, 5);
        double[][] x = Matrices.rows(me.ask());
        double sum = 0;
        double sq = 0;
        for (double[] r : x) {
            sum += r[0] + r[1];
            sq += r[0] * r[0] + r[1] * r[1];
        }
        assertEquals(0, sum / 8000, 0.15);
        assertEquals(4.0, Math.sqrt(sq / 8000), 0.1);
    }

    @Test
    void eliteAtFindsTheCell() {
        MapElites me = new MapElites(MapElites.Config.defaults(), 2, 6);
        double[][] x = Matrices.rows(me.ask());
        double[] f = Arrays.stream(x).mapToDouble(MapElitesTest::score).toArray();
        me.tell(f);
        assertNull(me.eliteAt(new double[] {1000, 1000}));
        MapElites.Elite e = me.eliteAt(x[0]);
        assertArrayEquals(me.cellOf(x[0]), e.cell());
        assertTrue(e.fitness() >= f[0]);
    }

    @Test
    void paperSettingHas25GenerationsOf256() {
        MapElites me = new MapElites(MapElites.Config.paper2d(), 2, 7);
        int evals = 0;
        while (!me.isDone()) {
            double[][] x = Matrices.rows(me.ask());
            evals += x.length;
            me.tell(Arrays.stream(x).mapToDouble(MapElitesTest::score).toArray());
        }
        assertEquals(25 * 256, evals);
    }

    @Test
    void rejectsBadConfigAndDescriptors() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MapElites.Config(0, 1, 1, 1, 1, -1, 1, 1))
                .getMessage().contains("initialPopulation"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MapElites.Config(1, 1, 1, 1, 1, 1, -1, 1))
                .getMessage().contains("descriptorLow"));
        MapElites me = new MapElites(MapElites.Config.defaults(), 2, 8, g -> new double[0]);
        int n = me.ask().rows();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> me.tell(new double[n]));
        assertTrue(e.getMessage().contains("descriptor"));
    }

    @Test
    void roundTrip() {
        MapElites.Config c = new MapElites.Config(12, 6, 1.0, 0.3, 0.5, -3, 3, 20);
        StateRoundTrip.check(new MapElites(c, 3, 1), () -> new MapElites(c, 3, 2), 4, 10, true);
    }
}
