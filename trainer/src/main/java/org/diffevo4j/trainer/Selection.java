package org.diffevo4j.trainer;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.diffevo4j.agents.EvaluationResult;
import org.diffevo4j.agents.NonFiniteRewardException;
import org.diffevo4j.agents.protocol.RlProtocol;
import org.diffevo4j.core.Candidate;

/**
 * Chooses the policy a run saves. The individual with the best training return won one of N x T
 * noisy episodes: its return is the maximum of many draws and overstates what it does on average
 * (and {@code eval} then regresses to the mean). So after training the finalists (the best
 * individual ever seen plus the K best of the final population by training return) each play E
 * fresh episodes, and the one with the best mean is saved.
 *
 * <p>Determinism: the finalists are stored in the final checkpoint and the episode seeds come from
 * the run's episode generator as it stands after the last step, so a run resumed after its final
 * step (or killed during the selection) saves the identical policy.
 */
public final class Selection {

    private Selection() {
    }

    /**
     * A genome that competes for being saved, with the return it got during training.
     *
     * @param genome      the flat parameters
     * @param trainReturn its training return (the mean over the step's episodes per individual)
     */
    public record Finalist(@JsonProperty("genome") double[] genome, @JsonProperty("train_return") double trainReturn) {
    }

    /**
     * The saved policy and what is known about it.
     *
     * @param genome      its parameters
     * @param trainReturn its training return
     * @param mean        its mean return over the fresh episodes (null without a re-evaluation)
     * @param std         their standard deviation (population, ddof 0; null without a re-evaluation)
     * @param episodes    fresh episodes it played (0 without a re-evaluation)
     * @param candidates  how many finalists competed
     */
    record Choice(double[] genome, double trainReturn, Double mean, Double std, int episodes, int candidates) {
    }

    /**
     * The finalists after the final step: the best individual ever seen first, then the {@code top}
     * best of the final population by training return (ties: lower index first), without repeating
     * the best-ever genome.
     */
    static List<Finalist> finalists(RlProtocol run, int top) {
        Candidate best = run.strategy().best();
        List<Finalist> out = new ArrayList<>();
        out.add(new Finalist(best.genome(), best.fitness()));
        double[][] genomes = run.finalGenomes();
        if (genomes == null || top == 0) {
            return out;
        }
        double[] returns = run.lastEvaluation().meanReturns();
        int[] order = IntStream.range(0, returns.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -returns[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).limit(top).toArray();
        for (int i : order) {
            if (!Arrays.equals(genomes[i], best.genome())) {
                out.add(new Finalist(genomes[i], returns[i]));
            }
        }
        return out;
    }

    /**
     * Re-evaluates the finalists on {@code episodes} fresh episodes each and picks the best mean (ties:
     * the earlier finalist); with {@code episodes == 0} the best-ever individual, unchecked.
     *
     * @throws UserError when the environment returns a non-finite reward
     */
    static Choice choose(RlProtocol run, List<Finalist> finalists, int episodes) {
        if (episodes == 0) {
            Finalist f = finalists.get(0);
            return new Choice(f.genome(), f.trainReturn(), null, null, 0, 1);
        }
        double[][] genomes = finalists.stream().map(Finalist::genome).toArray(double[][]::new);
        EvaluationResult r;
        try {
            r = run.evaluateFresh(genomes, episodes);
        } catch (NonFiniteRewardException e) {
            throw new UserError("re-evaluating the best individuals after training: " + e.getMessage()
                    + "; a reward must be a finite number, check the environment", e);
        }
        int bestIndex = 0;
        double[] means = r.meanReturns();
        for (int i = 1; i < means.length; i++) {
            if (means[i] > means[bestIndex]) {
                bestIndex = i;
            }
        }
        double[] own = new double[episodes];
        for (int e = 0; e < episodes; e++) {
            own[e] = r.episodeReturn(bestIndex, e);
        }
        Summary s = Summary.of(own);
        Finalist f = finalists.get(bestIndex);
        return new Choice(f.genome(), f.trainReturn(), s.mean(), s.std(), episodes, finalists.size());
    }
}
