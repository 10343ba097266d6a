package org.diffevo4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffevo4j.agents.Backend;
import org.diffevo4j.agents.EpisodeSeeds;
import org.diffevo4j.agents.PolicySpec;
import org.diffevo4j.agents.PopulationEvaluator;
import org.diffevo4j.agents.PopulationEvaluators;
import org.diffevo4j.core.DiffusionConfig;
import org.diffevo4j.core.DiffusionUpdate;
import org.diffevo4j.core.FitnessMapping;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The resident loop on the host build of rollout.cu against an independent Java reference made of
 * public pieces: core's {@link DiffusionUpdate} (x0 and the DDIM step) with the run's alpha schedule and
 * fitness mapping, the JVM evaluator for the returns, and the Java twin of the device's noise generator
 * ({@link PhiloxNormal}). Per generation the mean returns must be identical (CartPole's actions are discrete
 * and its rewards integers) and the populations equal within {@link #RTOL} relative.
 *
 * <p>Why not bit for bit: DiffusionUpdate's plain-Java path sums the x0 numerator in a register-blocked
 * order and uses HotSpot's exp, the C code sums in j order and calls glibc's exp, log and cos (the noise);
 * the populations differ by a few ulps (largest relative difference measured over these runs: 2.0e-15,
 * printed by each case). 1e-12 leaves a factor of about 500 for other platforms' last bits and is still
 * well below what a real defect moves: dropping the common numerator 1e-9 sum_j fe_j x_j (a relative
 * change near 1e-9) or taking another noise stream makes these cases fail (checked by breaking each once).
 */
class ResidentDiffusionTest {

    static final double RTOL = 1e-12;

    /** The reference run: returns per generation and the population before each generation. */
    private static void compare(PolicySpec policy, int n, int steps, int latentDim, int episodes, double scaling,
                                long seed) {
        EnvSpec env = Environments.spec("CartPole-v1");
        DiffusionConfig config = DiffusionConfig.defaults().withPopulationSize(n).withSteps(steps).withScaling(scaling);
        int dim = policy.parameterCount();
        int maxSteps = 500;
        double[] alphas = config.alphaSchedule().alphas(steps);
        FitnessMapping mapping = config.mapping();
        long[] bases = EpisodeSeeds.derive(seed, steps);
        double[] x = PhiloxNormal.fill(seed, 0, PhiloxNormal.TAG_INITIAL, n * dim);
        double[] p = latentDim == 0 ? null : PhiloxNormal.projection(seed, latentDim, dim);
        double worst = 0;
        try (ResidentDiffusion run = ResidentDiffusion.onHost(env, policy, config, latentDim, episodes, maxSteps, seed,
                HostAgreementTest.hostLibrary());
             PopulationEvaluator jvm = PopulationEvaluators.create(Backend.JVM, env.id(), policy, 1, maxSteps)) {
            for (int g = 0; g < steps; g++) {
                double[] onHost = run.population();
                for (int q = 0; q < x.length; q++) {
                    double err = Math.abs(onHost[q] - x[q]) / Math.max(1, Math.abs(x[q]));
                    worst = Math.max(worst, err);
                    assertEquals(x[q], onHost[q], RTOL * Math.max(1, Math.abs(x[q])), "generation " + g + " entry " + q);
                }
                double[] genomes = x.clone();
                for (int q = 0; q < genomes.length; q++) {
                    genomes[q] *= scaling;
                }
                double[] expected = jvm.evaluate(genomes, episodes, EpisodeSeeds.derive(bases[g], n * episodes))
                        .meanReturns();
                double[] scores = run.step();
                assertArrayEquals(expected, scores, "mean returns of generation " + g);
                int t = steps - 1 - g;
                if (t >= 1) {
                    double[] fitness = mapping.apply(expected);
                    INDArray xm = Nd4j.createFromArray(x).reshape(n, dim);
                    INDArray features = latentDim == 0 ? xm
                            : Nd4j.createFromArray(project(x, p, n, dim, latentDim)).reshape(n, latentDim);
                    INDArray noise = Nd4j.createFromArray(PhiloxNormal.fill(seed, g, PhiloxNormal.TAG_STEP_NOISE,
                            n * dim)).reshape(n, dim);
                    DiffusionUpdate.Result r = DiffusionUpdate.update(xm, fitness, alphas[t], alphas[t - 1],
                            config.eta(), features, noise);
                    x = r.next().data().asDouble();
                }
            }
            assertTrue(run.done());
            assertThrows(IllegalStateException.class, run::step);
        }
        System.out.printf("resident loop vs Java reference: N=%d D=%d d=%d T=%d E=%d: largest relative difference %.2e%n",
                n, dim, latentDim == 0 ? dim : latentDim, steps, episodes, worst);
    }

    private static double[] project(double[] x, double[] p, int n, int dim, int d) {
        double[] z = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int k = 0; k < dim; k++) {
                    s += x[i * dim + k] * p[c * dim + k];
                }
                z[i * d + c] = s;
            }
        }
        return z;
    }

    @Test
    void latentCartPole482MatchesTheReference() {
        compare(PolicySpec.forEnv(Environments.spec("CartPole-v1"), 8), 128, 6, 2, 1, 1.0, 11);
    }

    @Test
    void plainCartPoleLinearPolicyTwoEpisodesMatchesTheReference() {
        // 4-2: D = 10, the population itself as kernel features
        compare(PolicySpec.forEnv(Environments.spec("CartPole-v1")), 96, 5, 0, 2, 1.0, 5);
    }

    @Test
    void widePolicyOverSeveralColumnChunksWithScaling() {
        // 4-16-16-2: D = 386, seven column chunks of 64; population not a multiple of the tile (32)
        compare(PolicySpec.forEnv(Environments.spec("CartPole-v1"), 16, 16), 70, 4, 4, 1, 0.5, 3);
    }

    @Test
    void refusesWhatItCannotDo() {
        EnvSpec env = Environments.spec("CartPole-v1");
        PolicySpec wide = PolicySpec.forEnv(env, 8);
        DiffusionConfig config = DiffusionConfig.defaults().withPopulationSize(8).withSteps(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResidentDiffusion.onHost(env,
                wide, config, 0, 1, 500, 1, HostAgreementTest.hostLibrary()));
        assertTrue(e.getMessage().contains("D = 58"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResidentDiffusion.onHost(env, wide, config, 17, 1, 500, 1,
                HostAgreementTest.hostLibrary()));
        assertThrows(IllegalArgumentException.class, () -> ResidentDiffusion.onHost(env, wide,
                config.withFitnessMapping(FitnessMapping.rl(1.0, 0.1)), 2, 1, 500, 1, HostAgreementTest.hostLibrary()));
    }
}
