package org.diffevo4j.environments.testplugin;

import org.diffevo4j.environments.BatchedEnvironment;
import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.DType;
import org.diffevo4j.environments.EnvSpec;

/**
 * A plug-in author's batched environment, written outside the library's packages against
 * {@link BatchedEnvironment}'s protected hooks: a walker starts uniformly in [0, 1), each step adds the
 * continuous action clipped to [-1, 1], and reaching 3 terminates with reward 1 (else -0.01 per step).
 * Time limit 10.
 */
public final class CoinWalk extends BatchedEnvironment {

    public static final EnvSpec SPEC = new EnvSpec("TestCoinWalk-v0",
            new Box(new double[] {-20}, new double[] {20}, DType.FLOAT64),
            new Box(new double[] {-1}, new double[] {1}, DType.FLOAT64), 10, null);

    private final double[] x;

    public CoinWalk(int n) {
        super(SPEC, n, 1);
        x = new double[n];
    }

    @Override
    protected void stepContinuous(double[] actions) {
        for (int i = 0; i < size; i++) {
            if (!stepMask[i]) {
                continue;
            }
            double nx = x[i] + Math.max(-1.0, Math.min(1.0, actions[i]));
            x[i] = nx;
            boolean goal = nx >= 3.0;
            terminated[i] = goal;
            rewards[i] = goal ? 1.0 : -0.01;
            observations[i] = nx;
        }
    }

    @Override
    protected void sampleInitialState(int copy) {
        x[copy] = uniform(copy);
    }

    @Override
    protected void observe(int copy) {
        observations[copy] = x[copy];
    }

    @Override
    protected void writeState(int copy, double[] out, int offset) {
        out[offset] = x[copy];
    }

    @Override
    protected void readState(int copy, double[] state, int offset, int elapsedSteps) {
        x[copy] = state[offset];
    }
}
