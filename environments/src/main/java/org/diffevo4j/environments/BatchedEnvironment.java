package org.diffevo4j.environments;

import java.util.Objects;

/**
 * Base class for environments written once as a batched kernel: the state of all N copies lives in
 * primitive arrays (structure of arrays, one slot per copy), and one call of the kernel advances every
 * copy whose {@link #stepMask} slot is set. The single-environment API is this same kernel with N = 1
 * (see {@link BatchOfOne}), so each environment's physics exists exactly once.
 *
 * <p>Why primitive {@code double[]} and not ND4J: one ND4J operation costs microseconds of dispatch,
 * far more than a whole classic-control step (tens of nanoseconds per copy), and the kernels branch
 * per copy (termination, clipping, wrapping), which array libraries handle badly. Plain loops over
 * primitive arrays let the JIT keep everything in registers and allocate nothing per step.
 *
 * <p>This class does the bookkeeping every environment shares: argument checks, the TimeLimit
 * (truncation on step {@code maxEpisodeSteps}, even when that step also terminates), the done mask
 * (finished copies are skipped, their reward reads 0 and their observation and flags stay), optional
 * auto-reset in Gymnasium's "next-step" mode, and one seeded random stream per copy (SplitMix64, one
 * {@code long} per copy). A subclass supplies the physics:
 * <ul>
 *   <li>{@link #stepDiscrete(int[])} or {@link #stepContinuous(double[])}: for each copy {@code i} in
 *       {@code stepList[0 .. stepCount)} (equivalently, with {@code stepMask[i]}), advance the state and
 *       write {@link #observations}, {@link #rewards} and {@link #terminated};</li>
 *   <li>{@link #sampleInitialState(int)}: draw copy {@code i}'s initial state with {@link #uniform(int)};</li>
 *   <li>{@link #observe(int)}, {@link #writeState(int, double[], int)} and
 *       {@link #readState(int, double[], int, int)}: map between the state arrays and the outside.</li>
 * </ul>
 *
 * <p>Random numbers come from Java (SplitMix64), not NumPy: {@code reset(seed)} draws from the same
 * distribution as Gymnasium but does not reproduce NumPy's numbers.
 *
 * <p>Instances are not thread-safe.
 */
public abstract class BatchedEnvironment implements StatefulVectorEnvironment {

    private final EnvSpec spec;
    /** Number of copies. */
    protected final int size;
    /** Observation length per copy. */
    protected final int observationSize;
    private final int stateSize;
    private final int actionSize;
    private final boolean discreteActions;
    private final int actionLow;
    private final int actionHighExclusive;
    private final int maxEpisodeSteps;

    /** Row-major observations, {@code size x observationSize}; kernels write the rows they step. */
    protected final double[] observations;
    /** Per-copy reward of the last step; kernels write the slots they step. */
    protected final double[] rewards;
    /** Per-copy termination flag of the last step; kernels write the slots they step. */
    protected final boolean[] terminated;
    /** The copies the kernel must advance in the current step; read-only for subclasses. */
    protected final boolean[] stepMask;
    /**
     * The same copies as {@link #stepMask} as a list of indices, ascending, in
     * {@code stepList[0 .. stepCount)}; read-only for subclasses. Kernels should loop over this list
     * rather than over all copies and the mask: without auto-reset, finished copies leave the list,
     * so a step costs time in proportion to the copies still running, not to {@link #size}.
     */
    protected final int[] stepList;
    /** Number of valid entries in {@link #stepList}. */
    protected int stepCount;
    /**
     * Without auto-reset: the copies still running, ascending (valid while {@code !liveDirty}); it
     * becomes the step list of the next step.
     */
    private final int[] live;
    private int liveCount;
    /** The live list must be rebuilt from {@code done} (after resets, loads and mode changes). */
    private boolean liveDirty = true;
    /** Copies that finished on the last step; their reward reads 0 from the next step on. */
    private final int[] finished;
    private int finishedCount;
    private final boolean[] truncated;
    private final boolean[] done;
    private final int[] elapsed;
    private final long[] rngStates;
    private final boolean[] started;
    private int startedCount;
    private int activeCount;
    private boolean autoReset;
    /** Set by {@link BatchOfOne}: the copy is stepped even after its episode ended, as a Gymnasium env is. */
    private boolean singleEnvironmentSemantics;

