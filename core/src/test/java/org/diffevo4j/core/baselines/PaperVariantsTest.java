package org.diffevo4j.core.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.diffevo4j.core.Rng;
import org.diffevo4j.core.StateRoundTrip;
import org.junit.jupiter.api.Test;

/**
 * The baselines in the variants the Diffusion Evolution paper ran on its 2-D benchmarks
 * (docs/algorithm.md section 7), each update checked against a computation by hand.
 */
class PaperVariantsTest {

    @Test
    void openEsPaperConfigIsThePapers() {
        OpenEs.Config c = OpenEs.Config.paper2d();
        assertEquals(512, c.populationSize());
        assertEquals(4.0, c.sigma0());
        assertEquals(1000, c.generations());
        assertEquals(1000.0, c.learningRate());
        assertEquals(Math.pow(0.01, 1e-3), c.sigmaDecay(), 1e-15);
        assertEquals(Math.pow(1e-5, 1e-3), c.learningRateDecay(), 1e-15);
        assertEquals(OpenEs.Config.MOMENTUM, c.optimizer());
        assertTrue(c.rawScores());
        assertTrue(!c.antithetic());
        assertEquals(0.0, c.weightDecay());
        // the general-purpose defaults stay evosax's
        assertEquals(OpenEs.Config.ADAM, OpenEs.Config.defaults().optimizer());
        assertTrue(!OpenEs.Config.defaults().rawScores());
    }

