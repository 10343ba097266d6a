package org.diffevo4j.core.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TwoPeakDemoTest {

    @Test
    void densityIsOneOnEachPeakAndSymmetric() {
        // each peak contributes exp(0) = 1, the other exp(-32/0.5) ~ 1.6e-28
        assertEquals(1.0, TwoPeakDemo.density(-2, -2), 1e-12);
        assertEquals(1.0, TwoPeakDemo.density(2, 2), 1e-12);
        assertEquals(TwoPeakDemo.density(0.3, -1.1), TwoPeakDemo.density(-0.3, 1.1), 1e-15);
        assertEquals(2 * Math.exp(-8 / 0.5), TwoPeakDemo.density(0, 0), 1e-15);
    }

    @Test
    void diffusionEvolutionKeepsBothPeaks() {
        for (long seed = 1; seed <= 2; seed++) {
            TwoPeakDemo.Result de = TwoPeakDemo.run(seed);
            assertTrue(de.balance() > 0.2, "seed " + seed + ": both peaks hold > 20% of the population: "
                    + java.util.Arrays.toString(de.shareNearPeak()));
            assertTrue(de.shareNearPeak()[0] + de.shareNearPeak()[1] > 0.8, "most of it sits on a peak");
        }
    }
}
