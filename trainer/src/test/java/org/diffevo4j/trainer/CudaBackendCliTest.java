package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --backend cuda} from the default CLI (the gpu module is on its class path): on a machine
 * without an NVIDIA driver, train, eval and a resume fail with exit 2 and one line, before anything is
 * written; {@code auto} still runs on the CPU and says so in config.json.
 */
class CudaBackendCliTest {

    @TempDir
    static Path shared;

    static boolean gpuHere() {
        return Files.exists(Path.of("/proc/driver/nvidia")) || Files.exists(Path.of("/dev/nvidia0"));
    }

    @BeforeAll
    static void noGpu() {
        assumeFalse(gpuHere(), "an NVIDIA driver is present: these tests are about machines without one");
    }

    static void assertOneClearLine(Cli c) {
        assertEquals(2, c.code(), c.all());
        String err = c.err().strip();
        assertTrue(err.contains("NVIDIA GPU") && err.contains("driver") && err.contains("jvm"), err);
        assertFalse(err.contains("Exception"), err);
        assertFalse(err.contains("\tat "), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void trainWithBackendCudaFailsInOneLineBeforeWritingAnything() {
        Path out = shared.resolve("cuda-train");
        Cli c = Cli.run("train", "--env", "CartPole-v1", "--backend", "cuda", "--population", "16", "--steps", "2",
                "--quiet", "--out", out.toString());
        assertOneClearLine(c);
        assertFalse(Files.exists(out), "no run folder for a run that cannot start");
    }

    @Test
    void verboseShowsTheCause() {
        Cli c = Cli.run("train", "--env", "CartPole-v1", "--backend", "cuda", "--population", "16", "--steps", "2",
                "--quiet", "--verbose", "--out", shared.resolve("cuda-verbose").toString());
        assertEquals(2, c.code(), c.all());
        assertTrue(c.err().contains("CudaException"), c.err());
    }

    @Test
    void autoRunsOnTheCpuHereAndRecordsWhichBackendRan() throws Exception {
        PolicySpec ps = PolicySpec.forEnv(Environments.spec("CartPole-v1"), 8);
        // the gpu module is on the class path, but there is no GPU: auto keeps the CPU rule
        assertEquals(PopulationEvaluators.choose(ps),
                PopulationEvaluators.resolve(Backend.AUTO, Environments.spec("CartPole-v1"), ps));
        Path dir = shared.resolve("auto");
        Cli c = Cli.run("train", "--env", "CartPole-v1", "--population", "16", "--steps", "2", "--quiet",
                "--out", dir.toString());
        assertEquals(0, c.code(), c.all());
        Map<?, ?> config = ConfigFiles.JSON.readValue(Files.readString(dir.resolve("config.json")), Map.class);
        assertEquals("auto", config.get("backend"), config.toString());
        Map<?, ?> runtime = (Map<?, ?>) config.get("runtime");
        assertEquals("jvm", runtime.get("rollout_backend"), runtime.toString());
        assertFalse(runtime.containsKey("cuda_device"), runtime.toString());

        // eval: --backend cuda is one line too; auto runs (on the CPU) and says which backend ran
        Cli e = Cli.run("eval", dir.toString(), "--episodes", "3", "--backend", "cuda");
        assertOneClearLine(e);
        Path result = shared.resolve("eval-auto.json");
        Cli ok = Cli.run("eval", dir.toString(), "--episodes", "3", "--backend", "auto", "--out", result.toString());
        assertEquals(0, ok.code(), ok.all());
        assertTrue(Files.readString(result).contains("\"rollout_backend\" : \"jvm\"")
                || Files.readString(result).contains("\"rollout_backend\":\"jvm\""), Files.readString(result));
    }

    @Test
    void resumeAcceptsBackendCudaAndRefusesItHereWithoutTouchingTheRun() throws Exception {
        Path dir = shared.resolve("resume");
        Cli c = Cli.run("train", "--env", "CartPole-v1", "--population", "16", "--steps", "2", "--quiet",
                "--out", dir.toString());
        assertEquals(0, c.code(), c.all());
        String before = Files.readString(dir.resolve("config.json"));
        Cli r = Cli.run("train", "--resume", dir.toString(), "--backend", "cuda", "--quiet");
        assertOneClearLine(r);
        assertEquals(before, Files.readString(dir.resolve("config.json")));
        // not quiet: the start-up line names the backend asked for, then the same one line
        assertOneClearLine(Cli.run("train", "--resume", dir.toString(), "--backend", "cuda"));
        Cli bad = Cli.run("train", "--resume", dir.toString(), "--backend", "gpu");
        assertEquals(2, bad.code(), bad.all());
        assertTrue(bad.err().contains("'backend'") && bad.err().contains("cuda"), bad.err());
        assertEquals(before, Files.readString(dir.resolve("config.json")));
    }

    @Test
    void aConfigFileMayNameTheCudaBackend() throws Exception {
        Path cfg = shared.resolve("cuda.json");
        Files.writeString(cfg, "{\"env\": \"CartPole-v1\", \"backend\": \"cuda\", \"population\": 16, \"steps\": 2}");
        Path out = shared.resolve("cuda-config");
        assertOneClearLine(Cli.run("train", "--config", cfg.toString(), "--quiet", "--out", out.toString()));
        assertFalse(Files.exists(out));
        Cli bad = Cli.run("train", "--env", "CartPole-v1", "--backend", "gpu", "--out", shared.resolve("x").toString());
        assertEquals(2, bad.code(), bad.all());
        assertTrue(bad.err().contains("cuda"), bad.err());   // the allowed values name it
    }
}
