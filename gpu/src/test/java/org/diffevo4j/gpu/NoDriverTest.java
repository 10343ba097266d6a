package org.diffevo4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.Map;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EvaluatorEngine;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluators;
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
    void residentLoopWithoutDriverOneClearMessage() {
        assumeFalse(driverPresent(), "an NVIDIA driver is present");
        EnvSpec cp = Environments.spec("CartPole-v1");
        CudaException ex = assertThrows(CudaException.class, () -> ResidentDiffusion.onDevice(cp,
                PolicySpec.forEnv(cp, 8), org.diffevo4j.core.DiffusionConfig.defaults().withPopulationSize(16), 2, 1,
                500, 1, 0));
        assertTrue(ex.getMessage().contains("needs an NVIDIA GPU and its driver"), ex.getMessage());
    }

    @Test
    void backendCudaComesHereThroughTheSpi() {
        EnvSpec cp = Environments.spec("CartPole-v1");
        PolicySpec policy = PolicySpec.forEnv(cp, 8);
        assertEquals(Backend.JVM, PopulationEvaluators.resolve(Backend.JVM, cp, policy));
        assertEquals(Backend.CUDA, PopulationEvaluators.resolve(Backend.CUDA, cp, policy));
        // a custom environment or a policy the kernel does not hold never makes auto pick cuda
        EnvSpec other = new EnvSpec("Other-v0", cp.observationSpace(), cp.actionSpace(), 500, null);
        assertEquals(PopulationEvaluators.choose(policy), PopulationEvaluators.resolve(Backend.AUTO, other, policy));
        PolicySpec wide = PolicySpec.forEnv(cp, 257);
        assertEquals(PopulationEvaluators.choose(wide), PopulationEvaluators.resolve(Backend.AUTO, cp, wide));
        assumeFalse(driverPresent(), "an NVIDIA driver is present");
        // no driver: auto keeps the CPU rule, cuda fails with the driver's one line
        assertEquals(PopulationEvaluators.choose(policy), PopulationEvaluators.resolve(Backend.AUTO, cp, policy));
        assertFalse(new CudaEngine().available());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PopulationEvaluators.create(Backend.CUDA, "CartPole-v1", policy, 1, 500));
        assertTrue(e.getMessage().contains("needs an NVIDIA GPU and its driver"), e.getMessage());
        assertTrue(e.getCause() instanceof CudaException, String.valueOf(e.getCause()));
        e = assertThrows(IllegalArgumentException.class, () -> PopulationEvaluators.check(Backend.CUDA, cp, policy));
        assertTrue(e.getMessage().contains("needs an NVIDIA GPU and its driver"), e.getMessage());
        // the environment is checked before the driver
        e = assertThrows(IllegalArgumentException.class, () -> PopulationEvaluators.check(Backend.CUDA, other, policy));
        assertTrue(e.getMessage().contains("not implemented yet"), e.getMessage());
    }

    @Test
    void theProbeIsCheapWithoutADriver() {
        assumeFalse(CudaDriver.maybePresent(), "files suggest an NVIDIA driver here");
        // the file check alone decides: no JNA class is initialised (a JNA load takes ~0.1-1 s)
        long t = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertFalse(CudaDriver.maybePresent());
        }
        assertTrue(System.nanoTime() - t < 2_000_000_000L, "100 file probes took " + (System.nanoTime() - t) / 1e6 + " ms");
        assertFalse(CudaEvaluator.available());
    }

    @Test
    void hostBuildAnswersBackendCuda() {
        String lib = System.getProperty("diffevo4j.gpu.hostLibrary");
        org.junit.jupiter.api.Assumptions.assumeTrue(lib != null && java.nio.file.Files.exists(java.nio.file.Path.of(lib)),
                "no host build of rollout.cu");
        EnvSpec cp = Environments.spec("CartPole-v1");
        try (CudaEvaluator ev = CudaEvaluator.onHost(cp, PolicySpec.forEnv(cp, 8), 500, java.nio.file.Path.of(lib))) {
            assertEquals(Backend.CUDA, ev.backend());
        }
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
                PolicySpec.forEnv(Environments.spec("CartPole-v1"), 257), 500, 0));
    }
}
