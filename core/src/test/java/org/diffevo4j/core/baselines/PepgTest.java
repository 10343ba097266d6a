package org.diffevo4j.core.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.diffevo4j.core.StateRoundTrip;
import org.junit.jupiter.api.Test;

class PepgTest {

    static Pepg.Config config(int n, double sigma0, double eliteRatio, double sigmaDecay, double[] mean) {
        return new Pepg.Config(n, sigma0, 0.2, sigmaDecay, 0.01, 0.2, 0.02, 1.0, 0.0, eliteRatio, true, 0, 50, mean);
    }

    @Test
    void samplesAreSymmetricPairs() {
        Pepg p = new Pepg(config(10, 0.7, 0, 1, new double[] {1, 2, 3}), 3, 1);
        double[][] x = Matrices.rows(p.ask());
        for (int k = 0; k < 5; k++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(2 * (j + 1.0), x[k][j] + x[k + 5][j], 1e-14);
            }
        }
    }

    @Test
    void eliteModeMovesTheMeanToTheEliteAverage() {
        Pepg p = new Pepg(config(20, 1.0, 0.1, 1, null), 2, 2);
        double[][] x = Matrices.rows(p.ask());
        double[] f = new double[20];
        for (int i = 0; i < 20; i++) {
            f[i] = -Math.abs(x[i][0] - 0.3);
        }
        p.tell(f);
        // elite = floor(0.1 * 20) = 2 rows with the best scores
        Integer[] idx = IntStream.range(0, 20).boxed().sorted(Comparator.comparingDouble(i -> -f[i]))
                .toArray(Integer[]::new);
        double[] expect = {(x[idx[0]][0] + x[idx[1]][0]) / 2, (x[idx[0]][1] + x[idx[1]][1]) / 2};
        assertArrayEquals(expect, p.mean(), 1e-15);
    }

    @Test
    void sigmaGrowsWhereWideSamplesScoreBetterAndShrinksWhereNarrowOnesDo() {
        // score rewards distance from the mean along axis 0 and closeness along axis 1
        Pepg p = new Pepg(config(200, 1.0, 0, 1.0, null), 2, 3);
        for (int g = 0; g < 5; g++) {
            double[] before = p.sigma();
            double[][] x = Matrices.rows(p.ask());
            double[] f = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                f[i] = Math.abs(x[i][0]) - Math.abs(x[i][1]);
            }
            p.tell(f);
            double[] after = p.sigma();
            assertTrue(after[0] > before[0] && after[0] <= 1.2 * before[0] + 1e-12, "axis 0: " + before[0] + " -> "
                    + after[0]);
            assertTrue(after[1] < before[1] && after[1] >= 0.8 * before[1] - 1e-12, "axis 1: " + before[1] + " -> "
                    + after[1]);
        }
    }

    @Test
    void sigmaChangeIsClippedToTwentyPercent() {
        // an extreme signal: the sigma step would be far above 20 % without the clip
        Pepg.Config c = new Pepg.Config(400, 1.0, 50.0, 1.0, 0.01, 0.2, 0.02, 1, 0, 0, true, 0, 5, null);
        Pepg p = new Pepg(c, 1, 4);
        double[][] x = Matrices.rows(p.ask());
        double[] f = Arrays.stream(x).mapToDouble(r -> Math.abs(r[0])).toArray();
        p.tell(f);
        assertEquals(1.2, p.sigma()[0], 1e-15);
    }

    @Test
    void gradientModeConvergesOnSphere() {
        Pepg p = new Pepg(new Pepg.Config(50, 0.5, 0.2, 0.999, 0.01, 0.2, 0.05, 0.999, 0.001, 0, true, 0, 400,
                new double[] {2, -2, 1}), 3, 5);
        while (!p.isDone()) {
            double[][] x = Matrices.rows(p.ask());
            p.tell(Arrays.stream(x).mapToDouble(r -> -(r[0] * r[0] + r[1] * r[1] + r[2] * r[2])).toArray());
        }
        double[] m = p.mean();
        assertTrue(m[0] * m[0] + m[1] * m[1] + m[2] * m[2] < 1e-2, Arrays.toString(m));
    }

    @Test
    void rejectsBadConfig() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pepg.Config.of(9, 1, 0, 5)).getMessage()
                .contains("even"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Pepg.Config.of(10, 1, 0.05, 5)).getMessage()
                .contains("eliteRatio"));
    }

    @Test
    void roundTrip() {
        for (double elite : new double[] {0, 0.25}) {
            Pepg.Config c = Pepg.Config.of(8, 0.5, elite, 30);
            StateRoundTrip.check(new Pepg(c, 3, 1), () -> new Pepg(c, 3, 2), 5, 10, true);
        }
    }
}
