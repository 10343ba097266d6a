package org.diffevo4j.agents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffevo4j.environments.Box;
import org.diffevo4j.environments.DType;
import org.diffevo4j.environments.Discrete;
import org.diffevo4j.environments.EnvSpec;
import org.junit.jupiter.api.Test;

class PolicySpecTest {

    static final double F32_MAX = 3.4028234663852886e38;

    static EnvSpec cartPole() {
        return new EnvSpec("CartPole-v1", new Box(new double[] {-4.8, -F32_MAX, -0.41887903, -F32_MAX},
                new double[] {4.8, F32_MAX, 0.41887903, F32_MAX}, DType.FLOAT32), new Discrete(2), 500, 475.0);
    }

    static EnvSpec acrobot() {
        double p1 = 4 * Math.PI;
        double p2 = 9 * Math.PI;
        return new EnvSpec("Acrobot-v1", new Box(new double[] {-1, -1, -1, -1, -p1, -p2},
                new double[] {1, 1, 1, 1, p1, p2}, DType.FLOAT32), new Discrete(3), 500, -100.0);
    }

    static EnvSpec mountainCar() {
        return new EnvSpec("MountainCar-v0", new Box(new double[] {-1.2, -0.07}, new double[] {0.6, 0.07},
                DType.FLOAT32), new Discrete(3), 200, -110.0);
    }

    static EnvSpec pendulum() {
        return new EnvSpec("Pendulum-v1", new Box(new double[] {-1, -1, -8}, new double[] {1, 1, 8}, DType.FLOAT32),
                new Box(new double[] {-2}, new double[] {2}, DType.FLOAT32), 200, null);
    }

    @Test
    void paperParameterCounts() {
        assertEquals(58, PolicySpec.forEnv(cartPole(), 8).parameterCount());
        assertEquals(83, PolicySpec.forEnv(acrobot(), 8).parameterCount());
        assertEquals(51, PolicySpec.forEnv(mountainCar(), 8).parameterCount());
        // 4*128+128 + 128*128+128 + 128*2+2
        assertEquals(640 + 16512 + 258, PolicySpec.forEnv(cartPole(), 128, 128).parameterCount());
        // without biases: 4*8 + 8*2
        assertEquals(48, PolicySpec.forEnv(cartPole(), 8).withBias(false).parameterCount());
    }

    @Test
    void layoutIsPytorchOrder() {
        ParameterLayout l = PolicySpec.forEnv(cartPole(), 8).layout();
        assertEquals(2, l.layerCount());
        assertEquals(0, l.weightOffset(0));
        assertEquals(32, l.biasOffset(0));
        assertEquals(40, l.weightOffset(1));
        assertEquals(56, l.biasOffset(1));
        // W0[o=3][i=2] is row 3, column 2 of the [8 x 4] matrix
        assertEquals(3 * 4 + 2, l.weightIndex(0, 3, 2));
        assertEquals(40 + 1 * 8 + 5, l.weightIndex(1, 1, 5));
        ParameterLayout nb = new ParameterLayout(new int[] {4, 8, 2}, false);
        assertEquals(-1, nb.biasOffset(0));
        assertEquals(32, nb.weightOffset(1));
    }

    @Test
    void forEnvHeads() {
        PolicySpec cp = PolicySpec.forEnv(cartPole(), 8);
        assertTrue(cp.discrete());
        assertEquals(2, cp.actionSize());
        assertEquals(Activation.RELU, cp.activation());
        assertTrue(cp.bias());
        PolicySpec pen = PolicySpec.forEnv(pendulum(), 16);
        assertFalse(pen.discrete());
        assertArrayEquals(new double[] {2.0}, pen.actionFactor());
        assertArrayEquals(new double[] {-2.0}, pen.actionLow());
        assertEquals(3 * 16 + 16 + 16 + 1, pen.parameterCount());
    }

    @Test
    void normalizerReplacesHugeBoundsAndScales() {
        ObservationNormalizer n = PolicySpec.forEnv(cartPole(), 8).normalizer();
        assertArrayEquals(new double[] {-4.8, -1, -0.41887903, -1}, n.low());
        assertArrayEquals(new double[] {4.8, 1, 0.41887903, 1}, n.high());
        double s3 = Math.sqrt(3);
        // obs at the high bound -> +sqrt3, at low -> -sqrt3, midpoint -> 0
        assertEquals(s3, n.normalize(0, 4.8), 1e-15);
        assertEquals(-s3, n.normalize(1, -1.0), 1e-15);
        assertEquals(0.0, n.normalize(2, 0.0), 1e-15);
        // 2 (0.5 - (-1)) / 2 - 1 = 0.5
        assertEquals(0.5 * s3, n.normalize(3, 0.5), 1e-15);
        double[] out = new double[6];
        n.normalize(new double[] {9, 2.4, 0, 0, 0.5}, 1, out, 2);
        assertEquals(0.5 * s3, out[2], 1e-15);
        assertEquals(0.5 * s3, out[5], 1e-15);
        // a bound of exactly 1e3 is kept
        ObservationNormalizer k = new ObservationNormalizer(new double[] {-1e3}, new double[] {1e3});
        assertArrayEquals(new double[] {-1e3}, k.low());
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicySpec.discrete(4, 2, Activation.RELU, true, 8, 0));
        assertTrue(e.getMessage().contains("hidden layer 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PolicySpec.discrete(0, 2, Activation.RELU, true, 8));
        assertThrows(IllegalArgumentException.class,
                () -> new ObservationNormalizer(new double[] {5}, new double[] {5}));
        e = assertThrows(IllegalArgumentException.class, () -> new MlpPolicy(PolicySpec.forEnv(cartPole(), 8), new double[57]));
        assertTrue(e.getMessage().contains("58"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("gelu"));
        assertTrue(e.getMessage().contains("gelu"));
        assertEquals(Backend.CUDA, Backend.parse(" CUDA "));
        e = assertThrows(IllegalArgumentException.class, () -> Backend.parse("gpu"));
        assertTrue(e.getMessage().contains("gpu") && e.getMessage().contains("cuda"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new JvmEvaluator(mountainCar(), n -> null, PolicySpec.forEnv(cartPole(), 8), 1, 500));
        assertTrue(e.getMessage().contains("observation"), e.getMessage());
        assertNull(PolicySpec.forEnv(cartPole(), 8).withNormalizer(null).normalizer());
    }

    @Test
    void mlpPolicyMatchesHandComputedNetwork() {
        // 2-2-2 net, no normalisation: W0 = [[1, -1], [0.5, 2]], b0 = [0, -1], W1 = [[1, 0], [0, 1]], b1 = [0.1, 0]
        PolicySpec s = PolicySpec.discrete(2, 2, Activation.RELU, true, 2);
        double[] p = {1, -1, 0.5, 2, 0, -1, 1, 0, 0, 1, 0.1, 0};
        MlpPolicy m = new MlpPolicy(s, p);
        // x = (1, 1): h = relu(0, 1.5) = (0, 1.5); out = (0.1, 1.5)
        assertArrayEquals(new double[] {0.1, 1.5}, m.forward(new double[] {1, 1}), 1e-15);
        assertEquals(1, m.act(new double[] {1, 1}));
        // x = (1, -1): h = relu(2, -2.5) = (2, 0); out = (2.1, 0)
        assertEquals(0, m.act(new double[] {1, -1}));
        // tie: all-zero network -> lowest index
        assertEquals(0, new MlpPolicy(s, new double[12]).act(new double[] {1, 1}));
    }
}
