package org.diffevo4j.core.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffevo4j.core.Rng;
import org.diffevo4j.core.StateRoundTrip;
import org.junit.jupiter.api.Test;

class OpenEsTest {

    static OpenEs.Config config(int n, double sigma, double sigmaDecay, double lr, double[] mean, int gens) {
        return new OpenEs.Config(n, sigma, sigmaDecay, 0.01, lr, 1.0, 0.0, 0.9, 0.999, 1e-8, 0.0, true, true, gens,
                mean);
    }

    @Test
    void mirroredSamplesAreExactlyAntitheticAroundTheOrigin() {
        OpenEs es = new OpenEs(config(8, 0.3, 1, 0.05, null, 10), 4, 1);
        double[][] x = Matrices.rows(es.ask());
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(-x[i][j], x[i + 4][j], 0.0);
            }
        }
        OpenEs shifted = new OpenEs(config(8, 0.3, 1, 0.05, new double[] {1, -2, 3, 100}, 10), 4, 1);
        double[][] y = Matrices.rows(shifted.ask());
        for (int i = 0; i < 4; i++) {
            assertEquals(1 * 2, y[i][0] + y[i + 4][0], 1e-14);
            assertEquals(100 * 2, y[i][3] + y[i + 4][3], 1e-12);
        }
    }

    @Test
    void centredRanksByHand() {
        assertArrayEquals(new double[] {0.5, -0.5, 0.0}, BaselineSupport.centredRanks(new double[] {3, 1, 2}), 0);
        // ties share their mean rank: sorted 0, 1, 1, 5 -> ranks 0, 1.5, 1.5, 3 -> /3 - 0.5
        assertArrayEquals(new double[] {0, 0, 0.5, -0.5}, BaselineSupport.centredRanks(new double[] {1, 1, 5, 0}),
                1e-15);
        Rng rng = new Rng(4);
        for (int n : new int[] {2, 7, 64, 513}) {
            double[] f = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = rng.nextGaussian() * 1e6;
            }
            double[] r = BaselineSupport.centredRanks(f);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += r[i];
                assertTrue(r[i] >= -0.5 && r[i] <= 0.5);
                for (int k = 0; k < n; k++) {
                    assertEquals(Double.compare(f[i], f[k]), Double.compare(r[i], r[k]), "order kept");
                }
            }
            assertEquals(0, sum, 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> BaselineSupport.centredRanks(new double[] {1}));
    }

    @Test
    void firstAdamStepMovesTheMeanByTheLearningRateTowardsTheBetterTwin() {
        // one pair: ranks +0.5 / -0.5 give g = eps / (2 sigma); Adam's first bias-corrected step is
        // lr * g / (|g| + 1e-8) = lr * sign(eps) per coordinate
        OpenEs es = new OpenEs(config(2, 0.5, 1, 0.05, null, 10), 3, 2);
        double[][] x = Matrices.rows(es.ask());
        es.tell(new double[] {1.0, 0.0});
        double[] m = es.mean();
        for (int j = 0; j < 3; j++) {
            assertEquals(0.05 * Math.signum(x[0][j]), m[j], 1e-8);
        }
    }

    @Test
    void sigmaAndLearningRateDecayToTheirLimits() {
        OpenEs es = new OpenEs(new OpenEs.Config(4, 1.0, 0.5, 0.2, 0.1, 0.5, 0.03, 0.9, 0.999, 1e-8, 0, true, true, 10,
                null), 2, 3);
        double[] expectSigma = {0.5, 0.25, 0.2, 0.2};
        double[] expectLr = {0.05, 0.03, 0.03, 0.03};
        for (int g = 0; g < 4; g++) {
            es.tell(StateRoundTrip.evaluate(es.ask()));
            assertEquals(expectSigma[g], es.sigma(), 0);
            assertEquals(expectLr[g], es.learningRate(), 0);
        }
    }

    @Test
    void weightDecayPullsTowardsTheOrigin() {
        // with a flat score the search gradient is zero and only the decay term -wd * mean remains
        OpenEs es = new OpenEs(new OpenEs.Config(4, 0.1, 1, 0, 0.01, 1, 0, 0.9, 0.999, 1e-8, 0.5, true, false, 5,
                new double[] {2, -3}), 2, 3);
        es.ask();
        es.tell(new double[] {1, 1, 1, 1});
        assertEquals(2 - 0.01, es.mean()[0], 1e-9);
        assertEquals(-3 + 0.01, es.mean()[1], 1e-9);
    }

    @Test
    void rejectsOddPopulationWhenMirrored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenEs.Config.of(7, 0.1, 10));
        assertTrue(e.getMessage().contains("even"));
    }

    @Test
    void roundTrip() {
        OpenEs.Config c = OpenEs.Config.of(6, 0.2, 30);
        StateRoundTrip.check(new OpenEs(c, 3, 1), () -> new OpenEs(c, 3, 2), 5, 10, true);
    }
}
