package org.diffevo4j.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.MlpPolicy;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exported DL4J network, restored from its zip, computes in double precision what diffevo4j's
 * forward pass computes, to 1e-12 relative (only rounding differs).
 */
class Dl4jExportTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"CartPole-v1, 8, RELU, true", "Acrobot-v1, 16;16, TANH, true", "Pendulum-v1, 32;8, TANH, true",
        "MountainCarContinuous-v0, 8, RELU, false", "MountainCar-v0, 4, RELU, true"})
    void restoredNetworkMatchesTheForwardPass(String env, String hidden, String act, boolean bias) throws Exception {
        int[] h = java.util.Arrays.stream(hidden.split(";")).mapToInt(Integer::parseInt).toArray();
        PolicySpec spec = PolicySpec.forEnv(Environments.spec(env), h).withActivation(Activation.valueOf(act))
                .withBias(bias);
        SplittableRandom rnd = new SplittableRandom(env.hashCode());
        double[] params = rnd.doubles(spec.parameterCount(), -1.5, 1.5).toArray();
        Path zip = tmp.resolve("policy.zip");
        Dl4jExport.write(Dl4jExport.toNetwork(spec, params), zip);
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip.toFile());
        assertEquals(DataType.DOUBLE, net.getLayerWiseConfigurations().getDataType(), "computes in double precision");
        MlpPolicy policy = new MlpPolicy(spec, params);
        for (int k = 0; k < 20; k++) {
            double[] obs = rnd.doubles(spec.observationSize(), -3, 3).toArray();
            double[] out = policy.forward(obs);
            if (!spec.discrete()) {
                for (int j = 0; j < out.length; j++) {
                    out[j] = Math.tanh(out[j]);   // the continuous head's tanh is the output layer's activation
                }
            }
            double[] got = net.output(Nd4j.createFromArray(new double[][] {obs})).toDoubleVector();
            assertEquals(out.length, got.length);
            for (int j = 0; j < out.length; j++) {
                // exact up to double rounding: the folded normalisation and BLAS sum in another order
                // (observed differences are a few 1e-16 relative)
                assertEquals(out[j], got[j], 1e-12 * Math.max(1.0, Math.abs(out[j])),
                        env + " output " + j + ", obs " + java.util.Arrays.toString(obs));
            }
        }
    }

    @Test
    void wrongParameterCountIsRejected() {
        // an internal check (the trainer always passes the policy's own parameters): not a user error
        PolicySpec spec = PolicySpec.forEnv(Environments.spec("CartPole-v1"), 8);
        assertThrows(IllegalArgumentException.class, () -> Dl4jExport.toNetwork(spec, new double[57]));
    }
}
