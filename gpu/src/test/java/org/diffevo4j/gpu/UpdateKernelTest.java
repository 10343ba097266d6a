package org.diffevo4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.diffevo4j.core.DiffusionUpdate;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The host build of rollout.cu's tiled update against core's DiffusionUpdate (its plain-Java path at
 * these sizes): x0 and the next population, plain (features = x) and latent (d = 2) kernels, with
 * and without noise. Within 1e-12 relative, not bit for bit (a last-bit difference was seen on some
 * entries): exp comes from the C library here and from HotSpot's intrinsic in Java, and the Java
 * path's register-blocked sums may group terms differently. Skips without the host build.
 */
class UpdateKernelTest {

    private static void check(int n, int dim, int featureDim, double eta, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        double[] features = featureDim == dim ? x : new double[n * featureDim];
        if (featureDim != dim) {
            for (int i = 0; i < features.length; i++) {
                features[i] = r.nextGaussian() * 0.5;
            }
        }
        double[] fitness = new double[n];
        for (int i = 0; i < n; i++) {
            fitness[i] = r.nextDouble() * (i % 7 == 0 ? 0 : 3);
        }
        double[] noise = new double[n * dim];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = r.nextGaussian();
        }
        double alpha = 0.35;
        double alphaPrev = 0.6;
        DiffusionUpdate.Result ref = DiffusionUpdate.update(Nd4j.createFromArray(x).reshape(n, dim), fitness, alpha,
                alphaPrev, eta, Nd4j.createFromArray(features).reshape(n, featureDim),
                Nd4j.createFromArray(noise).reshape(n, dim));
        double[] x0Ref = ref.x0().data().asDouble();
        double[] nextRef = ref.next().data().asDouble();
        double[] x0 = new double[x.length];
        double[] next = new double[x.length];
        try (UpdateKernel k = UpdateKernel.onHost(HostAgreementTest.hostLibrary())) {
            k.update(x, n, fitness, alpha, alphaPrev, eta, features, featureDim, noise, x0, next);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(x0Ref[i], x0[i], 1e-12 * Math.max(1, Math.abs(x0Ref[i])), "x0 " + i);
            assertEquals(nextRef[i], next[i], 1e-12 * Math.max(1, Math.abs(nextRef[i])), "next " + i);
        }
    }

    @Test
    void latentFeaturesWithNoise() {
        check(300, 58, 2, 1.0, 1);
    }

    @Test
    void populationAsFeaturesDeterministic() {
        check(100, 10, 10, 0.0, 2);
    }

    @Test
    void smallPopulationOneTile() {
        check(7, 3, 3, 0.5, 3);
    }
}
