package org.diffevo4j.core;

/**
 * A genome with its raw score.
 *
 * @param genome  the parameters (length D)
 * @param fitness its raw score (maximised), not a mapped fitness; the component keeps the name
 *                the saved states ({@code best.fitness}) and other modules use
 */
public record Candidate(double[] genome, double fitness) {

    /** Copies the genome. */
    public Candidate {
        genome = genome.clone();
    }

    /** A copy of the genome. */
    @Override
    public double[] genome() {
        return genome.clone();
    }
}
