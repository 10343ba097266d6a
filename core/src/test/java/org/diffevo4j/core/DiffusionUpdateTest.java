package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Updates small enough to derive by hand; each derivation is in the test's comment. */
class DiffusionUpdateTest {

    static INDArray m(double[][] rows) {
        return Nd4j.createFromArray(rows).castTo(DataType.DOUBLE);
    }

    /**
     * N = 2, D = 1, x = (0, 2), f = (1, 3), a = 0.25 (sqrt a = 1/2, 2(1 - a) = 3/2), a_prev = 0.64.
     * k11 = exp(0) = 1, k12 = exp(-(0 - 1)^2 / 1.5) = e^{-2/3}, k21 = exp(-(2 - 0)^2 / 1.5) = e^{-8/3},
     * k22 = exp(-(2 - 1)^2 / 1.5) = e^{-2/3}. Up to the 1e-9 floors (relative effect ~1e-9):
     * x0_1 = (1*1*0 + 3 e^{-2/3} 2) / (1 + 3 e^{-2/3}) = 6 e^{-2/3} / (1 + 3 e^{-2/3}),
     * x0_2 = (e^{-8/3} 0 + 3 e^{-2/3} 2) / (e^{-8/3} + 3 e^{-2/3}) = 6 / (e^{-2} + 3).
     * eta = 0: sigma = 0, eps_i = (x_i - x0_i / 2) / sqrt(0.75), x'_i = 0.8 x0_i + sqrt(1 - 0.64) eps_i.
     */
    @Test
    void twoPointsInOneDimension() {
        INDArray x = m(new double[][] {{0}, {2}});
        double e = Math.exp(-2.0 / 3);
        double x01 = 6 * e / (1 + 3 * e);
        double x02 = 6 / (Math.exp(-2) + 3);
        DiffusionUpdate.Result r = DiffusionUpdate.update(x, new double[] {1, 3}, 0.25, 0.64, 0.0, null);
        assertEquals(x01, r.x0().getDouble(0, 0), 1e-8);
        assertEquals(x02, r.x0().getDouble(1, 0), 1e-8);
        assertEquals(0.8 * x01 + 0.6 * (0 - x01 / 2) / Math.sqrt(0.75), r.next().getDouble(0, 0), 1e-8);
        assertEquals(0.8 * x02 + 0.6 * (2 - x02 / 2) / Math.sqrt(0.75), r.next().getDouble(1, 0), 1e-8);
        assertEquals(DataType.DOUBLE, r.next().dataType());
    }

