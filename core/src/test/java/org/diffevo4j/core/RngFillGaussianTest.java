package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link Rng#fillGaussian} draws exactly what as many {@link Rng#nextGaussian()} calls draw. */
class RngFillGaussianTest {

    @Test
    void sameValuesAndStateAsSingleDraws() {
        for (int lead = 0; lead < 2; lead++) {          // with and without a spare pending
            for (int len : new int[] {0, 1, 2, 3, 7, 1000, 1001}) {
                Rng filled = new Rng(42 + len);
                Rng single = new Rng(42 + len);
                for (int k = 0; k < lead; k++) {
                    assertEquals(Double.doubleToRawLongBits(single.nextGaussian()),
                            Double.doubleToRawLongBits(filled.nextGaussian()));
                }
                double[] out = new double[len];
                filled.fillGaussian(out);
                double[] expected = new double[len];
                for (int k = 0; k < len; k++) {
                    expected[k] = single.nextGaussian();
                }
                assertArrayEquals(expected, out);
                assertArrayEquals(single.state(), filled.state());
                // the streams go on alike (spare included)
                assertEquals(Double.doubleToRawLongBits(single.nextGaussian()),
                        Double.doubleToRawLongBits(filled.nextGaussian()));
            }
        }
    }
}
