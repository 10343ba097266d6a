package org.diffevo4j.gpu;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On a GPU: the fat binary's returns against the JVM evaluator's. CUDA's cos/sin/tanh may differ from
 * Java's in the last bits, which can change an episode's length after many steps, so this asks for
 * agreement on at least 95% of the episodes (the host build is held to exact agreement). Skips
 * without a driver and GPU. Not yet run on a GPU.
 */
@Tag("gpu")
class DeviceAgreementTest {

    @Test
    void gpuAgreesWithJvm() {
        assumeTrue(NoDriverTest.driverPresent(), "no NVIDIA driver");
        // 8: the one-thread-per-copy kernel; 64-64: the cooperative kernel
        for (int[] hidden : new int[][] {{8}, {64, 64}}) {
            for (String id : new String[] {"CartPole-v1", "MountainCar-v0"}) {
                EnvSpec spec = Environments.spec(id);
                PolicySpec policy = PolicySpec.forEnv(spec, hidden);
                int p = 4096;
                Random r = new Random(3);
                double[] pop = new double[p * policy.parameterCount()];
                for (int i = 0; i < pop.length; i++) {
                    pop[i] = r.nextGaussian();
                }
                long[] seeds = EpisodeSeeds.derive(5, p);
                EvaluationResult jvm;
                try (PopulationEvaluator ev = PopulationEvaluators.create(Backend.JVM, id, policy, 2, 100_000)) {
                    jvm = ev.evaluate(pop, 1, seeds);
                }
                EvaluationResult gpu;
                try (CudaEvaluator ev = createOrSkip(spec, policy)) {
                    gpu = ev.evaluate(pop, 1, seeds);
                }
                int same = 0;
                for (int k = 0; k < p; k++) {
                    same += jvm.returns()[k] == gpu.returns()[k] && jvm.lengths()[k] == gpu.lengths()[k] ? 1 : 0;
                }
                assertTrue(same >= 0.95 * p, id + " " + policy + ": " + same + " of " + p + " episodes agree");
            }
        }
    }

    private static CudaEvaluator createOrSkip(EnvSpec spec, PolicySpec policy) {
        try {
            return CudaEvaluator.onDevice(spec, policy, 100_000, 0);
        } catch (CudaException e) {
            assumeTrue(false, "no usable GPU: " + e.getMessage());
            throw e;
        }
    }
}
