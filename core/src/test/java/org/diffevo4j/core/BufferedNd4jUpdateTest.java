package org.diffevo4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BufferedNd4jUpdate} gives the same bits as {@link DiffusionUpdate}'s ND4J path (which
 * allocates its matrices per call), with one query block and several, with the population itself
 * and with projected features as the kernel's features, and on reused buffers.
 */
class BufferedNd4jUpdateTest {

    @ParameterizedTest
    @CsvSource({
            // n, dim, latent d (0: the population itself), eta
            "150, 10, 0, 1.0",   // three query blocks (64, 64, 22)
            "150, 10, 2, 1.0",
            "256, 3000, 2, 1.0", // one block, wide rows: the large latent RL shape, narrower
            "64, 300, 0, 0.0",   // deterministic DDIM: no noise
    })
    void sameBitsAsTheNd4jPath(int n, int dim, int latent, double eta) {
        Rng rng = new Rng(n * 31L + dim);
        UnaryOperator<INDArray> features;
        int featureDim;
        if (latent == 0) {
            features = m -> m;
            featureDim = dim;
        } else {
            double[] p = new double[latent * dim];
            rng.fillGaussian(p);
            INDArray pt = Nd4j.create(p, new long[] {latent, dim}, DataType.DOUBLE).transpose().dup('c');
            features = m -> m.mmul(pt);
            featureDim = latent;
        }
        BufferedNd4jUpdate buffered = new BufferedNd4jUpdate(n, dim, featureDim);
        double[] x = new double[n * dim];
        rng.fillGaussian(x);
        double[][] alphas = {{0.3, 0.5}, {0.5, 0.8}, {0.8, 0.99}};
        for (double[] a : alphas) {   // reuses the buffers from step to step
            double[] fitness = new double[n];
            for (int i = 0; i < n; i++) {
                fitness[i] = Math.exp(-Math.abs(rng.nextGaussian()) * 3);
            }
            double[] noise = new double[n * dim];
            rng.fillGaussian(noise);

            INDArray xm = DiffusionUpdate.matrix(x, n, dim);
            DiffusionUpdate.Result expected = UpdatePathsTest.withProperty(DiffusionUpdate.PATH_PROPERTY, "nd4j",
                    () -> DiffusionUpdate.update(xm, fitness, a[0], a[1], eta, features.apply(xm),
                            DiffusionUpdate.matrix(noise, n, dim)));

            double[] x0 = new double[n * dim];
            double[] next = new double[n * dim];
            buffered.update(x, fitness, a[0], a[1], eta, features, noise, x0, next);
            assertBits(DiffusionUpdate.rowMajor(expected.x0()), x0);
            assertBits(DiffusionUpdate.rowMajor(expected.next()), next);
            // the noise given in the array that receives the next population (as DiffusionEvolution does)
            double[] inPlace = noise.clone();
            double[] x0InPlace = new double[n * dim];
            buffered.update(x, fitness, a[0], a[1], eta, features, inPlace, x0InPlace, inPlace);
            assertBits(x0, x0InPlace);
            assertBits(next, inPlace);
            x = next;
        }
    }

    private static void assertBits(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        long[] e = new long[expected.length];
        long[] a = new long[actual.length];
        for (int k = 0; k < e.length; k++) {
            e[k] = Double.doubleToRawLongBits(expected[k]);
            a[k] = Double.doubleToRawLongBits(actual[k]);
        }
        assertArrayEquals(e, a);
    }
}
