package org.diffevo4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Scores a batch of genomes (N x D) with one value each, larger is better. */
@FunctionalInterface
public interface Objective {

    /** One raw score per row of {@code population} (N x D), larger is better. */
    double[] evaluate(INDArray population);
}
