package org.diffevo4j.core.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TwoDFunctionTest {

    @Test
    void minimaOfTheMinimisedFunctions() {
        assertEquals(0.0, TwoDFunction.ROSENBROCK.raw(1, 1), 0.0);
        assertEquals(0.0, TwoDFunction.BEALE.raw(3, 0.5), 0.0);
        for (double[] p : TwoDFunction.HIMMELBLAU.optima()) {
            assertEquals(0.0, TwoDFunction.HIMMELBLAU.raw(p[0], p[1]), 1e-10);
            assertEquals(1.0, TwoDFunction.HIMMELBLAU.fitness(p), 1e-12);
        }
        assertEquals(4, TwoDFunction.HIMMELBLAU.optima().size());
        assertEquals(1.0, TwoDFunction.ROSENBROCK.fitness(new double[] {1, 1}), 0.0);
        assertEquals(1.0, TwoDFunction.BEALE.fitness(new double[] {3, 0.5}), 0.0);
        // Himmelblau by hand at the origin: (0 + 0 - 11)^2 + (0 + 0 - 7)^2 = 170
        assertEquals(170, TwoDFunction.HIMMELBLAU.raw(0, 0), 0.0);
    }

    @Test
    void cornerMaximaOfAckleyAndRastrigin() {
        for (double[] p : TwoDFunction.RASTRIGIN.optima()) {
            assertEquals(64.6249, TwoDFunction.RASTRIGIN.raw(p[0], p[1]), 1e-4);
            assertEquals(-64.6249, TwoDFunction.RASTRIGIN.objective(p), 1e-4);
            assertEquals(1.0, TwoDFunction.RASTRIGIN.fitness(p), 1e-5);
        }
        for (double[] p : TwoDFunction.ACKLEY.optima()) {
            assertEquals(12.5401, TwoDFunction.ACKLEY.raw(p[0], p[1]), 1e-4);
            assertEquals(1.0, TwoDFunction.ACKLEY.fitness(p), 1e-4);
        }
        // the standard forms have their global minimum 0 at the origin
        assertEquals(0.0, TwoDFunction.RASTRIGIN.raw(0, 0), 0.0);
        assertEquals(0.0, TwoDFunction.ACKLEY.raw(0, 0), 1e-14);
        // the corner points are local maxima: a small step away lowers the value
        double[] c = TwoDFunction.RASTRIGIN.optima().get(0);
        assertTrue(TwoDFunction.RASTRIGIN.raw(c[0] + 0.01, c[1]) < TwoDFunction.RASTRIGIN.raw(c[0], c[1]));
        assertTrue(TwoDFunction.RASTRIGIN.raw(c[0] - 0.01, c[1]) < TwoDFunction.RASTRIGIN.raw(c[0], c[1]));
    }

    @Test
    void limitOutsideTheBox() {
        assertEquals(100, TwoDFunction.HIMMELBLAU.objective(new double[] {4.01, 0}), 0.0);
        assertEquals(1e-9, TwoDFunction.RASTRIGIN.objective(new double[] {0, -4.5}), 0.0);
        // maximised functions: the limit lies m away from tau, so g = 0
        assertEquals(0.0, TwoDFunction.RASTRIGIN.fitness(new double[] {0, -4.5}), 0.0);
        assertEquals(0.0, TwoDFunction.ACKLEY.fitness(new double[] {9, 9}), 0.0);
        // on the box edge the function still counts
        assertEquals(TwoDFunction.HIMMELBLAU.raw(4, -4), TwoDFunction.HIMMELBLAU.objective(new double[] {4, -4}), 0);
        // minimised: g(100) for Himmelblau = (e^{-100/17.01} - e^{-308.803/17.01}) / (1 - e^{-308.803/17.01})
        double pMin = Math.exp(-308.803 / 17.01);
        assertEquals((Math.exp(-100 / 17.01) - pMin) / (1 - pMin),
                TwoDFunction.HIMMELBLAU.fitness(new double[] {5, 5}), 1e-15);
        assertEquals(0.0027979, TwoDFunction.HIMMELBLAU.fitness(new double[] {5, 5}), 1e-6);
    }

    @Test
    void fitnessLiesInTheUnitIntervalEverywhere() {
        for (TwoDFunction f : TwoDFunction.values()) {
            if (f.dimension() != 2) {
                continue; // the Rastrigin rows: TwoDSuiteTest
            }
            for (double x = -5; x <= 5; x += 0.05) {
                for (double y = -5; y <= 5; y += 0.05) {
                    double g = f.fitness(new double[] {x, y});
                    assertTrue(g >= 0 && g <= 1, f + " at " + x + "," + y + ": " + g);
                }
            }
            // the box corners are where the minimised functions are worst
            for (double sx : new double[] {-4, 4}) {
                for (double sy : new double[] {-4, 4}) {
                    double g = f.fitness(new double[] {sx, sy});
                    assertTrue(g >= 0 && g <= 1);
                }
            }
        }
        // Rosenbrock at (4, -4) is exactly m = 40009 from tau: g = 0
        assertEquals(40009, TwoDFunction.ROSENBROCK.raw(4, -4), 0);
        assertEquals(0.0, TwoDFunction.ROSENBROCK.fitness(new double[] {4, -4}), 1e-300);
    }

    @Test
    void lowerTemperatureSharpensFitness() {
        double[] p = {2.5, 2.5};
        assertTrue(TwoDFunction.HIMMELBLAU.fitness(p, 0.25) < TwoDFunction.HIMMELBLAU.fitness(p, 1.0));
        assertThrows(IllegalArgumentException.class, () -> TwoDFunction.HIMMELBLAU.fitness(p, 0));
    }

    @Test
    void nameFormatLookup() {
        assertEquals(TwoDFunction.HIMMELBLAU, TwoDFunction.of("himmelblau"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TwoDFunction.of("sphere"));
        assertTrue(e.getMessage().contains("Rastrigin"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TwoDFunction.BEALE.objective(new double[] {1, 2, 3}));
    }
}
