package org.diffevo4j.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Scores a batch of genomes (N x D) with one value each, larger is better. */
@FunctionalInterface
public interface Objective {

    double[] evaluate(INDArray population);
}
