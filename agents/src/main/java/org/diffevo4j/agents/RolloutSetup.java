package org.diffevo4j.agents;

import java.util.function.IntFunction;
import org.diffevo4j.environments.VectorEnvironment;

/** What every rollout worker of one JVM evaluator shares: the policy, the environment factory, the cap. */
record RolloutSetup(PolicySpec policy, ParameterLayout layout, IntFunction<VectorEnvironment> envFactory,
                    int maxSteps) {

    /** Genome dimension. */
    int dim() {
        return layout.parameterCount();
    }

    /** A batched environment of exactly {@code n} copies. */
    VectorEnvironment makeEnv(int n) {
        VectorEnvironment venv = envFactory.apply(n);
        if (venv.size() != n) {
            throw new IllegalStateException("environment factory made " + venv.size() + " copies, asked for " + n);
        }
        return venv;
    }

    /** Multiply-adds of one forward pass (sum over layers of in * out). */
    long macs() {
        long macs = 0;
        for (int l = 0; l < layout.layerCount(); l++) {
            macs += (long) layout.inSize(l) * layout.outSize(l);
        }
        return macs;
    }
}
