package org.diffevo4j.trainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.diffevo4j.agents.Activation;
import org.diffevo4j.agents.ObservationNormalizer;
import org.diffevo4j.agents.ParameterLayout;
import org.diffevo4j.agents.PolicySpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Exports a trained policy as a DL4J {@link MultiLayerNetwork} (double precision) that takes the
 * environment's raw observations. Its outputs equal diffevo4j's forward pass up to double rounding
 * (1e-12 relative is tested; the folded normalisation and BLAS's summation order differ by a few ulps).
 *
 * <p>The observation normalisation is affine per component, so it is folded into the first layer's
 * weights and biases rather than shipped as a separate preprocessing step. The output layer has the
 * identity activation for a discrete head (its outputs are the logits: the action is their argmax)
 * and tanh for a continuous head (scale by the policy's action factor and clip to the action box to
 * get the action; both are stored in {@code best-policy.json}).
 */
public final class Dl4jExport {

    private Dl4jExport() {
    }

    /** Builds the network with the given flat parameters (PyTorch {@code nn.Linear} order). */
    public static MultiLayerNetwork toNetwork(PolicySpec spec, double[] params) {
        ParameterLayout layout = spec.layout();
        if (params.length != layout.parameterCount()) {
            throw new IllegalArgumentException("policy has " + layout.parameterCount() + " parameters, got " + params.length);
        }
        org.nd4j.linalg.activations.Activation hidden = spec.activation() == Activation.TANH
                ? org.nd4j.linalg.activations.Activation.TANH : org.nd4j.linalg.activations.Activation.RELU;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE)
                .weightInit(WeightInit.ZERO)
                .list();
        int layers = layout.layerCount();
        for (int l = 0; l < layers; l++) {
            int in = layout.inSize(l);
            int out = layout.outSize(l);
            if (l < layers - 1) {
                list.layer(new DenseLayer.Builder().nIn(in).nOut(out).activation(hidden).hasBias(true).build());
            } else {
                list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(in).nOut(out)
                        .activation(spec.discrete() ? org.nd4j.linalg.activations.Activation.IDENTITY
                                : org.nd4j.linalg.activations.Activation.TANH)
                        .hasBias(true).build());
            }
        }
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        for (int l = 0; l < layers; l++) {
            int in = layout.inSize(l);
            int out = layout.outSize(l);
            double[][] w = new double[in][out];      // DL4J keeps W as [nIn, nOut]
            double[] b = new double[out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    w[i][o] = params[layout.weightIndex(l, o, i)];
                }
                b[o] = layout.bias() ? params[layout.biasOffset(l) + o] : 0.0;
            }
            if (l == 0 && spec.normalizer() != null) {
                foldNormalizer(spec.normalizer(), w, b);
            }
            net.setParam(l + "_W", Nd4j.create(w).castTo(DataType.DOUBLE));
            INDArray bias = Nd4j.create(new double[][] {b}).castTo(DataType.DOUBLE);
            net.setParam(l + "_b", bias);
        }
        return net;
    }

    /** A small network of zeros (4 inputs, 8 ReLU units, 2 outputs), for {@link OutputWarmup}. */
    static MultiLayerNetwork warmUpNetwork() {
        PolicySpec spec = PolicySpec.discrete(4, 2, Activation.RELU, true, 8);
        return toNetwork(spec, new double[spec.parameterCount()]);
    }

    /**
     * obs' = (2 (obs - low) / range - 1) sqrt(3) = scale * obs + shift, so W obs' + b
     * = (W scale) obs + (b + W shift).
     */
    private static void foldNormalizer(ObservationNormalizer norm, double[][] w, double[] b) {
        double[] low = norm.low();
        double[] high = norm.high();
        double s3 = Math.sqrt(3.0);
        for (int i = 0; i < w.length; i++) {
            double range = high[i] - low[i];
            double scale = 2.0 * s3 / range;
            double shift = s3 * (-2.0 * low[i] / range - 1.0);
            for (int o = 0; o < b.length; o++) {
                b[o] += w[i][o] * shift;
                w[i][o] *= scale;
            }
        }
    }

    /** Writes the network with {@link ModelSerializer}, atomically. */
    public static void write(MultiLayerNetwork net, Path zip) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, bytes, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the DL4J model: " + e.getMessage(), e);
        }
        AtomicFiles.write(zip, bytes.toByteArray());
    }
}
