package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** ND4J device selection: clear errors for impossible requests; a GPU run where a GPU exists. */
class DeviceTest {

    @TempDir
    Path tmp;

    static boolean cudaBackend() {
        try {
            return Nd4jDevice.isCuda(Nd4j.getBackend().getClass().getName());
        } catch (Throwable t) {
            return false;
        }
    }

    @Test
    void impossibleDeviceRequestsFailClearly() {
        Cli bad = Cli.run("train", "--env", "CartPole-v1", "--device", "tpu", "--out", tmp.resolve("a").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("allowed values: auto, cpu, cuda"), bad.err());
        String other = cudaBackend() ? "cpu" : "cuda";
        Cli wrong = Cli.run("train", "--env", "CartPole-v1", "--device", other, "--out", tmp.resolve("b").toString());
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("--device " + other) && wrong.err().contains("build"), wrong.err());
        assertTrue(!Files.exists(tmp.resolve("b")), "nothing written");
    }

    @Test
    @Tag("gpu")
    void trainsOnTheGpuWhereThereIsOne() throws Exception {
        assumeTrue(cudaBackend(), "no CUDA backend/GPU here: skipped");
        Path out = tmp.resolve("gpu");
        Cli c = Cli.run("train", "--env", "CartPole-v1", "--device", "cuda", "--backend", "nd4j", "--population", "4096",
                "--steps", "5", "--quiet", "--out", out.toString());
        assertEquals(0, c.code(), c.all());
        String cfg = Files.readString(out.resolve("config.json"));
        assertTrue(cfg.contains("nd4j-cuda") && cfg.contains("GPU"), cfg);
    }
}
