package org.diffevo4j.agents.protocol;

import org.diffevo4j.core.StrategyState;

/**
 * Everything a run needs, besides its {@link ProtocolConfig}, to continue bit-identically: the
 * strategy's state, the episode-seed generator's state and the number of completed steps. Plain data
 * (Jackson-serialisable).
 *
 * @param completedSteps steps (tell calls) done
 * @param strategy       the strategy's state
 * @param episodeRng     state of the generator that draws every episode's reset seed
 */
public record ProtocolState(int completedSteps, StrategyState strategy, long[] episodeRng) {

    public ProtocolState {
        if (completedSteps < 0) {
            throw new IllegalArgumentException("completedSteps must be >= 0, got " + completedSteps);
        }
        if (strategy == null) {
            throw new IllegalArgumentException("strategy state is missing");
        }
        if (episodeRng == null || episodeRng.length != 6) {
            throw new IllegalArgumentException("episode generator state must have 6 words");
        }
        episodeRng = episodeRng.clone();
    }

    @Override
    public long[] episodeRng() {
        return episodeRng.clone();
    }
}
