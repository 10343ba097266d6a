package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.diffevo4j.core.baselines.Matrices;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test support: checks that a strategy resumed from a JSON-saved state continues bit-identically. */
public final class StateRoundTrip {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StateRoundTrip() {
    }

    /** Serialises through Jackson and reads back. */
    public static StrategyState viaJson(StrategyState s) {
        try {
            String text = JSON.writeValueAsString(s);
            return JSON.readValue(text, StrategyState.class);
        } catch (Exception e) {
            throw new AssertionError("JSON round trip failed", e);
        }
    }

    /** The objective the round-trip checks use: a shifted sphere turned into a positive score. */
    public static double score(double[] x) {
        double d = 0;
        for (int j = 0; j < x.length; j++) {
            double t = x[j] - 0.3 * (j + 1);
            d += t * t;
        }
        return 1.0 / (1.0 + d);
    }

    public static double[] evaluate(INDArray pop) {
        double[][] x = Matrices.rows(pop);
        double[] f = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = score(x[i]);
        }
        return f;
    }

    /**
     * Runs {@code before} generations on {@code original}, optionally asks once more (so a pending
     * population is saved too), saves the state through JSON, restores it into {@code fresh} (built
     * with another seed) and checks both continue with bit-identical populations for {@code after}
     * generations.
     */
    public static void check(Strategy original, Supplier<Strategy> fresh, int before, int after, boolean midAsk) {
        for (int g = 0; g < before; g++) {
            original.tell(evaluate(original.ask()));
        }
        if (midAsk) {
            original.ask();
        }
        StrategyState saved = viaJson(original.state());
        Strategy resumed = fresh.get();
        resumed.restore(saved);
        assertStatesEqual(original.state(), resumed.state());
        for (int g = 0; g < after && !original.isDone(); g++) {
            INDArray a = original.ask();
            INDArray b = resumed.ask();
            assertArrayEquals(a.ravel().toDoubleVector(), b.ravel().toDoubleVector(), 0.0, "population differs at generation " + g);
            double[] f = evaluate(a);
            original.tell(f);
            resumed.tell(f);
        }
        assertEquals(original.isDone(), resumed.isDone());
        assertArrayEquals(original.best().genome(), resumed.best().genome(), 0.0);
        assertStatesEqual(original.state(), resumed.state());
    }

    public static void assertStatesEqual(StrategyState a, StrategyState b) {
        assertEquals(a.strategy(), b.strategy());
        assertEquals(a.dimension(), b.dimension());
        assertEquals(a.generation(), b.generation());
        assertArrayEquals(a.rng(), b.rng());
        assertEquals(a.arrays().keySet(), b.arrays().keySet());
        for (String k : a.arrays().keySet()) {
            double[] x = a.arrays().get(k);
            double[] y = b.arrays().get(k);
            assertEquals(x.length, y.length, k);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Double.doubleToRawLongBits(x[i]), Double.doubleToRawLongBits(y[i]), k + "[" + i + "]");
            }
        }
        assertEquals(a.scalars().keySet(), b.scalars().keySet());
        for (String k : a.scalars().keySet()) {
            assertEquals(Double.doubleToRawLongBits(a.scalars().get(k)),
                    Double.doubleToRawLongBits(b.scalars().get(k)), k);
        }
        assertEquals(a.config(), b.config());
    }
}
