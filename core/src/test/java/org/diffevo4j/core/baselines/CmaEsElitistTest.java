package org.diffevo4j.core.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.diffevo4j.core.StateRoundTrip;
import org.diffevo4j.core.Strategies;
import org.diffevo4j.core.Strategy;
import org.diffevo4j.core.StrategyState;
import org.junit.jupiter.api.Test;

class CmaEsElitistTest {

    /** A fingerprint of everything an update produces: mean, sigma, C and the best candidate. */
    static long fingerprint(CmaEs es) {
        long h = 17;
        for (double v : es.mean()) {
            h = 31 * h + Double.doubleToLongBits(v);
        }
        h = 31 * h + Double.doubleToLongBits(es.sigma());
        for (double[] row : es.covariance()) {
            for (double v : row) {
                h = 31 * h + Double.doubleToLongBits(v);
            }
        }
        h = 31 * h + Double.doubleToLongBits(es.best().fitness());
        return h;
    }

    static long run(CmaEs.Config c, int dimension, long seed) {
        CmaEs es = new CmaEs(c, dimension, seed);
        CmaEsTest.minimise(es, CmaEsTest::rotatedEllipsoid);
        return fingerprint(es);
    }

    /**
     * Without elitism the strategy is bit for bit what it was before the elitist option existed: these
     * fingerprints were taken from the code before the change (full, sep and active variants).
     */
    @Test
    void nonElitistRunsAreUnchanged() {
        CmaEs.Config d = CmaEs.Config.defaults();
        CmaEs.Config full = new CmaEs.Config(8, 0.8, 40, null, 0, 2, d.tolFun(), d.tolX(), d.conditionLimit(), false);
        CmaEs.Config sep = new CmaEs.Config(8, 0.8, 40, null, 0, 2, d.tolFun(), d.tolX(), d.conditionLimit(), true);
        CmaEs.Config active = new CmaEs.Config(12, 0.8, 40, null, 0, 2, d.tolFun(), d.tolX(), d.conditionLimit(),
                false, true);
        assertEquals(9044715615116587296L, run(full, 5, 3));
        assertEquals(-8119597325078930794L, run(sep, 5, 3));
        assertEquals(-237580083455646020L, run(active, 5, 3));
    }

    /** lambda 6 (mu 3), sigma0 1, no restarts, in the given dimension. */
    static CmaEs.Config small(int lambda, boolean active, boolean elitist) {
        CmaEs.Config d = CmaEs.Config.defaults();
        return new CmaEs.Config(lambda, 1.0, 50, null, 0, 2, d.tolFun(), d.tolX(), d.conditionLimit(), false, active,
                elitist);
    }

    /** The tutorial's positive weights w_i = ln((lambda + 1) / 2) - ln i, i = 1..mu, normalised. */
    static double[] tutorialWeights(int lambda) {
        int mu = lambda / 2;
        double[] w = new double[mu];
        double sum = 0;
        for (int i = 0; i < mu; i++) {
            w[i] = Math.log((lambda + 1) / 2.0) - Math.log(i + 1);
            sum += w[i];
        }
        for (int i = 0; i < mu; i++) {
            w[i] /= sum;
        }
        return w;
    }

    static double[] combine(double[] w, double[]... points) {
        double[] m = new double[points[0].length];
        for (int k = 0; k < w.length; k++) {
            for (int i = 0; i < m.length; i++) {
                m[i] += w[k] * points[k][i];
            }
        }
        return m;
    }

