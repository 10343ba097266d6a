package org.diffevo4j.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.diffevo4j.environments.EnvSpec;
import org.junit.jupiter.api.Test;

/** Episode bookkeeping on the fake environment: threads, caps, done masks, NaN reporting. */
class EvaluatorBehaviourTest {

    static final int MAX_LEN = 12;

    static double[] genomes(PolicySpec ps, int pop, long seed) {
        Random r = new Random(seed);
        double[] g = new double[pop * ps.parameterCount()];
        for (int k = 0; k < g.length; k++) {
            g[k] = r.nextGaussian();
        }
        return g;
    }

    @Test
    void threadCountDoesNotChangeResults() {
        EnvSpec spec = ForwardEquivalenceTest.continuousSpec();
        PolicySpec ps = PolicySpec.forEnv(spec, 6);
        int pop = 301;
        int episodes = 3;
        double[] g = genomes(ps, pop, 1);
        long[] seeds = EpisodeSeeds.derive(77, pop * episodes);
        EvaluationResult ref = null;
        for (int threads : new int[] {1, 2, 3, 7}) {
            try (JvmEvaluator ev = new JvmEvaluator(spec, n -> new FakeVectorEnv(spec, n, MAX_LEN), ps, threads, 1000)) {
                EvaluationResult r = ev.evaluate(g, episodes, seeds);
                // call twice: cached slices and environments must be reset properly
                EvaluationResult again = ev.evaluate(g, episodes, seeds);
                assertArrayEquals(r.returns(), again.returns());
                if (ref == null) {
                    ref = r;
                } else {
                    assertArrayEquals(ref.returns(), r.returns(), "threads " + threads);
                    assertArrayEquals(ref.lengths(), r.lengths(), "threads " + threads);
                    assertArrayEquals(ref.meanReturns(), r.meanReturns(), "threads " + threads);
                }
            }
        }
        try (Nd4jEvaluator nd = new Nd4jEvaluator(spec, n -> new FakeVectorEnv(spec, n, MAX_LEN), ps, 1000)) {
            EvaluationResult r = nd.evaluate(g, episodes, seeds);
            assertArrayEquals(ref.lengths(), r.lengths());
            assertArrayEquals(ref.returns(), r.returns(), 1e-9);
        }
        // per-individual mean is the mean of its episodes
        assertEquals((ref.returns()[3] + ref.returns()[4] + ref.returns()[5]) / 3, ref.meanReturns()[1], 1e-12);
    }

    @Test
    void finishedCopiesAreNotSteppedAndLoopStopsWhenAllDone() {
        EnvSpec d = ForwardEquivalenceTest.discreteSpec();
        EnvSpec spec = new EnvSpec(d.id(), d.observationSpace(), d.actionSpace(), 1000, null);
        PolicySpec ps = PolicySpec.forEnv(spec, 4);
        long[] seeds = {3, 0, 7, 1, 11};   // lengths 1 + seed mod 12: 4, 1, 8, 2, 12
        for (int which = 0; which < 2; which++) {
            List<FakeVectorEnv> made = new ArrayList<>();
            PopulationEvaluator ev = which == 0
                    ? new JvmEvaluator(spec, n -> add(made, new FakeVectorEnv(spec, n, MAX_LEN)), ps, 1, 1000)
                    : new Nd4jEvaluator(spec, n -> add(made, new FakeVectorEnv(spec, n, MAX_LEN)), ps, 1000);
            EvaluationResult r = ev.evaluate(genomes(ps, 5, 2), 1, seeds);
            assertArrayEquals(new int[] {4, 1, 8, 2, 12}, r.lengths());
            // the fake env throws if stepped with nothing active, and counts calls: exactly the longest episode
            assertEquals(12, made.get(0).stepCalls);
            for (boolean t : r.terminated()) {
                assertTrue(t);
            }
            assertEquals(4 + 1 + 8 + 2 + 12, r.agentSteps());
            ev.close();
        }
    }

    private static FakeVectorEnv add(List<FakeVectorEnv> list, FakeVectorEnv f) {
        list.add(f);
        return f;
    }

