package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    static final List<Schedule> ALL = List.of(Schedule.cosine(), Schedule.linearPower(), Schedule.linearPower(2, 1e-4),
            Schedule.linearPower(3, 1e-3), Schedule.ddpmApproximation(), Schedule.ddpmApproximation(1e-2));

    @Test
    void everyScheduleDecreasesStrictlyInsideTheUnitInterval() {
        for (Schedule s : ALL) {
            for (int steps : new int[] {2, 3, 10, 25, 100}) {
                double[] a = s.alphas(steps);
                assertEquals(steps, a.length);
                for (int i = 0; i < steps; i++) {
                    assertTrue(a[i] > 0 && a[i] < 1, s.spec() + " T=" + steps + ": alpha[" + i + "] = " + a[i]);
                    if (i > 0) {
                        assertTrue(a[i] < a[i - 1], s.spec() + " T=" + steps + ": not decreasing at " + i);
                    }
                }
            }
        }
    }

    @Test
    void cosineEndpoints() {
        // c(0) = 1: (1 + 1e-3)(1 - 1e-3)/(1 + 1e-3) = 1 - 1e-3; c(T-1) = 0: 1e-3 (1 - 1e-3)/(1 + 1e-3)
        for (int steps : new int[] {2, 10, 25}) {
            double[] a = Schedule.cosine(steps);
            assertEquals(0.999, a[0], 1e-15);
            assertEquals(1e-3 * 0.999 / 1.001, a[steps - 1], 1e-15);
        }
        // T = 3: the middle has cos(pi/2) = 0, c = 1/2
        assertEquals(0.501 * 0.999 / 1.001, Schedule.cosine(3)[1], 1e-15);
    }

    @Test
    void linearPowerEndpoints() {
        // p = 1: linspace(1 - eps, eps^2, T)
        double[] a = Schedule.linearPower(1, 1e-4).alphas(10);
        assertEquals(0.9999, a[0], 1e-15);
        assertEquals(1e-8, a[9], 1e-20);
        assertEquals(0.9999 + (1e-8 - 0.9999) / 9, a[1], 1e-15);
        // p = 2: start (1 - eps)^2, end ((eps^2)^(1/2))^2 = eps^2
        double[] b = Schedule.linearPower(2, 1e-4).alphas(10);
        assertEquals(0.9999 * 0.9999, b[0], 1e-15);
        assertEquals(1e-8, b[9], 1e-20);
    }

    @Test
    void ddpmApproximationHitsItsTwoConditions() {
        for (int steps : new int[] {2, 10, 25}) {
            double[] a = Schedule.ddpmApproximation(1e-4).alphas(steps);
            assertEquals(1 - 1e-4, a[0], 1e-12, "alpha(1/T) = 1 - eps");
            assertEquals(1e-4, a[steps - 1], 1e-15, "alpha(1) = eps");
        }
    }

    @Test
    void rejectsTooFewSteps() {
        for (Schedule s : ALL) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.alphas(1));
            assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
        }
    }

    @Test
    void specFormatParsesBack() {
        for (Schedule s : ALL) {
            assertEquals(s, Schedule.parse(s.spec()));
        }
        assertEquals(Schedule.linearPower(2, 1e-4), Schedule.parse("linear-power(power=2)"));
        assertEquals(Schedule.ddpmApproximation(), Schedule.parse(" DDPM_approximation "));
    }

    @Test
    void badSpecsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.parse("sigmoid"))
                .getMessage().contains("sigmoid"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.parse("cosine(power=2)"))
                .getMessage().contains("power"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.parse("linear-power(power=x)"))
                .getMessage().contains("'x'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.linearPower(1, 0))
                .getMessage().contains("eps"));
    }
}
