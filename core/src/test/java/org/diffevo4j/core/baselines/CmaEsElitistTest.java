package org.diffevo4j.core.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
