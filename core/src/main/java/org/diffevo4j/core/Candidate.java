package org.diffevo4j.core;

/**
 * A genome with its raw score.
 *
 * @param genome  the parameters (length D)
 * @param fitness its raw score (maximised)
 */
public record Candidate(double[] genome, double fitness) {

    public Candidate {
        genome = genome.clone();
    }

    @Override
    public double[] genome() {
        return genome.clone();
    }
}