    /**
     * Generation 1 makes row 0 the best-so-far (score 100); generation 2 scores every row below it, so
     * the elitist mean is w_1 x_best-so-far + w_2 x_1:lambda + w_3 x_2:lambda while the plain one is
     * w_1 x_1:lambda + w_2 x_2:lambda + w_3 x_3:lambda; generation 3 has a row above 100, so nothing is
     * injected; generation 4 is below that new best, which is injected in turn.
     */
    @Test
    void bestSoFarEntersTheMeanOnlyWhenItBeatsTheWholeGeneration() {
        double[] w = tutorialWeights(6);
        CmaEs elitist = new CmaEs(small(6, false, true), 2, 11);
        CmaEs plain = new CmaEs(small(6, false, false), 2, 11);
        double[][] x1 = elitist.askRows();
        assertArrayEquals(x1, plain.askRows(), "same seed, same first population");
        double[] s1 = {100, 1, 2, 3, 4, 5};
        elitist.tell(s1);
        plain.tell(s1);
        assertArrayEquals(combine(w, x1[0], x1[5], x1[4]), elitist.mean(), 1e-12, "no best-so-far yet");
        assertArrayEquals(plain.mean(), elitist.mean(), 0.0);

        double[][] x2 = elitist.askRows();
        assertArrayEquals(x2, plain.askRows(), "same state, same second population");
        double[] s2 = {-3, -1, -6, -2, -5, -4}; // ranks: 1, 3, 0, 5, 4, 2
        elitist.tell(s2);
        plain.tell(s2);
        assertArrayEquals(combine(w, x1[0], x2[1], x2[3]), elitist.mean(), 1e-12, "best-so-far in front");
        assertArrayEquals(combine(w, x2[1], x2[3], x2[0]), plain.mean(), 1e-12);
        // the mean is pulled toward the best-so-far
        double[] e = elitist.mean();
        double[] p = plain.mean();
        assertTrue(dist(e, x1[0]) < dist(p, x1[0]), "elitist mean closer to the best-so-far");

        double[][] x3 = elitist.askRows();
        double[] s3 = {7, 1000, 3, 2, 8, 0}; // a new best: no injection
        double[] before = elitist.mean();
        elitist.tell(s3);
        assertArrayEquals(combine(w, x3[1], x3[4], x3[0]), elitist.mean(), 1e-12, "nothing injected");
        assertNotEquals(before[0], elitist.mean()[0]);

        double[][] x4 = elitist.askRows();
        double[] s4 = {999, 1, 2, 3, 4, 998}; // below 1000 (generation 3's row 1)
        elitist.tell(s4);
        assertArrayEquals(combine(w, x3[1], x4[0], x4[5]), elitist.mean(), 1e-12, "the new best-so-far in front");
    }

    /** A tie with the best-so-far does not inject it (pycma compares strictly). */
    @Test
    void aTieWithTheBestSoFarInjectsNothing() {
        double[] w = tutorialWeights(6);
        CmaEs es = new CmaEs(small(6, false, true), 2, 5);
        es.askRows();
        es.tell(new double[] {10, 0, 0, 0, 0, 0});
        double[][] x2 = es.askRows();
        es.tell(new double[] {1, 10, 3, 2, 0, 0});
        assertArrayEquals(combine(w, x2[1], x2[2], x2[3]), es.mean(), 1e-12);
    }

    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    /**
     * pycma's CMA_elitist as a ranking: the best-so-far is prepended to the sorted population and a zero
     * weight is inserted at rank mu + 1 (sampler_weights[:1 + mu] + [0] + sampler_weights[1 + mu:]), so
     * the former mu-th best leaves the update and the negative weights stay on the same worse ranks. A
     * plain CMA-ES told a population in which the mu-th best row is replaced by the best-so-far, scored
     * above everything, must therefore end in exactly the same mean, step size and covariance matrix;
     * checked with the active update on (negative weights in play) and off.
     */
    @Test
    void elitistUpdateEqualsPycmasRankingWithTheBestSoFarPrepended() {
        for (boolean active : new boolean[] {false, true}) {
            int lambda = 8;
            int mu = lambda / 2;
            CmaEs elitist = new CmaEs(small(lambda, active, true), 3, 21);
            CmaEs plain = new CmaEs(small(lambda, active, false), 3, 21);
            if (active) {
                assertTrue(elitist.negativeWeights()[0] < 0, "negative weights in play");
            }
            double[][] x1 = elitist.askRows();
            plain.askRows();
            double[] s1 = {1, 2, 50, 3, 4, 5, 6, 7};
            elitist.tell(s1);
            plain.tell(s1);

            double[] s2 = {-8, -1, -5, -2, -7, -3, -6, -4}; // ranks 1, 3, 5, 7, 2, 6, 4, 0
            int muth = 7; // the mu-th (4th) best
            elitist.askRows();
            double[][] rows = plain.pendingRows();
            rows[muth] = x1[2].clone();
            double[] t2 = s2.clone();
            t2[muth] = 1000;
            elitist.tell(s2);
            plain.tell(t2);
            assertArrayEquals(plain.mean(), elitist.mean(), 0.0, "mean, active " + active);
            assertEquals(plain.sigma(), elitist.sigma(), 0.0, "sigma, active " + active);
            assertArrayEquals(plain.covariance(), elitist.covariance(), "C, active " + active);
            assertEquals(mu, elitist.weights().length);
        }
    }