    /**
     * @param spec      the environment's spec
     * @param size      number of copies, at least 1
     * @param stateSize length of one copy's internal state vector
     */
    protected BatchedEnvironment(EnvSpec spec, int size, int stateSize) {
        this.spec = Objects.requireNonNull(spec, "spec");
        if (size < 1) {
            throw new IllegalArgumentException(spec.id() + ": a vector environment needs at least 1 copy, got " + size);
        }
        this.size = size;
        this.observationSize = spec.observationSize();
        this.stateSize = stateSize;
        this.discreteActions = spec.actionSpace() instanceof Discrete;
        if (spec.actionSpace() instanceof Discrete d) {
            actionSize = 1;
            actionLow = d.start();
            actionHighExclusive = d.start() + d.n();
        } else {
            actionSize = spec.actionSpace().flatSize();
            actionLow = 0;
            actionHighExclusive = 0;
        }
        this.maxEpisodeSteps = spec.maxEpisodeSteps();
        observations = new double[size * observationSize];
        rewards = new double[size];
        terminated = new boolean[size];
        truncated = new boolean[size];
        done = new boolean[size];
        stepMask = new boolean[size];
        stepList = new int[size];
        live = new int[size];
        finished = new int[size];
        elapsed = new int[size];
        rngStates = new long[size];
        started = new boolean[size];
        java.util.Arrays.fill(done, true);
    }

    // ------------------------------------------------------------------ hooks for the physics

    /**
     * Advances every copy {@code i} in {@link #stepList} (those with {@code stepMask[i]}) by one step with action {@code actions[i]}
     * (already checked to lie in the {@link Discrete} space), writing its observation row, reward and
     * termination flag. Discrete-action environments override this.
     */
    protected void stepDiscrete(int[] actions) {
        throw new UnsupportedOperationException(spec.id() + " does not implement discrete steps");
    }

    /**
     * Advances every copy {@code i} in {@link #stepList} (those with {@code stepMask[i]}) by one step with the action row
     * {@code actions[i*actionSize .. (i+1)*actionSize)} (checked: not NaN, possibly outside the box).
     * Continuous-action environments override this.
     */
    protected void stepContinuous(double[] actions) {
        throw new UnsupportedOperationException(spec.id() + " does not implement continuous steps");
    }

    /** Draws copy {@code copy}'s initial state, using {@link #uniform(int)} for randomness. */
    protected abstract void sampleInitialState(int copy);

    /** Writes copy {@code copy}'s observation row from its current state. */
    protected abstract void observe(int copy);

    /** Copies copy {@code copy}'s state into {@code out[offset .. offset + stateSize)}. */
    protected abstract void writeState(int copy, double[] out, int offset);

    /**
     * Sets copy {@code copy}'s state from {@code state[offset .. offset + stateSize)} (values checked to be
     * finite), as reached after {@code elapsedSteps} steps of an episode, and clears any per-episode
     * memory the environment keeps.
     */
    protected abstract void readState(int copy, double[] state, int offset, int elapsedSteps);

    /** The next uniform double in [0, 1) from copy {@code copy}'s random stream. */
    protected final double uniform(int copy) {
        return SeedStreams.nextDouble(rngStates, copy);
    }

    /** Uniform in {@code [low, high)}, computed as NumPy's {@code Generator.uniform} does: {@code low + (high - low) * u}. */
    protected final double uniform(int copy, double low, double high) {
        return low + (high - low) * uniform(copy);
    }

    // ------------------------------------------------------------------ VectorEnvironment

