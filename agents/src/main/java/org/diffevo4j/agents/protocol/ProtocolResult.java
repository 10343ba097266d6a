package org.diffevo4j.agents.protocol;

import java.util.List;
import org.diffevo4j.agents.EvaluationResult;

/**
 * The outcome of a protocol run.
 *
 * @param finalEvaluation the last evaluation (for Diffusion Evolution: of the final, denoised population)
 * @param bestParameters  the best genome told to the strategy (its {@code best()}), in ParameterLayout order
 * @param bestReturn      that genome's score (mean return)
 * @param history         the metrics of every step run by this object (a resumed run lists only its own)
 * @param seconds         wall time of those steps
 */
public record ProtocolResult(EvaluationResult finalEvaluation, double[] bestParameters, double bestReturn,
                             List<StepMetrics> history, double seconds) {

    public ProtocolResult {
        bestParameters = bestParameters.clone();
        history = List.copyOf(history);
    }

    /** Per-individual mean returns of the final population. */
    public double[] finalReturns() {
        return finalEvaluation.meanReturns().clone();
    }

    @Override
    public double[] bestParameters() {
        return bestParameters.clone();
    }
}
