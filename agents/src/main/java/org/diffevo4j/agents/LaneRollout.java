package org.diffevo4j.agents;

/**
 * One thread's lane-path state: its slice is cut into {@link LaneBlock}s (the whole slice unless the
 * transposed weights would exceed {@link JvmEvaluator#BLOCK_DOUBLES}); at most two block sizes occur
 * for one slice size, and both blocks are kept for the next call.
 */
final class LaneRollout {

    private final RolloutSetup setup;
    private LaneBlock a;
    private LaneBlock b;

    LaneRollout(RolloutSetup setup) {
        this.setup = setup;
    }

    void play(RolloutJob run, int c0, int c1) {
        int n = c1 - c0;
        int cap = (int) Math.min(n, Math.max(JvmEvaluator.MIN_BLOCK, JvmEvaluator.BLOCK_DOUBLES / setup.dim()));
        int blocks = (n + cap - 1) / cap;
        for (int i = 0; i < blocks; i++) {
            int b0 = c0 + (int) ((long) n * i / blocks);
            int b1 = c0 + (int) ((long) n * (i + 1) / blocks);
            block(b1 - b0).play(run, b0);
        }
    }

    private LaneBlock block(int size) {
        if (a != null && a.n == size) {
            return a;
        }
        if (b != null && b.n == size) {
            LaneBlock t = a;
            a = b;
            b = t;
            return a;
        }
        b = a;
        a = new LaneBlock(setup, size);
        return a;
    }
}