    @Test
    void openEsPaperStepsFollowRawGradientMomentumAndDecays() {
        int n = 6;
        int gens = 10;
        OpenEs es = new OpenEs(OpenEs.Config.paper2d(n, gens), 2, 3);
        double sigma = 4;
        double lr = 1000;
        double[] theta = {0, 0};
        double[] v = {0, 0};
        for (int step = 0; step < 3; step++) {
            double[][] x = es.askRows();
            assertEquals(n, x.length);
            // no mirrored pairs
            assertNotEquals(2 * theta[0], x[0][0] + x[n / 2][0], 1e-9);
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = 0.1 * (i + 1) + 0.05 * x[i][0]; // any raw scores, some negative
            }
            double[] grad = new double[2];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 2; j++) {
                    double eps = (x[i][j] - theta[j]) / sigma;
                    grad[j] += g[i] * eps / n / sigma;
                }
            }
            for (int j = 0; j < 2; j++) {
                v[j] = 0.9 * v[j] + 0.1 * grad[j];
                theta[j] += lr * v[j];
            }
            sigma *= Math.pow(0.01, 1.0 / gens);
            lr *= Math.pow(1e-5, 1.0 / gens);
            es.tell(g);
            assertArrayEquals(theta, es.mean(), 1e-9 * (1 + Math.abs(theta[0]) + Math.abs(theta[1])));
            assertEquals(sigma, es.sigma(), 1e-12);
            assertEquals(lr, es.learningRate(), 1e-9);
        }
        // a momentum run restores exactly from its state (velocity included)
        StateRoundTrip.check(new OpenEs(OpenEs.Config.paper2d(8, 6), 3, 1), () -> new OpenEs(OpenEs.Config.paper2d(8, 6),
                3, 2), 2, 4, true);
    }

    @Test
    void pepgPaperConfigIsEstoolsEliteMode() {
        Pepg.Config c = Pepg.Config.paper2d();
        assertEquals(512, c.populationSize());
        assertEquals(4.0, c.sigma0());
        assertEquals(0.1, c.eliteRatio());
        assertEquals(0.2, c.sigmaLearningRate());
        assertEquals(0.2, c.sigmaMaxChange());
        assertEquals(0.01, c.sigmaLimit());
        assertEquals(Math.pow(0.01, 1.0 / 25), c.sigmaDecay(), 1e-15);
        assertEquals(0.01, c.l2Penalty());
        assertTrue(c.ordinalRanks() && c.centredRanks());
        assertEquals(25, c.generations());
        assertEquals(0.0, Pepg.Config.defaults().l2Penalty());
    }

    @Test
    void pepgPaperStepMatchesEstool() {
        int n = 20;
        int pairs = n / 2;
        Pepg p = new Pepg(Pepg.Config.paper2d(n, 25), 2, 5);
        double[][] x = p.askRows();
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = Math.exp(-Math.abs(x[i][0] - 1)); // raw g
        }
        g[3] = g[4]; // a tie, ranked in index order
        // estool: centred ranks of g, then -0.01 * mean_k x_k^2
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(g[a], g[b]));
        double[] r = new double[n];
        for (int k = 0; k < n; k++) {
            r[order[k]] = (double) k / (n - 1) - 0.5;
        }
        assertEquals(r[3] + 1.0 / (n - 1), r[4], 1e-15);
        for (int i = 0; i < n; i++) {
            r[i] -= 0.01 * (x[i][0] * x[i][0] + x[i][1] * x[i][1]) / 2;
        }
        // mean <- mean + average perturbation of the int(0.1 n) = 2 best by r
        Integer[] best = new Integer[n];
        for (int i = 0; i < n; i++) {
            best[i] = i;
        }
        Arrays.sort(best, (a, b) -> Double.compare(r[b], r[a]));
        double[] mu = new double[2];
        for (int j = 0; j < 2; j++) {
            mu[j] = (x[best[0]][j] + x[best[1]][j]) / 2;
        }
        // sigma: PEPG rule with baseline mean(r), rate 0.2, change capped at 0.2 sigma, then the decay
        double b = Arrays.stream(r).average().orElseThrow();
        double[] sigma = new double[2];
        for (int j = 0; j < 2; j++) {
            double s = 4.0;
            double delta = 0;
            for (int k = 0; k < pairs; k++) {
                double eps = x[k][j];
                delta += ((r[k] + r[k + pairs]) / 2 - b) * (eps * eps - s * s) / s;
            }
            delta /= 2 * pairs;
            double change = Math.max(-0.2 * s, Math.min(0.2 * s, 0.2 * delta));
            sigma[j] = (s + change) * Math.pow(0.01, 1.0 / 25);
        }
        p.tell(g);
        assertArrayEquals(mu, p.mean(), 1e-12);
        assertArrayEquals(sigma, p.sigma(), 1e-12);
    }

    @Test
    void cmaEsActiveWeightsFollowTheTutorial() {
        // D = 32, lambda = 512: the negative weights sum to -min(alpha_mu, alpha_mueff, alpha_posdef)
        CmaEs es = new CmaEs(CmaEs.Config.paper2d(512, 25), 32, 1);
        double[] w = es.weights();
        double[] neg = es.negativeWeights();
        assertEquals(256, w.length);
        assertEquals(256, neg.length);
        double mueff = es.mueff();
        int n = 32;
        double c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
        double cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
        double rawSum = 0;
        double rawSq = 0;
        for (int i = 256; i < 512; i++) {
            double v = Math.log(513 / 2.0) - Math.log(i + 1);
            rawSum += v;
            rawSq += v * v;
        }
        double mueffMinus = rawSum * rawSum / rawSq;
        double expected = Math.min(1 + c1 / cmu, Math.min(1 + 2 * mueffMinus / (mueff + 2), (1 - c1 - cmu) / (n * cmu)));
        assertEquals(-expected, Arrays.stream(neg).sum(), 1e-12);
        for (int i = 1; i < neg.length; i++) {
            assertTrue(neg[i] <= neg[i - 1] && neg[i] <= 0);
        }
        // without the active update there are none
        assertEquals(0, new CmaEs(CmaEs.Config.of(512, 4, 25), 32, 1).negativeWeights().length);
        // active CMA-ES still optimises: a 10-D sphere
        CmaEs a = new CmaEs(CmaEs.Config.paper2d(20, 300), 10, 4);
        while (!a.isDone()) {
            double[][] x = a.askRows();
            double[] s = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                for (double v : x[i]) {
                    s[i] -= (v - 1) * (v - 1);
                }
            }
            a.tell(s);
        }
        assertTrue(a.best().fitness() > -1e-8, "active CMA-ES on a sphere: " + a.best().fitness());
    }

    @Test
    void mapElitesPaperMakesSingleOffspring() {
        MapElites me = new MapElites(MapElites.Config.paper2d(), 2, 7);
        assertEquals(256, me.askRows().length);
        me.tell(new double[256]);
        for (int i = 0; i < 5; i++) {
            assertEquals(1, me.askRows().length);
            me.tell(new double[] {i});
        }
        assertEquals(1 + 6144, me.generations());
    }

    @Test
    void zigguratNormalsAreStandardNormal() {
        Rng r = new Rng(11);
        int n = 2_000_000;
        double sum = 0;
        double sq = 0;
        int beyond2 = 0;
        int beyond35 = 0;
        for (int i = 0; i < n; i++) {
            double z = r.nextGaussianZiggurat();
            sum += z;
            sq += z * z;
            if (Math.abs(z) > 2) {
                beyond2++;
            }
            if (z > 3.5) {
                beyond35++;
            }
        }
        assertEquals(0, sum / n, 0.004);
        assertEquals(1, sq / n, 0.005);
        // P(|z| > 2) = 0.0455; P(z > 3.5) = 2.33e-4 (the tail beyond the ziggurat's r = 3.44)
        assertEquals(0.0455, (double) beyond2 / n, 0.0008);
        assertEquals(2.33e-4, (double) beyond35 / n, 0.4e-4);
    }
}