    /**
     * N = 3, D = 2, x = (0,0), (1,0), (0,1), f = (0, 0, 1), a = 0.5. Every weight on j = 1, 2 is
     * (0 + 1e-9)(k + 1e-9) against (1 + 1e-9)(k_i3 + 1e-9) for j = 3, and every k_i3 >= e^{-2}, so all
     * three estimates sit on x_3 = (0, 1) to within ~1e-8: the only fit individual attracts everyone.
     */
    @Test
    void aSingleFitIndividualAttractsEveryEstimate() {
        INDArray x = m(new double[][] {{0, 0}, {1, 0}, {0, 1}});
        INDArray x0 = DiffusionUpdate.estimateX0(x, new double[] {0, 0, 1}, 0.5);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, x0.getDouble(i, 0), 1e-7);
            assertEquals(1, x0.getDouble(i, 1), 1e-7);
        }
    }

    /**
     * Every fitness 0 (edge-zero-fitness): w_ij = 1e-9 (k_ij + 1e-9) / (1/N + 1e-9) ~ N 1e-9 k_ij, so
     * x0_i = N sum_j k_ij x_j / (N sum_j k_ij + 1): the final +1e-9 of the normalisation is no longer
     * negligible and shrinks the estimate toward 0. With x = (0, 2), a = 0.25 (kernels as in
     * {@link #twoPointsInOneDimension}): x0_1 = 2 (2 e^{-2/3}) / (2 (1 + e^{-2/3}) + 1),
     * x0_2 = 2 (2 e^{-2/3}) / (2 (e^{-8/3} + e^{-2/3}) + 1).
     */
    @Test
    void allZeroFitnessFollowsTheFloors() {
        INDArray x = m(new double[][] {{0}, {2}});
        double e = Math.exp(-2.0 / 3);
        INDArray x0 = DiffusionUpdate.estimateX0(x, new double[] {0, 0}, 0.25);
        assertEquals(4 * e / (2 * (1 + e) + 1), x0.getDouble(0, 0), 1e-7);
        assertEquals(4 * e / (2 * (Math.exp(-8.0 / 3) + e) + 1), x0.getDouble(1, 0), 1e-7);
    }

    /**
     * Underflow: x = (0, 40), a = 0.99, 2(1 - a) = 0.02. k12 = exp(-(0 - 0.99499 * 40)^2 / 0.02) and
     * k21 = exp(-40^2 / 0.02) are exactly 0 in double; k11 = 1. With f = (1, 1) and p' = 1/2 + 1e-9
     * (whether the 1e-9 is kept or rounded away changes x0_1 by ~1e-25):
     * w11 = (1 + 1e-9)^2 / p', w12 = (1 + 1e-9) 1e-9 / p', so
     * x0_1 = 40 w12 / (w11 + w12 + 1e-9) = 40 e-9 / (1 + 2e-9 + 1e-9 p' / (1 + 1e-9)) ~ 4e-8:
     * without the kernel floor it would be exactly 0.
     */
    @Test
    void underflowedKernelsAreDecidedByTheFloors() {
        INDArray x = m(new double[][] {{0}, {40}});
        double p = 0.5 + 1e-9;
        double w11 = (1 + 1e-9) * (1 + 1e-9) / p;
        double w12 = (1 + 1e-9) * 1e-9 / p;
        INDArray x0 = DiffusionUpdate.estimateX0(x, new double[] {1, 1}, 0.99);
        assertEquals(40 * w12 / (w11 + w12 + 1e-9), x0.getDouble(0, 0), 1e-20);
        assertTrue(x0.getDouble(0, 0) > 3.9e-8);
        // the kernel itself: diagonal of x_1 is 1, off-diagonal exactly 0
        INDArray k = DiffusionUpdate.kernel(x, 0.99);
        assertEquals(1.0, k.getDouble(0, 0), 0);
        assertEquals(0.0, k.getDouble(0, 1), 0);
        assertEquals(0.0, k.getDouble(1, 0), 0);
    }

    /**
     * The DDIM step alone with x0 given: a = 0.36, a_prev = 0.64, eta = 1:
     * sigma^2 = (0.36 / 0.64)(1 - 0.36 / 0.64) = 0.5625 * 0.4375, 1 - a_prev - sigma^2 = 0.36 - 0.24609375
     * = 0.11390625, sqrt = 0.3375; sqrt(1 - a) = 0.8, sqrt a = 0.6, sqrt a_prev = 0.8.
     * x = 1, x0 = 0.5, z = 2: eps = (1 - 0.3) / 0.8 = 0.875, x' = 0.4 + 0.3375 * 0.875 + 2 sigma.
     */
    @Test
    void ddimStepWithNoise() {
        double sigma = Math.sqrt(0.5625 * 0.4375);
        assertEquals(sigma, DiffusionUpdate.sigma(0.36, 0.64, 1.0), 1e-15);
        INDArray next = DiffusionUpdate.ddimStep(m(new double[][] {{1}}), m(new double[][] {{0.5}}), 0.36, 0.64, 1.0,
                m(new double[][] {{2}}));
        assertEquals(0.4 + 0.3375 * 0.875 + 2 * sigma, next.getDouble(0, 0), 1e-14);
        // half the noise scale: sigma halves, 1 - a_prev - sigma^2 grows
        double s2 = sigma / 2;
        INDArray half = DiffusionUpdate.ddimStep(m(new double[][] {{1}}), m(new double[][] {{0.5}}), 0.36, 0.64, 0.5,
                m(new double[][] {{2}}));
        assertEquals(0.4 + Math.sqrt(0.36 - s2 * s2) * 0.875 + 2 * s2, half.getDouble(0, 0), 1e-14);
    }

    @Test
    void featuresOnlyChangeTheKernel() {
        // features that make every individual identical: k_ij = k for all pairs, so with equal fitness
        // every x0 is the plain mean of the population, whatever x is
        INDArray x = m(new double[][] {{1, 2}, {3, 5}, {-1, 0}});
        INDArray same = m(new double[][] {{0}, {0}, {0}});
        INDArray x0 = DiffusionUpdate.estimateX0(x, new double[] {1, 1, 1}, 0.5, same);
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, x0.getDouble(i, 0), 1e-8);
            assertEquals(7.0 / 3, x0.getDouble(i, 1), 1e-8);
        }
    }

    /**
     * x_2 = sqrt(a) x_1 makes the true distance ||x_2 - sqrt(a) x_1|| exactly 0; the expanded form
     * ||x_2||^2 + a ||x_1||^2 - 2 sqrt(a) x_2.x_1 may round below 0 for large x, which would give a
     * kernel above 1. The kernel is a probability-like weight: it must stay in [0, 1].
     */
    @Test
    void kernelStaysInTheUnitIntervalDespiteRounding() {
        for (double alpha : new double[] {0.3, 0.5, 0.9, 0.99}) {
            double s = Math.sqrt(alpha);
            for (double scale : new double[] {1, 1e2, 1e4, 1e6}) {
                INDArray x = m(new double[][] {{scale}, {s * scale}, {3 * scale}, {3 * s * scale}});
                INDArray k = DiffusionUpdate.kernel(x, alpha);
                assertTrue(k.maxNumber().doubleValue() <= 1.0, "alpha " + alpha + " scale " + scale + ": " + k);
                assertTrue(k.minNumber().doubleValue() >= 0.0);
            }
        }
    }

    /**
     * The density term is the double {@code 1/N + 1e-9} of the specification: in single precision
     * float(1/6) = 0.1666666716337204 would be off by 5e-9, and 1e-9 would vanish from 1/2 (it is
     * below half an ulp of 0.5f).
     */
    @Test
    void uniformDensityIsInDoublePrecision() {
        assertEquals(1.0 / 6 + 1e-9, DiffusionUpdate.uniformDensity(6), 0);
        assertEquals(0.500000001, DiffusionUpdate.uniformDensity(2), 1e-17);
        assertEquals(1.000000001, DiffusionUpdate.uniformDensity(1), 1e-17);
    }

    @Test
    void acceptsFloatInputs() {
        INDArray x = m(new double[][] {{0}, {2}}).castTo(DataType.FLOAT);
        INDArray x0 = DiffusionUpdate.estimateX0(x, new double[] {1, 3}, 0.25);
        assertEquals(DataType.DOUBLE, x0.dataType());
        assertEquals(6 / (Math.exp(-2) + 3), x0.getDouble(1, 0), 1e-8);
    }

    @Test
    void rejectsBadInput() {
        INDArray x = m(new double[][] {{0}, {2}, {3}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiffusionUpdate.estimateX0(x, new double[] {1, -2, 3}, 0.5));
        assertTrue(e.getMessage().contains("individual 1") && e.getMessage().contains("-2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DiffusionUpdate.estimateX0(x, new double[] {1, 2, Double.NaN}, 0.5));
        assertTrue(e.getMessage().contains("individual 2") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DiffusionUpdate.estimateX0(x, new double[] {1, 2}, 0.5));
        assertTrue(e.getMessage().contains("2 fitness values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DiffusionUpdate.estimateX0(x, new double[] {1, 2, 3}, 1.0));
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DiffusionUpdate.sigma(0.5, 0.4, 1));
        assertTrue(e.getMessage().contains("alpha_prev"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DiffusionUpdate.update(x, new double[] {1, 2, 3}, 0.5, 0.6, 1.0, null));
        assertTrue(e.getMessage().contains("noise"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DiffusionUpdate.estimateX0(x, new double[] {1, 2, 3}, 0.5,
                m(new double[][] {{0}, {1}})));
        assertTrue(e.getMessage().contains("features"), e.getMessage());
    }
}
