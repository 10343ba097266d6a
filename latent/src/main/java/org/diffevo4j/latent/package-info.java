/**
 * Latent Space Diffusion Evolution (docs/algorithm.md section 4): {@link
 * org.diffevo4j.latent.LatentDiffusionEvolution} measures kernel distances between individuals in a
 * d-dimensional random projection ({@link org.diffevo4j.latent.RandomProjection}) of their genomes,
 * so the Bayesian update keeps working for neural-network genomes with thousands of parameters.
 *
 * <p>The strategy is registered with {@link org.diffevo4j.core.Strategies} as {@code latent-diffusion}
 * through {@link org.diffevo4j.latent.LatentDiffusionProvider}:
 *
 * <pre>{@code
 * Strategy s = Strategies.create("latent-diffusion", 58, 42,
 *         Map.of("populationSize", 256, "steps", 10, "latentDim", 2, "fitnessMapping", "rl(temperature=1.0)"));
 * }</pre>
 */
package org.diffevo4j.latent;