    /**
     * One whole generation derived by hand in 1-D from the tutorial's equations with pycma's elitist
     * ranking (lambda 6, mu 3): m' = w1 x_best-so-far + w2 x_1:6 + w3 x_2:6, the paths, hsig, C and
     * sigma from it; the state before the generation is read from the saved state.
     */
    @Test
    void oneElitistGenerationByHandInOneDimension() {
        int lambda = 6;
        double n = 1;
        double[] w = tutorialWeights(lambda);
        double mueff = 0;
        for (double v : w) {
            mueff += v * v;
        }
        mueff = 1 / mueff;
        double cs = (mueff + 2) / (n + mueff + 5);
        double damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
        double cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
        double c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
        double cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
        double chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));

        CmaEs es = new CmaEs(small(lambda, false, true), 1, 8);
        double[][] x1 = es.askRows();
        es.tell(new double[] {0, 0, 0, 9, 0, 1});
        StrategyState st = es.state();
        double m = st.arrays().get("mean")[0];
        double sigma = st.scalars().get("sigma");
        double c = st.arrays().get("cov")[0];
        double pc = st.arrays().get("pc")[0];
        double ps = st.arrays().get("pSigma")[0];

        double[][] x2 = es.askRows();
        es.tell(new double[] {-4, -2, -6, -1, -3, -5}); // best 3, then 1
        double mNew = w[0] * x1[3][0] + w[1] * x2[3][0] + w[2] * x2[1][0];
        double yw = (mNew - m) / sigma;
        double psNew = (1 - cs) * ps + Math.sqrt(cs * (2 - cs) * mueff) * yw / Math.sqrt(c);
        boolean hsig = Math.abs(psNew) / Math.sqrt(1 - Math.pow(1 - cs, 4)) < (1.4 + 2 / (n + 1)) * chiN;
        double pcNew = (1 - cc) * pc + (hsig ? Math.sqrt(cc * (2 - cc) * mueff) * yw : 0);
        double rankMu = 0;
        double[] sel = {x1[3][0], x2[3][0], x2[1][0]};
        for (int k = 0; k < 3; k++) {
            double y = (sel[k] - m) / sigma;
            rankMu += w[k] * y * y;
        }
        double cNew = (1 - c1 - cmu + (hsig ? 0 : c1 * cc * (2 - cc))) * c + c1 * pcNew * pcNew + cmu * rankMu;
        double sigmaNew = sigma * Math.exp(Math.min(1, cs / damps * (Math.abs(psNew) / chiN - 1)));
        assertEquals(mNew, es.mean()[0], 1e-12);
        assertEquals(cNew, es.covariance()[0][0], 1e-12 * cNew);
        assertEquals(sigmaNew, es.sigma(), 1e-12 * sigmaNew);
    }

    @Test
    void elitistStateRoundTripsAndIsOnlyWrittenWhenElitist() {
        CmaEs.Config c = small(6, false, true);
        CmaEs probe = new CmaEs(c, 4, 1);
        probe.tell(StateRoundTrip.evaluate(probe.ask()));
        assertTrue(probe.state().arrays().containsKey("elite.genome"));
        CmaEs off = new CmaEs(small(6, false, false), 4, 1);
        off.tell(StateRoundTrip.evaluate(off.ask()));
        assertFalse(off.state().arrays().containsKey("elite.genome"));
        StateRoundTrip.check(new CmaEs(c, 4, 1), () -> new CmaEs(c, 4, 2), 6, 30, true);
    }

    /** The option by name, as {@code --strategy-option elitist=true} passes it; off by default. */
    @Test
    void elitistIsAStrategyOptionOffByDefault() {
        assertEquals("false", Strategies.describe(CmaEs.NAME).defaultOptions().get("elitist"));
        assertFalse(CmaEs.Config.defaults().elitist());
        Strategy s = Strategies.create(CmaEs.NAME, 3, 1, Map.of("elitist", "true", "populationSize", "256"));
        assertTrue(((CmaEs) s).config().elitist());
        assertEquals(256, ((CmaEs) s).populationSize());
        assertTrue(CmaEs.Config.defaults().withElitist(true).elitist());
    }
}