    @Test
    void capTruncatesAndSuccessFollowsThreshold() {
        EnvSpec base = ForwardEquivalenceTest.discreteSpec();
        EnvSpec spec = new EnvSpec(base.id(), base.observationSpace(), base.actionSpace(), 100, 2.0);
        PolicySpec ps = PolicySpec.forEnv(spec, 4);
        long[] seeds = {3, 0, 7, 1, 11};
        try (JvmEvaluator ev = new JvmEvaluator(spec, n -> new FakeVectorEnv(spec, n, MAX_LEN), ps, 1, 3)) {
            assertEquals(3, ev.maxEpisodeSteps());
            EvaluationResult r = ev.evaluate(genomes(ps, 5, 3), 1, seeds);
            assertArrayEquals(new int[] {3, 1, 3, 2, 3}, r.lengths());
            assertArrayEquals(new boolean[] {false, true, false, true, false}, r.terminated());
            for (int k = 0; k < 5; k++) {
                // rewards are action + 0.25 >= 0.25; success iff return >= 2.0
                assertEquals(r.returns()[k] >= 2.0, r.success()[k]);
            }
        }
        // without a threshold: success = terminated before any limit
        EnvSpec noThr = ForwardEquivalenceTest.discreteSpec();
        try (JvmEvaluator ev = new JvmEvaluator(noThr, n -> new FakeVectorEnv(noThr, n, MAX_LEN), ps, 1, 3)) {
            EvaluationResult r = ev.evaluate(genomes(ps, 5, 3), 1, seeds);
            assertArrayEquals(new boolean[] {false, true, false, true, false}, r.success());
            assertEquals(0.4, r.successRate(), 1e-12);
        }
    }

    @Test
    void nanRewardNamesLowestIndividualAndStep() {
        EnvSpec spec = ForwardEquivalenceTest.discreteSpec();
        PolicySpec ps = PolicySpec.forEnv(spec, 4);
        int pop = 200;
        long[] seeds = new long[pop * 2];
        for (int k = 0; k < seeds.length; k++) {
            seeds[k] = 12L * (100 + k) + 11;    // every episode lasts 12 steps (capped at 7 by the spec)
        }
        for (int which = 0; which < 3; which++) {
            PopulationEvaluator ev = switch (which) {
                case 0 -> new JvmEvaluator(spec, n -> nanEnv(spec, n, seeds), ps, 1, 100);
                case 1 -> new JvmEvaluator(spec, n -> nanEnv(spec, n, seeds), ps, 4, 100);
                default -> new Nd4jEvaluator(spec, n -> nanEnv(spec, n, seeds), ps, 100);
            };
            NonFiniteRewardException e = assertThrows(NonFiniteRewardException.class,
                    () -> ev.evaluate(genomes(ps, pop, 4), 2, seeds));
            assertEquals(150, e.individual());
            assertEquals(1, e.episode());
            assertEquals(5, e.step());
            assertTrue(e.getMessage().contains("individual 150"), e.getMessage());
            ev.close();
        }
    }

    private static FakeVectorEnv nanEnv(EnvSpec spec, int n, long[] seeds) {
        FakeVectorEnv f = new FakeVectorEnv(spec, n, MAX_LEN);
        f.nanSeed = seeds[301];    // individual 150, episode 1
        f.nanStep = 5;
        return f;
    }