    @Override
    public final EnvSpec spec() {
        return spec;
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final int stateSize() {
        return stateSize;
    }

    @Override
    public final void reset(long[] seeds) {
        Objects.requireNonNull(seeds, "seeds");
        if (seeds.length != size) {
            throw new IllegalArgumentException(spec.id() + ": reset needs one seed per copy, expected "
                    + size + " seeds, got " + seeds.length);
        }
        for (int i = 0; i < size; i++) {
            rngStates[i] = SeedStreams.initialState(seeds[i]);
            resetCopy(i);
            markStarted(i);
        }
        liveDirty = true;
    }

    /** Starts a new episode in one copy from its own stream. */
    private void resetCopy(int i) {
        sampleInitialState(i);
        beginEpisode(i, 0);
    }

    private void beginEpisode(int i, int elapsedSteps) {
        observe(i);
        rewards[i] = 0.0;
        terminated[i] = false;
        truncated[i] = false;
        elapsed[i] = elapsedSteps;
        if (done[i]) {
            done[i] = false;
            activeCount++;
        }
    }

    private void markStarted(int i) {
        if (!started[i]) {
            started[i] = true;
            startedCount++;
        }
    }

    @Override
    public final void step(int[] actions) {
        if (!discreteActions) {
            throw new IllegalArgumentException(spec.id() + " has continuous actions " + spec.actionSpace()
                    + "; call step(double[])");
        }
        Objects.requireNonNull(actions, "actions");
        requireStarted();
        if (actions.length != size) {
            throw new IllegalArgumentException(spec.id() + ": expected " + size + " actions (one per copy), got "
                    + actions.length);
        }
        if (liveListValid()) {
            // exactly the copies that will step, in ascending order (so the first bad one is reported)
            final int[] l = live;
            for (int j = 0, n = liveCount; j < n; j++) {
                int i = l[j];
                int a = actions[i];
                if (a < actionLow || a >= actionHighExclusive) {
                    throw new IllegalArgumentException(spec.id() + ": action " + a + " for copy " + i
                            + " is outside " + spec.actionSpace());
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                int a = actions[i];
                if ((a < actionLow || a >= actionHighExclusive) && willStep(i)) {
                    throw new IllegalArgumentException(spec.id() + ": action " + a + " for copy " + i + " is outside "
                            + spec.actionSpace());
                }
            }
        }
        beginStep();
        stepDiscrete(actions);
        endStep();
    }

    @Override
    public final void step(double[] actions) {
        if (discreteActions) {
            throw new IllegalArgumentException(spec.id() + " has discrete actions " + spec.actionSpace()
                    + "; call step(int[])");
        }
        Objects.requireNonNull(actions, "actions");
        requireStarted();
        if (actions.length != size * actionSize) {
            throw new IllegalArgumentException(spec.id() + ": expected " + size * actionSize + " action values ("
                    + size + " copies x " + actionSize + "), got " + actions.length);
        }
        boolean listed = liveListValid();
        for (int q = 0, n = listed ? liveCount : size; q < n; q++) {
            int i = listed ? live[q] : q;
            for (int j = i * actionSize, end = j + actionSize; j < end; j++) {
                if (Double.isNaN(actions[j]) && willStep(i)) {
                    throw new IllegalArgumentException(spec.id() + ": action value " + (j - i * actionSize)
                            + " for copy " + i + " is NaN");
                }
            }
        }
        beginStep();
        stepContinuous(actions);
        endStep();
    }

    private boolean willStep(int i) {
        return singleEnvironmentSemantics || !done[i];
    }

    /** Whether {@code live} holds exactly the copies the next step advances. */
    private boolean liveListValid() {
        return !autoReset && !singleEnvironmentSemantics && !liveDirty;
    }

    private void requireStarted() {
        if (startedCount < size) {
            int first = 0;
            while (started[first]) {
                first++;
            }
            throw new IllegalStateException(spec.id() + ": copy " + first + " has not been reset; call reset(seeds)"
                    + " (or loadState for every copy) before step");
        }
    }

    /** Fills the step mask; with auto-reset, restarts copies that finished on the previous step. */
    private void beginStep() {
        if (singleEnvironmentSemantics) {
            stepMask[0] = true;
            stepList[0] = 0;
            stepCount = 1;
            return;
        }
        final boolean[] done = this.done;
        final boolean[] mask = this.stepMask;
        final int[] list = this.stepList;
        if (autoReset || liveDirty) {
            // full pass: every copy is looked at (auto-reset restarts the finished ones)
            int c = 0;
            for (int i = 0; i < size; i++) {
                if (!done[i]) {
                    mask[i] = true;
                    list[c++] = i;
                } else {
                    mask[i] = false;
                    rewards[i] = 0.0;
                    if (autoReset) {
                        resetCopy(i);
                    }
                }
            }
            stepCount = c;
            finishedCount = 0;
            liveDirty = autoReset;
            return;
        }
        // incremental: the copies that finished on the last step stop (mask cleared in endStep) and
        // read reward 0; every other finished copy already does
        final double[] rew = rewards;
        final int[] fin = finished;
        for (int j = 0, n = finishedCount; j < n; j++) {
            rew[fin[j]] = 0.0;
        }
        finishedCount = 0;
        System.arraycopy(live, 0, list, 0, liveCount);
        stepCount = liveCount;
    }

    /** TimeLimit and done mask for the copies just stepped. */
    private void endStep() {
        final boolean[] mask = this.stepMask;
        final int[] list = this.stepList;
        final int[] elapsed = this.elapsed;
        final boolean[] truncated = this.truncated;
        final boolean[] terminated = this.terminated;
        final boolean[] done = this.done;
        final int max = maxEpisodeSteps;
        final boolean track = !autoReset && !singleEnvironmentSemantics;
        final int[] l = live;
        final int[] fin = finished;
        int kept = 0;
        int nFin = 0;
        for (int j = 0, n = stepCount; j < n; j++) {
            int i = list[j];
            boolean trunc = ++elapsed[i] >= max;
            truncated[i] = trunc;
            boolean d = terminated[i] || trunc;
            if (d != done[i]) {
                done[i] = d;
                activeCount += d ? -1 : 1;
            }
            if (track) {
                if (d) {
                    mask[i] = false;
                    fin[nFin++] = i;
                } else {
                    l[kept++] = i;
                }
            }
        }
        liveCount = kept;
        finishedCount = nFin;
        if (!track) {
            liveDirty = true;
        }
    }

    @Override
    public final double[] observations() {
        return observations;
    }

    @Override
    public final double[] rewards() {
        return rewards;
    }

    @Override
    public final boolean[] terminated() {
        return terminated;
    }

    @Override
    public final boolean[] truncated() {
        return truncated;
    }

    @Override
    public final boolean[] done() {
        return done;
    }

    @Override
    public final int activeCount() {
        return activeCount;
    }

    @Override
    public final void setAutoReset(boolean autoReset) {
        if (autoReset && singleEnvironmentSemantics) {
            throw new IllegalStateException(spec.id() + ": a single environment does not auto-reset");
        }
        if (autoReset != this.autoReset) {
            liveDirty = true;
        }
        this.autoReset = autoReset;
    }

    /** Whether finished copies start a new episode on the next step. */
    public final boolean autoReset() {
        return autoReset;
    }

    // ------------------------------------------------------------------ state access

    @Override
    public final void state(int copy, double[] out) {
        checkCopy(copy);
        Objects.requireNonNull(out, "out");
        if (out.length != stateSize) {
            throw new IllegalArgumentException(spec.id() + ": state output needs length " + stateSize + ", got "
                    + out.length);
        }
        if (!started[copy]) {
            throw new IllegalStateException(spec.id() + ": copy " + copy + " has no state yet; reset or load it first");
        }
        writeState(copy, out, 0);
    }

    @Override
    public final int elapsedSteps(int copy) {
        checkCopy(copy);
        return elapsed[copy];
    }

    @Override
    public final void loadState(int copy, double[] state, int elapsedSteps) {
        checkCopy(copy);
        Objects.requireNonNull(state, "state");
        if (state.length != stateSize) {
            throw new IllegalArgumentException(spec.id() + ": a state has " + stateSize + " values, got "
                    + state.length);
        }
        for (int j = 0; j < stateSize; j++) {
            if (!Double.isFinite(state[j])) {
                throw new IllegalArgumentException(spec.id() + ": state value " + j + " is " + state[j]);
            }
        }
        if (elapsedSteps < 0 || elapsedSteps >= maxEpisodeSteps) {
            throw new IllegalArgumentException(spec.id() + ": elapsedSteps must be in [0, " + maxEpisodeSteps
                    + "), got " + elapsedSteps);
        }
        readState(copy, state, 0, elapsedSteps);
        beginEpisode(copy, elapsedSteps);
        markStarted(copy);
        liveDirty = true;
    }

    private void checkCopy(int copy) {
        if (copy < 0 || copy >= size) {
            throw new IllegalArgumentException(spec.id() + ": copy index " + copy + " is outside [0, " + size + ")");
        }
    }

    // ------------------------------------------------------------------ for BatchOfOne

    void useSingleEnvironmentSemantics() {
        if (size != 1) {
            throw new IllegalArgumentException(spec.id() + ": a single environment is a batch of exactly 1 copy, got "
                    + size);
        }
        autoReset = false;
        singleEnvironmentSemantics = true;
        liveDirty = true;
    }

    boolean isStarted(int copy) {
        return started[copy];
    }

    int actionSize() {
        return actionSize;
    }

    boolean discreteActions() {
        return discreteActions;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + spec.id() + ", size=" + size + ")";
    }
}
