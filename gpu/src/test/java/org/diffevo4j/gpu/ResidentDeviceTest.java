package org.diffevo4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.core.DiffusionConfig;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On a GPU: the resident loop against its host build. The initial population (Philox normals) must
 * agree within 1e-13 relative (CUDA's log and cos against glibc's); the first generation's returns on at
 * least 95% of the individuals (CUDA's cos/sin in CartPole, as in {@link DeviceAgreementTest}); after
 * that the runs may part (one different return changes every fitness weight), so the rest of the run is
 * only required to finish with finite returns. Skips without a driver and GPU. Not yet run on a GPU.
 */
@Tag("gpu")
class ResidentDeviceTest {

    @Test
    void gpuRunMatchesHostBuildAtTheStart() {
        assumeTrue(NoDriverTest.driverPresent(), "no NVIDIA driver");
        EnvSpec env = Environments.spec("CartPole-v1");
        PolicySpec policy = PolicySpec.forEnv(env, 8);
        DiffusionConfig config = DiffusionConfig.defaults().withPopulationSize(1024).withSteps(4);
        ResidentDiffusion gpu;
        try {
            gpu = ResidentDiffusion.onDevice(env, policy, config, 2, 1, 500, 9, 0);
        } catch (CudaException e) {
            assumeTrue(false, "no usable GPU: " + e.getMessage());
            throw e;
        }
        try (ResidentDiffusion cpu = ResidentDiffusion.onHost(env, policy, config, 2, 1, 500, 9,
                HostAgreementTest.hostLibrary())) {
            double[] xg = gpu.population();
            double[] xc = cpu.population();
            for (int q = 0; q < xc.length; q++) {
                assertEquals(xc[q], xg[q], 1e-13 * Math.max(1, Math.abs(xc[q])), "initial entry " + q);
            }
            double[] rg = gpu.step();
            double[] rc = cpu.step();
            int same = 0;
            for (int i = 0; i < rc.length; i++) {
                same += rg[i] == rc[i] ? 1 : 0;
            }
            assertTrue(same >= 0.95 * rc.length, same + " of " + rc.length + " returns agree");
            while (!gpu.done()) {
                for (double r : gpu.step()) {
                    assertTrue(Double.isFinite(r));
                }
            }
        } finally {
            gpu.close();
        }
    }
}
