package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FitnessMappingTest {

    static INDArray genomes(double[][] rows) {
        return Nd4j.createFromArray(rows).castTo(DataType.DOUBLE);
    }

    @Test
    void identityWithAndWithoutNormPenalty() {
        assertArrayEquals(new double[] {0, 2.5}, FitnessMapping.identity().apply(new double[] {0, 2.5}), 0);
        // ||(1, 1)||^2 = 2, ||(0, 0)||^2 = 0: f = (2 e^{-0.5*2}, 3 e^0)
        double[] f = FitnessMapping.identity(0.5).apply(new double[] {2, 3}, genomes(new double[][] {{1, 1}, {0, 0}}), 1);
        assertArrayEquals(new double[] {2 * Math.exp(-1), 3}, f, 1e-15);
    }

    /** The specification's identity penalty is on ||x||^2, never on the evaluated ||scaling * x||^2. */
    @Test
    void identityPenaltyIgnoresTheEvaluationScaling() {
        double[] f = FitnessMapping.identity(0.5).apply(new double[] {2, 3}, genomes(new double[][] {{1, 1}, {0, 0}}), 4);
        assertArrayEquals(new double[] {2 * Math.exp(-1), 3}, f, 1e-15);
    }

    /** The RL penalty, by contrast, is on the evaluated genome: ||4 * (1, 0)||^2 = 16. */
    @Test
    void rlPenaltyIsOnTheEvaluatedGenome() {
        double[] f = FitnessMapping.rl(1, 0.1).apply(new double[] {5, 5}, genomes(new double[][] {{1, 0}, {0, 0}}), 4);
        assertArrayEquals(new double[] {Math.exp(-1.6), 1}, f, 1e-15);
    }

    @Test
    void energyTreatsScoresAsNegatedEnergies() {
        // scores (0, -1) are energies g = (0, 1); -g/T = (0, -1), max 0: f = (e^5, e^4)
        double[] f = FitnessMapping.energy(1).apply(new double[] {0, -1});
        assertArrayEquals(new double[] {Math.exp(5), Math.exp(4)}, f, 1e-12);
        FitnessMapping.Energy e = (FitnessMapping.Energy) FitnessMapping.energy(2);
        // g = (4, 2), T = 2: -g/T = (-2, -1), max -1: f = (e^{-2+1+5}, e^{-1+1+5})
        assertArrayEquals(new double[] {Math.exp(4), Math.exp(5)}, e.fromEnergies(new double[] {4, 2}), 1e-12);
    }

    @Test
    void power() {
        // (g / T)^p with T = 2, p = 3: (4/2)^3 = 8, (1/2)^3 = 0.125
        assertArrayEquals(new double[] {8, 0.125}, FitnessMapping.power(3, 2).apply(new double[] {4, 1}), 1e-15);
    }

    /** An even power would turn the worst score -3 into the best fitness 9; it must be refused instead. */
    @Test
    void powerRejectsANegativeScoreNamingTheIndividual() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FitnessMapping.power(2, 1).apply(new double[] {-3, 1, 2}));
        assertTrue(e.getMessage().contains("individual 0") && e.getMessage().contains("-3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FitnessMapping.power(1, 1).apply(new double[] {1, -0.5}));
        assertTrue(e.getMessage().contains("individual 1"), e.getMessage());
        assertArrayEquals(new double[] {0, 1}, FitnessMapping.power(2, 1).apply(new double[] {0, 1}), 0);
    }

    @Test
    void rlSubtractsTheBestReturnAndPenalisesTheNorm() {
        // R = (10, 8), T = 2: exp(0), exp(-1)
        assertArrayEquals(new double[] {1, Math.exp(-1)}, FitnessMapping.rl(2, 0).apply(new double[] {10, 8}), 1e-15);
        // weight decay 0.1 on ||x||^2 = (4, 0): exp(0 - 0.4), exp(-1 - 0)
        double[] f = FitnessMapping.rl(2, 0.1).apply(new double[] {10, 8}, genomes(new double[][] {{2, 0}, {0, 0}}), 1);
        assertArrayEquals(new double[] {Math.exp(-0.4), Math.exp(-1)}, f, 1e-15);
        // large negative returns do not underflow the best one
        assertEquals(1.0, FitnessMapping.rl().apply(new double[] {-1e6, -1e6 - 1})[0], 0);
    }

    @Test
    void errorsNameTheIndividual() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FitnessMapping.identity().apply(new double[] {1, 2, -0.5}));
        assertTrue(e.getMessage().contains("individual 2") && e.getMessage().contains("-0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FitnessMapping.rl().apply(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("individual 1") && e.getMessage().contains("NaN"), e.getMessage());
        // (-1)^0.5 is NaN
        e = assertThrows(IllegalArgumentException.class,
                () -> FitnessMapping.power(0.5, 1).apply(new double[] {1, -1}));
        assertTrue(e.getMessage().contains("individual 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FitnessMapping.rl(1, 0.1).apply(new double[] {1}));
        assertTrue(e.getMessage().contains("genomes"), e.getMessage());
    }

    @Test
    void specFormatParsesBack() {
        for (FitnessMapping m : List.of(FitnessMapping.identity(), FitnessMapping.identity(0.25), FitnessMapping.energy(0.5),
                FitnessMapping.power(2, 3), FitnessMapping.rl(), FitnessMapping.rl(0.5, 1e-3))) {
            assertEquals(m, FitnessMapping.parse(m.spec()));
        }
        assertEquals(FitnessMapping.rl(0.25, 0), FitnessMapping.parse("rl(temperature=0.25)"));
        assertEquals(FitnessMapping.rl(1, 0.01), FitnessMapping.parse("rl(weight_decay=0.01)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FitnessMapping.parse("rank"))
                .getMessage().contains("rank"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FitnessMapping.parse("energy(power=2)"))
                .getMessage().contains("power"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FitnessMapping.energy(0))
                .getMessage().contains("temperature"));
    }
}
