package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffevo4j.core.baselines.Matrices;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every registered strategy, with its defaults, through the same ask/tell loop. */
class AllStrategiesSphereTest {

    static final int D = 5;

    static List<String> names() {
        return Strategies.names();
    }

    /** Squared distance to the optimum c = (0.5, ..., 0.5). */
    static double dist2(double[] x) {
        double d = 0;
        for (double v : x) {
            d += (v - 0.5) * (v - 0.5);
        }
        return d;
    }

    /**
     * How much closer (in squared distance) the final best must be than the best of the first
     * population. Random search cannot do better than order statistics of a fixed Gaussian, so it
     * gets a loose bound; so does Diffusion Evolution, whose defaults (the RL protocol: 10 steps, a
     * mapping exp(R - max R) that barely separates scores in (0, 1]) aim at diversity, not precision.
     * The adaptive strategies must close most of the gap.
     */
    static double requiredFactor(String name) {
        return switch (name) {
            case "random", "diffusion", "latent-diffusion" -> 0.5;
            case "map-elites" -> 0.2;
            default -> 0.01;
        };
    }

    @ParameterizedTest
    @MethodSource("names")
    void improvesOnShiftedSphere(String name) {
        for (long seed : new long[] {1, 2, 3}) {
            Strategy s = Strategies.create(name, D, seed);
            assertEquals(name, s.name());
            assertEquals(D, s.dimension());
            double firstBest = Double.NaN;
            int generations = 0;
            while (!s.isDone()) {
                INDArray x = s.ask();
                assertEquals(DataType.DOUBLE, x.dataType(), "populations are DOUBLE matrices");
                assertEquals(D, x.columns());
                double[][] rows = Matrices.rows(x);
                double[] f = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    f[i] = 1.0 / (1.0 + dist2(rows[i]));
                }
                if (generations == 0) {
                    firstBest = StateRoundTrip.minOver(x, AllStrategiesSphereTest::dist2);
                }
                s.tell(f);
                generations++;
                assertTrue(generations < 100_000, "strategy never finishes");
            }
            double finalBest = dist2(s.best().genome());
            assertTrue(finalBest <= requiredFactor(name) * firstBest,
                    name + " seed " + seed + ": best squared distance " + finalBest + " vs first population's "
                            + firstBest);
            assertEquals(1.0 / (1.0 + finalBest), s.best().fitness(), 1e-12);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void sameSeedSameRun(String name) {
        Strategy a = Strategies.create(name, 3, 7);
        Strategy b = Strategies.create(name, 3, 7);
        for (int g = 0; g < 3 && !a.isDone(); g++) {
            INDArray x = a.ask();
            INDArray y = b.ask();
            assertArrayEquals(x.ravel().toDoubleVector(), y.ravel().toDoubleVector(), 0.0);
            assertArrayEquals(x.ravel().toDoubleVector(), a.ask().ravel().toDoubleVector(), 0.0, "ask() twice returns the same population");
            a.tell(StateRoundTrip.evaluate(x));
            b.tell(StateRoundTrip.evaluate(y));
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void rejectsBadFitness(String name) {
        Strategy s = Strategies.create(name, 3, 11);
        int n = s.ask().rows();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.tell(new double[n + 1]));
        assertTrue(e.getMessage().contains(String.valueOf(n)), e.getMessage());
        double[] f = new double[n];
        java.util.Arrays.fill(f, 0.5);
        f[n - 1] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> s.tell(f));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains(String.valueOf(n - 1)), e.getMessage());
        // a rejected tell leaves the strategy able to take a valid one
        f[n - 1] = 0.5;
        s.tell(f);
    }

    @ParameterizedTest
    @MethodSource("names")
    void stateRoundTripsThroughJson(String name) {
        StateRoundTrip.check(Strategies.create(name, 4, 5), () -> Strategies.create(name, 4, 99), 3, 4, false);
        StateRoundTrip.check(Strategies.create(name, 4, 5), () -> Strategies.create(name, 4, 99), 2, 4, true);
    }

    @ParameterizedTest
    @MethodSource("names")
    void resumeBuildsTheStrategyFromItsState(String name) {
        Strategy s = Strategies.create(name, 4, 5);
        s.tell(StateRoundTrip.evaluate(s.ask()));
        Strategy r = Strategies.resume(StateRoundTrip.viaJson(s.state()));
        assertEquals(name, r.name());
        assertFalse(r.isDone());
        assertArrayEquals(s.ask().ravel().toDoubleVector(), r.ask().ravel().toDoubleVector(), 0.0);
    }

    @ParameterizedTest
    @MethodSource("names")
    void restoreRejectsAnotherDimension(String name) {
        Strategy s = Strategies.create(name, 4, 5);
        Strategy other = Strategies.create(name, 3, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.restore(s.state()));
        assertTrue(e.getMessage().contains("dimension"), e.getMessage());
    }
}
