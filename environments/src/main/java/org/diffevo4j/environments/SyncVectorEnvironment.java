package org.diffevo4j.environments;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link VectorEnvironment} made of N independent {@link Environment} objects stepped one after the
 * other (Gymnasium's {@code SyncVectorEnv}). It is the generic adapter behind
 * {@link EnvironmentProvider#makeVector}'s default, so a plug-in that only writes a single environment
 * still works with the vector API. It makes one call per copy per step; built-in environments use a
 * {@link BatchedEnvironment} instead.
 *
 * <p>Semantics follow {@link VectorEnvironment}: finished copies are skipped (reward 0, observation and
 * flags kept) unless auto-reset is on. Auto-reset needs a seed for each new episode; copy i draws it
 * from a random stream started by {@code seeds[i]}, so runs are deterministic. The first episode
 * uses {@code seeds[i]} itself, as a single environment reset with that seed would.
 *
 * <p>The wrapped environments are expected to apply their own TimeLimit (as every {@link Environment}
 * does); this class only reads their flags.
 */
public final class SyncVectorEnvironment implements VectorEnvironment {

    private final Environment[] envs;
    private final EnvSpec spec;
    private final int observationSize;
    private final int actionSize;
    private final boolean discreteActions;
    private final double[] observations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final boolean[] done;
    private final long[] seedStreams;
    private boolean started;
    private boolean autoReset;
    private int activeCount;

    /**
     * Makes {@code n} environments with {@code factory}.
     *
     * @throws IllegalArgumentException if {@code n < 1} or the environments' specs disagree
     */
    public SyncVectorEnvironment(Supplier<? extends Environment> factory, int n) {
        this(make(factory, n));
    }

    /**
     * Steps the given environments together; they must share one spec id and must not be used elsewhere.
     *
     * @throws IllegalArgumentException if the array is empty or the environments' spec ids differ
     */
    public SyncVectorEnvironment(Environment... envs) {
        Objects.requireNonNull(envs, "envs");
        if (envs.length < 1) {
            throw new IllegalArgumentException("A vector environment needs at least 1 copy, got 0");
        }
        this.envs = envs.clone();
        for (int i = 0; i < envs.length; i++) {
            Objects.requireNonNull(envs[i], "environment " + i);
        }
        this.spec = Objects.requireNonNull(envs[0].spec(), "spec of environment 0");
        for (int i = 1; i < envs.length; i++) {
            if (!spec.id().equals(envs[i].spec().id())) {
                throw new IllegalArgumentException("Environment " + i + " has id " + envs[i].spec().id()
                        + " but environment 0 has " + spec.id());
            }
        }
        int n = envs.length;
        observationSize = spec.observationSize();
        discreteActions = spec.discreteActions();
        actionSize = discreteActions ? 1 : spec.actionSpace().flatSize();
        observations = new double[n * observationSize];
        rewards = new double[n];
        terminated = new boolean[n];
        truncated = new boolean[n];
        done = new boolean[n];
        Arrays.fill(done, true);
        seedStreams = new long[n];
    }

    private static Environment[] make(Supplier<? extends Environment> factory, int n) {
        Objects.requireNonNull(factory, "factory");
        if (n < 1) {
            throw new IllegalArgumentException("A vector environment needs at least 1 copy, got " + n);
        }
        Environment[] envs = new Environment[n];
        for (int i = 0; i < n; i++) {
            envs[i] = Objects.requireNonNull(factory.get(), "the factory returned null");
        }
        return envs;
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public int size() {
        return envs.length;
    }

    @Override
    public void reset(long[] seeds) {
        Objects.requireNonNull(seeds, "seeds");
        if (seeds.length != envs.length) {
            throw new IllegalArgumentException(spec.id() + ": reset needs one seed per copy, expected " + envs.length
                    + " seeds, got " + seeds.length);
        }
        for (int i = 0; i < envs.length; i++) {
            seedStreams[i] = SeedStreams.initialState(seeds[i]);
            startEpisode(i, seeds[i]);
        }
        started = true;
    }

    private void startEpisode(int i, long seed) {
        double[] obs = envs[i].reset(seed);
        copyObservation(i, obs);
        rewards[i] = 0.0;
        terminated[i] = false;
        truncated[i] = false;
        if (done[i]) {
            done[i] = false;
            activeCount++;
        }
    }

    private void copyObservation(int i, double[] obs) {
        if (obs == null || obs.length != observationSize) {
            throw new IllegalStateException(spec.id() + ": environment " + i + " returned an observation of length "
                    + (obs == null ? "null" : obs.length) + ", expected " + observationSize);
        }
        System.arraycopy(obs, 0, observations, i * observationSize, observationSize);
    }

    @Override
    public void step(int[] actions) {
        if (!discreteActions) {
            throw new IllegalArgumentException(spec.id() + " has continuous actions " + spec.actionSpace()
                    + "; call step(double[])");
        }
        Objects.requireNonNull(actions, "actions");
        requireStarted();
        if (actions.length != envs.length) {
            throw new IllegalArgumentException(spec.id() + ": expected " + envs.length
                    + " actions (one per copy), got " + actions.length);
        }
        Discrete d = (Discrete) spec.actionSpace();
        for (int i = 0; i < envs.length; i++) {
            if (!done[i] && !d.contains(actions[i])) {
                throw new IllegalArgumentException(spec.id() + ": action " + actions[i] + " for copy " + i
                        + " is outside " + d);
            }
        }
        for (int i = 0; i < envs.length; i++) {
            if (!skipOrAutoReset(i)) {
                record(i, envs[i].step(actions[i]));
            }
        }
    }

    @Override
    public void step(double[] actions) {
        if (discreteActions) {
            throw new IllegalArgumentException(spec.id() + " has discrete actions " + spec.actionSpace()
                    + "; call step(int[])");
        }
        Objects.requireNonNull(actions, "actions");
        requireStarted();
        if (actions.length != envs.length * actionSize) {
            throw new IllegalArgumentException(spec.id() + ": expected " + envs.length * actionSize
                    + " action values (" + envs.length + " copies x " + actionSize + "), got " + actions.length);
        }
        for (int i = 0; i < envs.length; i++) {
            for (int j = 0; j < actionSize; j++) {
                if (!done[i] && Double.isNaN(actions[i * actionSize + j])) {
                    throw new IllegalArgumentException(spec.id() + ": action value " + j + " for copy " + i
                            + " is NaN");
                }
            }
        }
        for (int i = 0; i < envs.length; i++) {
            if (!skipOrAutoReset(i)) {
                // a fresh row per call: an environment may keep the array it is given
                record(i, envs[i].step(Arrays.copyOfRange(actions, i * actionSize, (i + 1) * actionSize)));
            }
        }
    }

    /** True if copy i is not stepped this time (finished, and either left alone or auto-reset now). */
    private boolean skipOrAutoReset(int i) {
        if (!done[i]) {
            return false;
        }
        rewards[i] = 0.0;
        if (autoReset) {
            startEpisode(i, SeedStreams.nextLong(seedStreams, i));
        }
        return true;
    }

    private void record(int i, StepResult r) {
        copyObservation(i, r.observation());
        rewards[i] = r.reward();
        terminated[i] = r.terminated();
        truncated[i] = r.truncated();
        if (r.done()) {
            done[i] = true;
            activeCount--;
        }
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException(spec.id() + ": call reset(seeds) before step");
        }
    }

    @Override
    public double[] observations() {
        return observations;
    }

    @Override
    public double[] rewards() {
        return rewards;
    }

    @Override
    public boolean[] terminated() {
        return terminated;
    }

    @Override
    public boolean[] truncated() {
        return truncated;
    }

    @Override
    public boolean[] done() {
        return done;
    }

    @Override
    public int activeCount() {
        return activeCount;
    }

    @Override
    public void setAutoReset(boolean autoReset) {
        this.autoReset = autoReset;
    }

    @Override
    public String toString() {
        return "SyncVectorEnvironment(" + spec.id() + ", size=" + envs.length + ")";
    }
}
