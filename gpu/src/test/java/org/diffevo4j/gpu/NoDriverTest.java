package org.diffevo4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.Map;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.EvaluatorEngine;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.Test;

/** The engine is found through ServiceLoader; without a driver the cuda path fails with one clear message. */
class NoDriverTest {

    static boolean driverPresent() {
        try {
            CudaDriver.load();
            return true;
        } catch (CudaException e) {
            return false;
        }
    }

    @Test
    void engineIsFoundByName() {
        EvaluatorEngine e = EvaluatorEngine.find("cuda", NoDriverTest.class.getClassLoader());
        assertEquals("cuda", e.name());
        assertTrue(e instanceof CudaEngine);
    }

    @Test
    void withoutDriverOneClearMessage() {
        assumeFalse(driverPresent(), "an NVIDIA driver is present");
        assertFalse(CudaEvaluator.available());
        CudaException ex = assertThrows(CudaException.class, () -> CudaEvaluator.onDevice(
                Environments.spec("CartPole-v1"), PolicySpec.forEnv(Environments.spec("CartPole-v1"), 8), 500, 0));
        assertTrue(ex.getMessage().contains("needs an NVIDIA GPU and its driver"), ex.getMessage());
        // through the engine (as the CLI calls it, with the partitions option it always passes): the same
        // message as an IllegalArgumentException, which the CLI reports as a user error
        IllegalArgumentException ue = assertThrows(IllegalArgumentException.class, () -> EvaluatorEngine.find("cuda",
                NoDriverTest.class.getClassLoader()).create("CartPole-v1", new int[] {8}, Activation.RELU, 500,
                Map.of("partitions", "0")));
        assertEquals(ex.getMessage(), ue.getMessage());
    }

    @Test
    void unsupportedEnvironmentAndOptionsAreUserErrors() {
        EnvSpec cp = Environments.spec("CartPole-v1");
        EnvSpec other = new EnvSpec("Other-v0", cp.observationSpace(), cp.actionSpace(), 500, null);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> CudaEvaluator.onDevice(
                other, PolicySpec.forEnv(other, 8), 200, 0));
        assertTrue(ex.getMessage().contains("not implemented yet"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CudaEngine().create("CartPole-v1", new int[] {8},
                Activation.RELU, 500, Map.of("gpu", "1")));
        assertThrows(IllegalArgumentException.class, () -> CudaEvaluator.onDevice(Environments.spec("CartPole-v1"),
                PolicySpec.forEnv(Environments.spec("CartPole-v1"), 65), 500, 0));
    }
}
