package org.diffevo4j.environments.testplugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffevo4j.environments.BatchOfOne;
import org.diffevo4j.environments.StepResult;
import org.junit.jupiter.api.Test;

/** A batched kernel written in another package gets the library's bookkeeping for free. */
class PluginKernelTest {

    @Test
    void batchedPluginKernelWorksInBothApis() {
        CoinWalk v = new CoinWalk(3);
        v.reset(5L);
        for (double x : v.observations()) {
            assertTrue(x >= 0 && x < 1, "uniform start in [0, 1)");
        }
        v.loadState(0, new double[] {2.5});
        v.loadState(1, new double[] {-10.0});
        // copy 0 reaches 3 on step 1; copy 1 moves 1 per step and never does; copy 2 stands still
        v.step(new double[] {7.0, 1.0, 0.0});
        assertArrayEquals(new boolean[] {true, false, false}, v.terminated());
        assertArrayEquals(new double[] {1.0, -0.01, -0.01}, v.rewards());
        assertEquals(3.5, v.observations()[0], "the action was clipped to 1");
        for (int t = 2; t <= 10; t++) {
            v.step(new double[] {1.0, 1.0, 0.0});
        }
        assertArrayEquals(new boolean[] {true, false, false}, v.terminated());
        assertArrayEquals(new boolean[] {false, true, true}, v.truncated(), "time limit 10");
        assertEquals(0, v.activeCount());
        assertEquals(0.0, v.observations()[1], "-10 + 10 steps of +1");

        BatchOfOne single = new BatchOfOne(new CoinWalk(1));
        single.loadState(new double[] {2.0});
        StepResult r = single.step(new double[] {0.5});
        assertFalse(r.done());
        r = single.step(new double[] {0.5});
        assertTrue(r.terminated());
        assertEquals(1.0, r.reward());
    }
}
