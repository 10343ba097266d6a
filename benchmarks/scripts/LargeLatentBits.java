import org.diffevo4j.core.DiffusionConfig;
import org.diffevo4j.core.FitnessMapping;
import org.diffevo4j.core.Rng;
import org.diffevo4j.latent.LatentDiffusionEvolution;

/**
 * Prints a hash of everything a latent Diffusion Evolution run of the large-latent shape (N = 256,
 * D = 17,410, 10 steps, d = 2, the RL fitness mapping) leaves behind, for scores drawn from a fixed
 * generator: the final population, the last x0 estimate, the best genome and score. Public API only,
 * so large-latent-bits.sh compiles it against two commits and compares.
 */
public final class LargeLatentBits {
    public static void main(String[] args) {
        int n = 256;
        int dim = 17410;
        for (int seed = 1000; seed < 1000 + Integer.parseInt(args[0]); seed++) {
            DiffusionConfig c = DiffusionConfig.defaults().withPopulationSize(n).withSteps(10)
                    .withFitnessMapping(FitnessMapping.rl());
            LatentDiffusionEvolution s = new LatentDiffusionEvolution(LatentDiffusionEvolution.Config.of(c, 2), dim, seed);
            Rng scores = new Rng(seed + 7);
            while (!s.isDone()) {
                double[][] rows = s.pendingRows();
                double[] f = new double[n];
                for (int i = 0; i < n; i++) {
                    // a score that depends on the genome, so that the update's output feeds back
                    f[i] = 500 * scores.nextDouble() + 10 * Math.tanh(rows[i][i % dim]);
                }
                s.tell(f);
            }
            long h = 17;
            for (double[][] m : new double[][][] {s.populationRows(), s.lastX0Rows()}) {
                for (double[] row : m) {
                    for (double v : row) {
                        h = h * 31 + Double.doubleToRawLongBits(v);
                    }
                }
            }
            for (double v : s.best().genome()) {
                h = h * 31 + Double.doubleToRawLongBits(v);
            }
            System.out.printf("seed %d: hash %016x, best score %.17g%n", seed, h, s.best().fitness());
        }
    }
}
