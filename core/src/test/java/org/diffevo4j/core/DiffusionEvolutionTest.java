package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DiffusionEvolutionTest {

    /** Maximised: minus the squared distance to (1, -0.5, 0, ...). */
    static double[] score(INDArray pop) {
        double[][] x = pop.toDoubleMatrix();
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double d = 0;
            for (int j = 0; j < x[i].length; j++) {
                double c = j == 0 ? 1 : j == 1 ? -0.5 : 0;
                d += (x[i][j] - c) * (x[i][j] - c);
            }
            s[i] = -d;
        }
        return s;
    }

    static double[] flat(INDArray a) {
        return a.dup('c').data().asDouble();
    }

    static StrategyState viaJson(StrategyState s) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return json.readValue(json.writeValueAsString(s), StrategyState.class);
    }

    /**
     * T = 2 is one update and a final evaluation. The run draws x from Rng(seed) then, for the
     * update, z from the same generator; replaying that by hand with {@link DiffusionUpdate} gives
     * the same population bit for bit.
     */
    @Test
    void twoStepRunIsOneUpdateAndAFinalEvaluation() {
        DiffusionConfig c = DiffusionConfig.defaults().withPopulationSize(5).withSteps(2).withScaling(2.0);
        DiffusionEvolution de = new DiffusionEvolution(c, 3, 17);
        Rng r = new Rng(17);
        double[] x = new double[15];
        r.fillGaussian(x);
        INDArray x1 = Nd4j.create(x, new long[] {5, 3}, DataType.DOUBLE);
        assertArrayEquals(flat(x1.mul(2.0)), flat(de.ask()), 0);
        assertEquals(1, de.stepIndex());
        assertNull(de.lastX0());

        INDArray asked = de.ask();
        double[] s = score(asked);
        de.tell(s);
        assertFalse(de.isDone());
        double[] alpha = Schedule.cosine(2);
        double[] z = new double[15];
        r.fillGaussian(z);
        double[] f = FitnessMapping.rl().apply(s);
        DiffusionUpdate.Result expected = DiffusionUpdate.update(x1, f, alpha[1], alpha[0], 1.0,
                Nd4j.create(z, new long[] {5, 3}, DataType.DOUBLE));
        assertArrayEquals(flat(expected.next().mul(2.0)), flat(de.ask()), 0);
        assertArrayEquals(flat(expected.x0().mul(2.0)), flat(de.lastX0()), 0);
        assertArrayEquals(f, de.lastFitness(), 0);
        assertEquals(0, de.stepIndex());
        assertEquals(alpha[0], de.alpha(), 0);

        INDArray x0Before = de.lastX0();
        de.tell(score(de.ask()));
        assertTrue(de.isDone());
        assertEquals(2, de.generation());
        // the final evaluation makes no update
        assertArrayEquals(flat(x0Before), flat(de.lastX0()), 0);
        assertThrows(IllegalStateException.class, de::ask);
        assertThrows(IllegalStateException.class, () -> de.tell(new double[5]));
    }

    @Test
    void bestIsTheBestRawScoreWithItsEvaluatedGenome() {
        DiffusionEvolution de = new DiffusionEvolution(DiffusionConfig.defaults().withPopulationSize(16).withSteps(5)
                .withScaling(3.0), 2, 3);
        assertThrows(IllegalStateException.class, de::best);
        double best = Double.NEGATIVE_INFINITY;
        double[] bestGenome = null;
        while (!de.isDone()) {
            INDArray x = de.ask();
            double[] s = score(x);
            for (int i = 0; i < s.length; i++) {
                if (s[i] > best) {
                    best = s[i];
                    bestGenome = x.getRow(i).toDoubleVector();
                }
            }
            de.tell(s);
        }
        assertEquals(best, de.best().fitness(), 0);
        assertArrayEquals(bestGenome, de.best().genome(), 0);
    }

    @Test
    void convergesOnAShiftedQuadratic() {
        DiffusionConfig c = DiffusionConfig.builder().populationSize(256).steps(25).eta(0.1)
                .fitnessMapping(FitnessMapping.rl(0.1, 0)).build();
        DiffusionEvolution de = new DiffusionEvolution(c, 2, 5);
        double first = Double.NaN;
        while (!de.isDone()) {
            INDArray x = de.ask();
            double[] s = score(x);
            if (de.generation() == 0) {
                first = java.util.Arrays.stream(s).map(v -> -v).average().orElseThrow();
            }
            de.tell(s);
        }
        // the population starts ~ N(0, I), mean squared distance ~ 2 + 1.25; it ends near (1, -0.5)
        INDArray x0 = de.lastX0();
        double mean = java.util.Arrays.stream(score(x0)).map(v -> -v).average().orElseThrow();
        assertTrue(first > 2, "first " + first);
        assertTrue(mean < 0.05, "mean squared distance of the final x0 estimate " + mean);
        assertTrue(-de.best().fitness() < 1e-3, "best " + de.best().fitness());
    }

    /**
     * With scaling 3 the two norm penalties differ by a factor 9 in the exponent: identity's is on
     * the internal x, the RL mapping's on the evaluated 3x (docs/algorithm.md section 3).
     */
    @Test
    void normPenaltiesUseTheSpecifiedGenomes() {
        DiffusionEvolution id = new DiffusionEvolution(
                new DiffusionConfig(4, 3, "cosine", 1.0, "identity(lambda=0.5)", 3.0), 2, 7);
        double[][] x = id.population().toDoubleMatrix();
        double[] scores = {1, 2, 3, 4};
        id.tell(scores);
        DiffusionEvolution rl = new DiffusionEvolution(
                new DiffusionConfig(4, 3, "cosine", 1.0, "rl(temperature=1,weight-decay=0.1)", 3.0), 2, 7);
        rl.tell(scores);
        for (int i = 0; i < 4; i++) {
            double sq = x[i][0] * x[i][0] + x[i][1] * x[i][1];
            assertEquals(scores[i] * Math.exp(-0.5 * sq), id.lastFitness()[i], 1e-12, "identity, individual " + i);
            assertEquals(Math.exp(scores[i] - 4 - 0.1 * 9 * sq), rl.lastFitness()[i], 1e-12, "rl, individual " + i);
        }
    }

    @Test
    void sameSeedSameRunOtherSeedOtherRun() {
        DiffusionConfig c = DiffusionConfig.defaults().withPopulationSize(12).withSteps(6);
        DiffusionEvolution a = new DiffusionEvolution(c, 4, 9);
        DiffusionEvolution b = new DiffusionEvolution(c, 4, 9);
        DiffusionEvolution other = new DiffusionEvolution(c, 4, 10);
        assertFalse(java.util.Arrays.equals(flat(a.ask()), flat(other.ask())));
        while (!a.isDone()) {
            assertArrayEquals(flat(a.ask()), flat(b.ask()), 0);
            assertArrayEquals(flat(a.ask()), flat(a.ask()), 0, "ask() twice, same population");
            a.tell(score(a.ask()));
            b.tell(score(b.ask()));
        }
        assertArrayEquals(flat(a.lastX0()), flat(b.lastX0()), 0);
    }

    /** Saved after k tells, restored into a run with another seed, both continue bit for bit. */
    @Test
    void stateRoundTripContinuesBitForBit() throws Exception {
        DiffusionConfig c = DiffusionConfig.defaults().withPopulationSize(10).withSteps(7).withScaling(1.5);
        for (int k : new int[] {0, 1, 4, 6, 7}) {
            DiffusionEvolution original = new DiffusionEvolution(c, 3, 21);
            for (int g = 0; g < k; g++) {
                original.tell(score(original.ask()));
            }
            StrategyState saved = viaJson(original.state());
            DiffusionEvolution resumed = new DiffusionEvolution(c, 3, 999);
            resumed.restore(saved);
            assertEquals(k, resumed.generation());
            while (!original.isDone()) {
                INDArray a = original.ask();
                assertArrayEquals(flat(a), flat(resumed.ask()), 0, "k = " + k);
                original.tell(score(a));
                resumed.tell(score(a));
            }
            assertTrue(resumed.isDone());
            assertArrayEquals(flat(original.lastX0()), flat(resumed.lastX0()), 0);
            assertArrayEquals(original.best().genome(), resumed.best().genome(), 0);
            assertEquals(original.best().fitness(), resumed.best().fitness(), 0);
            assertArrayEquals(original.state().rng(), resumed.state().rng());
        }
    }

    @Test
    void restoreRejectsForeignStates() {
        DiffusionConfig c = DiffusionConfig.defaults().withPopulationSize(4).withSteps(3);
        DiffusionEvolution de = new DiffusionEvolution(c, 2, 1);
        StrategyState s = de.state();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiffusionEvolution(c, 3, 1).restore(s));
        assertTrue(e.getMessage().contains("dimension"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DiffusionEvolution(c.withEta(0.5), 2, 1).restore(s));
        assertTrue(e.getMessage().contains("config"), e.getMessage());
        StrategyState other = new StrategyState("cmaes", 2, 0, s.rng(), s.arrays(), s.scalars(), s.config());
        e = assertThrows(IllegalArgumentException.class, () -> de.restore(other));
        assertTrue(e.getMessage().contains("cmaes"), e.getMessage());
        Map<String, double[]> arrays = new HashMap<>(s.arrays());
        arrays.put("population", new double[3]);
        StrategyState shortPop = new StrategyState(s.strategy(), 2, 0, s.rng(), arrays, s.scalars(), s.config());
        e = assertThrows(IllegalArgumentException.class, () -> de.restore(shortPop));
        assertTrue(e.getMessage().contains("population") && e.getMessage().contains("8"), e.getMessage());
    }

    @Test
    void badScoresAreRejectedAndLeaveTheStateUnchanged() {
        DiffusionConfig c = DiffusionConfig.defaults().withPopulationSize(4).withSteps(3)
                .withFitnessMapping(FitnessMapping.identity());
        DiffusionEvolution de = new DiffusionEvolution(c, 2, 1);
        double[] before = flat(de.ask());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> de.tell(new double[] {1, 2, Double.NaN, 4}));
        assertTrue(e.getMessage().contains("individual 2") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> de.tell(new double[] {1, -3, 2, 4}));
        assertTrue(e.getMessage().contains("individual 1") && e.getMessage().contains("-3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> de.tell(new double[] {1, 2}));
        assertTrue(e.getMessage().contains("4 scores"), e.getMessage());
        assertEquals(0, de.generation());
        assertArrayEquals(before, flat(de.ask()), 0);
        de.tell(new double[] {1, 2, 3, 4});
        assertEquals(1, de.generation());
    }

    @Test
    void configValidatesAndRoundTripsThroughItsMapFormat() {
        assertThrows(IllegalArgumentException.class, () -> DiffusionConfig.defaults().withSteps(1));
        assertThrows(IllegalArgumentException.class, () -> DiffusionConfig.defaults().withPopulationSize(0));
        assertThrows(IllegalArgumentException.class, () -> DiffusionConfig.defaults().withEta(1.5));
        assertThrows(IllegalArgumentException.class, () -> DiffusionConfig.defaults().withScaling(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiffusionConfig(8, 4, "cosine", 1, "softmax", 1));
        assertTrue(e.getMessage().contains("softmax"), e.getMessage());
        DiffusionConfig c = new DiffusionConfig(8, 4, "linear_power(power=2)", 0.5, "rl(temperature=0.5)", 4);
        assertEquals(Schedule.linearPower(2, 1e-4), c.alphaSchedule());
        assertEquals(FitnessMapping.rl(0.5, 0), c.mapping());
        Map<String, String> map = org.diffevo4j.core.options.RecordOptions.toMap(c);
        assertEquals(c, org.diffevo4j.core.options.RecordOptions.fromMap(DiffusionConfig.defaults(), map));
        assertThrows(IllegalArgumentException.class, () -> new DiffusionEvolution(c, 0, 1));
    }
}