    @Test
    void rejectsMismatchedArguments() {
        EnvSpec spec = ForwardEquivalenceTest.discreteSpec();
        PolicySpec ps = PolicySpec.forEnv(spec, 4);
        try (JvmEvaluator ev = new JvmEvaluator(spec, n -> new FakeVectorEnv(spec, n, MAX_LEN), ps, 1, 10)) {
            int d = ps.parameterCount();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ev.evaluate(new double[d * 2 + 1], 1, new long[2]));
            assertTrue(e.getMessage().contains("dimension"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ev.evaluate(new double[d * 2], 2, new long[2]));
            assertTrue(e.getMessage().contains("seed"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ev.evaluate(new double[d * 2], 0, new long[0]));
            assertTrue(e.getMessage().contains("episodes"), e.getMessage());
        }
    }

    @Test
    void matrixInputEqualsFlatInputForPlainAndViewMatrices() {
        EnvSpec spec = ForwardEquivalenceTest.continuousSpec();
        PolicySpec ps = PolicySpec.forEnv(spec, 5);
        int d = ps.parameterCount();
        double[] g = genomes(ps, 20, 9);
        long[] seeds = EpisodeSeeds.derive(5, 10);
        try (JvmEvaluator ev = new JvmEvaluator(spec, n -> new FakeVectorEnv(spec, n, MAX_LEN), ps, 1, 100)) {
            EvaluationResult flat = ev.evaluate(java.util.Arrays.copyOfRange(g, 10 * d, 20 * d), 1, seeds);
            org.nd4j.linalg.api.ndarray.INDArray all = org.nd4j.linalg.factory.Nd4j.create(g, new long[] {20, d},
                    org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            // rows 10..19: a view with an offset into a larger buffer
            org.nd4j.linalg.api.ndarray.INDArray view = all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(10, 20),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            assertArrayEquals(flat.returns(), ev.evaluate(view, 1, seeds).returns());
            assertArrayEquals(flat.returns(), ev.evaluate(view.dup('f'), 1, seeds).returns());
            assertArrayEquals(flat.returns(), ev.evaluate(view.dup('c'), 1, seeds).returns());
            assertThrows(IllegalArgumentException.class, () -> ev.evaluate(all.getColumn(0), 1, seeds));
        }
    }

    /** The step loop allocates nothing: a call whose episodes are 100x longer allocates no more. */
    @Test
    void jvmStepLoopDoesNotAllocatePerStep() {
        assertNoAllocationPerStep(JvmEvaluator.Path.LANES, 8);
    }

    /**
     * The same for the per-copy path with a policy wide enough to use the dense kernels (with the
     * Vector API, a vector that C2 fails to keep in registers is boxed: kilobytes per step).
     */
    @Test
    void perCopyStepLoopDoesNotAllocatePerStep() {
        assertNoAllocationPerStep(JvmEvaluator.Path.PER_COPY, 24, 20);
    }

    private static void assertNoAllocationPerStep(JvmEvaluator.Path path, int... hidden) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) mx;
        EnvSpec d = ForwardEquivalenceTest.discreteSpec();
        EnvSpec spec = new EnvSpec(d.id(), d.observationSpace(), d.actionSpace(), 5000, null);
        PolicySpec ps = PolicySpec.forEnv(spec, hidden);
        int pop = 64;
        double[] g = genomes(ps, pop, 8);
        long[] shortSeeds = new long[pop];
        long[] longSeeds = new long[pop];
        for (int k = 0; k < pop; k++) {
            shortSeeds[k] = 4000L * k + 1;       // 2 steps
            longSeeds[k] = 4000L * k + 1999;     // 2000 steps
        }
        long[] allocated = new long[2];
        for (int which = 0; which < 2; which++) {
            long[] seeds = which == 0 ? shortSeeds : longSeeds;
            try (JvmEvaluator ev = new JvmEvaluator(spec, n -> new FakeVectorEnv(spec, n, 4000), ps, 1, 5000, path)) {
                for (int rep = 0; rep < 3; rep++) {
                    ev.evaluate(g, 1, seeds);      // warm-up: slices, environment, JIT
                }
                long before = tmx.getThreadAllocatedBytes(Thread.currentThread().getId());
                EvaluationResult r = ev.evaluate(g, 1, seeds);
                allocated[which] = tmx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
                assertEquals(which == 0 ? 2 : 2000, r.lengths()[0]);
            }
        }
        // 64 copies x 2000 steps: even 8 bytes per agent-step would be 1 MB more
        assertTrue(allocated[1] - allocated[0] < 16_384,
                path + ": short episodes allocated " + allocated[0] + " bytes, long ones " + allocated[1]);
    }
}
