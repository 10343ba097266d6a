package org.diffevo4j.agents.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.diffevo4j.agents.Backend;
import org.junit.jupiter.api.Test;

class RlProtocolTest {

    static ProtocolConfig small(int threads) {
        return ProtocolConfig.paper("CartPole-v1", "diffusion", 11).withPopulationSize(48).withSteps(5)
                .withHidden(4).withThreads(threads).withBackend(Backend.JVM);
    }

    @Test
    void runsTheProtocolAndReportsEveryStep() {
        List<StepMetrics> seen = new ArrayList<>();
        try (RlProtocol run = new RlProtocol(small(2))) {
            ProtocolResult r = run.run((m, self) -> seen.add(m));
            assertEquals(5, seen.size());
            assertEquals(5, run.completedSteps());
            assertTrue(run.isDone());
            for (int t = 0; t < 5; t++) {
                StepMetrics m = seen.get(t);
                assertEquals(t, m.step());
                assertTrue(m.returnMin() <= m.returnMean() && m.returnMean() <= m.returnMax());
                assertTrue(m.returnMin() >= 8 && m.returnMax() <= 500, m.toString());
                assertTrue(m.agentSteps() >= 48L * 8);
            }
            // alphas go from the noisiest (last schedule entry) to the cleanest
            assertTrue(seen.get(0).alpha() < seen.get(4).alpha());
            assertEquals(48, r.finalReturns().length);
            assertEquals(seen.get(4).returnMean(), r.finalEvaluation().mean(), 0.0);
            assertEquals(run.policy().parameterCount(), r.bestParameters().length);
            assertEquals(seen.get(4).bestReturn(), r.bestReturn(), 0.0);
            assertThrows(IllegalStateException.class, run::step);
        }
    }

    @Test
    void resumeFromStateIsBitIdenticalAndThreadsDoNotMatter() {
        ProtocolResult full;
        try (RlProtocol run = new RlProtocol(small(1))) {
            full = run.run(null);
        }
        ProtocolState saved;
        try (RlProtocol first = new RlProtocol(small(2))) {
            first.step();
            first.step();
            saved = first.state();
        }
        try (RlProtocol second = RlProtocol.resume(small(2), saved)) {
            assertEquals(2, second.completedSteps());
            ProtocolResult r = second.run(null);
            assertEquals(3, r.history().size());
            assertArrayEquals(full.finalReturns(), r.finalReturns());
            assertArrayEquals(full.bestParameters(), r.bestParameters());
        }
        // a state from another strategy is refused
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RlProtocol.resume(small(1).withStrategy("cmaes"), saved));
        assertTrue(e.getMessage().contains("diffusion"), e.getMessage());
    }

    @Test
    void rejectsBadConfig() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small(1).withEpisodes(0));
        assertTrue(e.getMessage().contains("episodes"));
        e = assertThrows(IllegalArgumentException.class,
                () -> new RlProtocol(small(1).withStrategy("no-such-strategy")));
        assertTrue(e.getMessage().contains("no-such-strategy"), e.getMessage());
    }

    @Test
    void latentDiffusionResumesBitIdenticallyAndBaselinesRun() {
        ProtocolConfig c = small(2).withStrategy("latent-diffusion").withSteps(4);
        ProtocolResult full;
        try (RlProtocol run = new RlProtocol(c)) {
            assertEquals("latent-diffusion", run.strategy().name());
            full = run.run(null);
        }
        ProtocolState saved;
        try (RlProtocol first = new RlProtocol(c)) {
            first.step();
            saved = first.state();
        }
        try (RlProtocol second = RlProtocol.resume(c, saved)) {
            assertArrayEquals(full.finalReturns(), second.run(null).finalReturns());
        }
        try (RlProtocol cma = new RlProtocol(small(1).withStrategy("cmaes").withPopulationSize(16).withSteps(3))) {
            ProtocolResult r = cma.run(null);
            assertEquals(3, r.history().size());
            assertEquals(16, r.finalReturns().length);
            assertTrue(Double.isNaN(r.history().get(0).alpha()));
        }
    }

    /** The paper's protocol end to end on CartPole (CI-sized: 3 seeds); the full check is QualityBenchmark. */
    @Test
    void paperProtocolBalancesCartPole() {
        double[] finals = new double[3];
        for (int s = 0; s < 3; s++) {
            try (RlProtocol run = new RlProtocol(ProtocolConfig.paper("CartPole-v1", "latent-diffusion", s + 1)
                    .withThreads(2))) {
                finals[s] = run.run(null).finalEvaluation().mean();
            }
        }
        java.util.Arrays.sort(finals);
        assertTrue(finals[1] >= 400, "median final mean return " + finals[1] + " of " + java.util.Arrays.toString(finals));
    }
}
