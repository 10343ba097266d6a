package org.diffevo4j.agents;

import java.util.function.IntFunction;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.VectorEnvironment;

/**
 * The JVM backend: plain Java (and, where enabled, the JDK Vector API) over buffers allocated once.
 * Where the hot path is, by concern:
 * <ul>
 *   <li>{@link ThreadPartition}: the P*E episode copies are split into contiguous slices, one per
 *       thread (the calling thread and a fixed pool of {@code threads - 1}); each thread runs its slice
 *       to completion (episodes are independent, so there is no barrier per time step).</li>
 *   <li>The <b>lane path</b> for small policies ({@link LaneRollout}, {@link LaneBlock},
 *       {@link LaneKernels}): a block of copies is transposed into lanes (parameter {@code p} of the
 *       copy in lane {@code j} is {@code wt[p][j]}) and every time step runs one unit-stride loop over
 *       the running lanes per (layer, output unit), which C2 vectorises; a finished copy's lane is
 *       swapped out of the active range. Below {@link #SCALAR_LANES} running copies a block steps
 *       them one by one with {@link MlpPolicy#forward}. All weights stream through the cache at every
 *       step, which is cheap for small policies and memory-bound for wide ones.</li>
 *   <li>The <b>per-copy path</b> for wide policies ({@link CopyRollout}, {@link ResidentLayout},
 *       {@link DenseKernel}): a small group of copies whose weights fit in about one core's L1
 *       (one copy for 4-64-64-2) plays its episodes to the end, each copy's forward pass computed
 *       across output units with SIMD ({@code VectorDenseKernel} when {@code jdk.incubator.vector}
 *       is enabled, else {@link PlainDenseKernel}; see {@link DenseKernels}).</li>
 * </ul>
 * {@link Path#AUTO} takes the per-copy path from {@link #PER_COPY_MIN_MACS} multiply-adds per forward
 * pass when the Vector API kernel is loaded (the plain per-copy kernel is slower than the lanes).
 * On every path, per copy, the arithmetic is the same sequence of operations as
 * {@link MlpPolicy#forward}'s (four partial sums over {@code i mod 4}, combined as
 * {@code bias + ((s0 + s1) + (s2 + s3))}, no fused multiply-add), so all paths produce bit-identical
 * returns. Results depend only on genomes and seeds, not on threads, blocks, groups or the path.
 * The opt-in {@link Precision#FLOAT32} trades that bit-identity for speed on wide policies.
 *
 * <p>Setting the system property {@code diffevo4j.agents.profile=true} (read once, at class load)
 * accumulates the wall time spent in environment steps and in the policy forward pass; see
 * {@link #profileNanos()}. When it is off the timing code is removed by the JIT.
 */
public final class JvmEvaluator extends AbstractEvaluator {

    /** Which rollout loop plays the copies. */
    public enum Path {
        /** Per-copy from {@link #PER_COPY_MIN_MACS} multiply-adds per forward pass (with the Vector API), else lanes. */
        AUTO,
        /** Lanes across copies, weights transposed per block (best for small policies). */
        LANES,
        /** Per copy, weights resident in cache for whole episodes, SIMD across output units (wide policies). */
        PER_COPY;

        /** Parses {@code auto|lanes|per-copy} (case-insensitive). */
        public static Path parse(String s) {
            if (s == null) {
                throw new IllegalArgumentException("path is null; expected auto, lanes or per-copy");
            }
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "auto" -> AUTO;
                case "lanes" -> LANES;
                case "per-copy", "percopy", "per_copy" -> PER_COPY;
                default -> throw new IllegalArgumentException("unknown path '" + s + "'; expected auto, lanes or per-copy");
            };
        }
    }

    /** Arithmetic of the forward pass. */
    public enum Precision {
        /**
         * The default: double precision, {@link MlpPolicy#forward}'s operations in its order, no fused
         * multiply-add; returns are bit-identical on every path and to {@link MlpPolicy#play}.
         */
        DOUBLE,
        /**
         * Opt-in: weights and activations in float32 (the paper's reference code computes in float32),
         * fused multiply-add on the Vector API; always the per-copy path. Faster for wide policies (half
         * the bytes, twice the SIMD lanes) but <b>not</b> bit-identical to {@link #DOUBLE}, to
         * {@link MlpPolicy} or to a DL4J export: an action can flip where two outputs are within
         * float32 rounding, and the episode then diverges. Returns still depend only on genomes and
         * seeds (and on whether the Vector API is enabled, which decides FMA or not).
         */
        FLOAT32
    }

    /** Fewer copies than this per slice are not worth a thread hand-off. */
    static final int MIN_SLICE = 32;
    /**
     * The per-copy path cuts each thread's share into about this many chunks, claimed in turn
     * ({@link ThreadPartition#runChunked}): small enough that threads finish together, large enough
     * that claiming one costs nothing next to playing it.
     */
    static final int CHUNKS_PER_THREAD = 16;
    /**
     * Upper bound on a lane block's transposed weights, in doubles (2 MiB, about one core's L2), unless
     * that leaves fewer than {@link #MIN_BLOCK} lanes.
     */
    static final long BLOCK_DOUBLES = Long.getLong("diffevo4j.agents.blockDoubles", 1L << 18);
    /** Smallest block a slice is cut into (the last lanes of a block run with few copies active). */
    static final int MIN_BLOCK = 32;
    /** Below this many running copies a lane block steps them one by one with {@code MlpPolicy.forward}. */
    static final int SCALAR_LANES = Integer.getInteger("diffevo4j.agents.scalarLanes", 16);
    /**
     * The per-copy path's cache budget for one group's packed weights (bytes): about one core's L1 data
     * cache, so that a wide policy plays one copy at a time with its weights in L1 (4-64-64-2 in double:
     * 40 kB, one copy per group; measured 2.9e6 against 2.2e6 agent-steps per CPU-second with a 512 KiB,
     * L2-sized budget, see agents/BENCH-NOTES.md).
     */
    static final long RESIDENT_BYTES = Long.getLong("diffevo4j.agents.residentBytes", 32L * 1024);
    /**
     * {@link Path#AUTO} takes the per-copy path at and above this many multiply-adds per forward pass
     * (4-8-2: 48, 4-64-64-2: 4480). Measured per CPU-second on CartPole with long episodes: 4-16-16-2
     * (352) level, 4-32-32-2 (1216) per-copy 1.7x ahead, 4-16-2 and 4-32-2 lanes 1.3-1.4x ahead; with
     * 23-step random-genome episodes per-copy leads from 4-16-16-2 on (agents/BENCH-NOTES.md).
     */
    public static final long PER_COPY_MIN_MACS = Long.getLong("diffevo4j.agents.perCopyMinMacs", 512);
    /** The path {@link Path#AUTO} defaults to, from the system property {@code diffevo4j.agents.path}. */
    private static final Path DEFAULT_PATH = Path.parse(System.getProperty("diffevo4j.agents.path", "auto"));

    private final ThreadPartition partition;
    private final RolloutSetup setup;
    private final Path path;
    private final Precision precision;
    private final LaneRollout[] lanes;
    private final CopyRollout[] perCopy;
    /** copies per group of the per-copy path */
    private final int group;

    /**
     * An evaluator on the path {@link Path#AUTO} picks for this policy (unless the system property
     * {@code diffevo4j.agents.path} names another).
     *
     * @param env             the environment's spec
     * @param envFactory      makes a batched environment of n copies (e.g. {@code n -> Environments.makeVector(id, n)})
     * @param policy          policy shape
     * @param threads         worker threads (>= 1)
     * @param maxEpisodeSteps episode cap (the environment's own limit still applies)
     */
    public JvmEvaluator(EnvSpec env, IntFunction<VectorEnvironment> envFactory, PolicySpec policy, int threads,
                        int maxEpisodeSteps) {
        this(env, envFactory, policy, threads, maxEpisodeSteps, DEFAULT_PATH, Precision.DOUBLE);
    }

    /**
     * An evaluator on a chosen rollout path (the results are the same on every path; only speed differs).
     *
     * @param path {@link Path#AUTO}, {@link Path#LANES} or {@link Path#PER_COPY}
     */
    public JvmEvaluator(EnvSpec env, IntFunction<VectorEnvironment> envFactory, PolicySpec policy, int threads,
                        int maxEpisodeSteps, Path path) {
        this(env, envFactory, policy, threads, maxEpisodeSteps, path, Precision.DOUBLE);
    }

    /**
     * An evaluator on a chosen rollout path and precision.
     *
     * @param path      {@link Path#AUTO}, {@link Path#LANES} or {@link Path#PER_COPY}
     * @param precision {@link Precision#DOUBLE} (bit-identical to {@link MlpPolicy}) or the opt-in
     *                  {@link Precision#FLOAT32} (per-copy path only; not bit-identical)
     * @throws IllegalArgumentException for FLOAT32 with {@link Path#LANES}
     */
    public JvmEvaluator(EnvSpec env, IntFunction<VectorEnvironment> envFactory, PolicySpec policy, int threads,
                        int maxEpisodeSteps, Path path, Precision precision) {
        super(env, envFactory, policy, maxEpisodeSteps);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        java.util.Objects.requireNonNull(path, "path");
        this.precision = java.util.Objects.requireNonNull(precision, "precision");
        if (precision == Precision.FLOAT32 && path == Path.LANES) {
            throw new IllegalArgumentException("float32 runs on the per-copy path only; use path AUTO or PER_COPY");
        }
        this.setup = new RolloutSetup(policy, layout, envFactory, maxSteps);
        this.path = precision == Precision.FLOAT32 ? Path.PER_COPY
                : path == Path.AUTO ? auto(setup) : path;
        this.partition = new ThreadPartition(threads);
        this.lanes = new LaneRollout[threads];
        this.perCopy = new CopyRollout[threads];
        this.group = this.path == Path.PER_COPY ? copyGroup(layout, precision) : 1;
    }

    /**
     * AUTO's choice: the per-copy path for policies of at least {@link #PER_COPY_MIN_MACS} multiply-adds
     * when the Vector API kernel is loaded; the lane path otherwise (the plain-Java per-copy kernel was
     * measured slower than the lanes: 5.6e5 against 9.3e5 agent-steps per CPU-second for 4-64-64-2).
     */
    private static Path auto(RolloutSetup setup) {
        return setup.macs() >= PER_COPY_MIN_MACS && DenseKernels.VECTOR ? Path.PER_COPY : Path.LANES;
    }

    @Override
    public Backend backend() {
        return Backend.JVM;
    }

    /** Number of worker threads. */
    public int threads() {
        return partition.threads();
    }

    /** The rollout path this evaluator runs ({@link Path#LANES} or {@link Path#PER_COPY}, never AUTO). */
    public Path path() {
        return path;
    }

    /** The forward pass's precision. */
    public Precision precision() {
        return precision;
    }

    /**
     * The dense layer kernel the per-copy path uses in this JVM: {@code vector-<bits>} (the JDK Vector
     * API, when {@code --add-modules jdk.incubator.vector} is given) or {@code plain}.
     */
    public static String denseKernel() {
        return DenseKernels.name();
    }

    /**
     * With {@code -Ddiffevo4j.agents.profile=true}: nanoseconds summed over all threads and JVM
     * evaluators since the last {@link #resetProfile()}, as {@code {environment steps, policy forward
     * (normalise, layers, head), whole block rollouts}}; the rest of a rollout is set-up (reset, weight
     * transposition) and reward bookkeeping. All zero when the property is off.
     */
    public static long[] profileNanos() {
        return RolloutProfile.get();
    }

    /** Zeroes the counters of {@link #profileNanos()}. */
    public static void resetProfile() {
        RolloutProfile.reset();
    }

    @Override
    public EvaluationResult evaluate(double[] population, int episodes, long[] seeds) {
        long start = System.nanoTime();
        int p = checkArguments(population, episodes, seeds);
        int copies = p * episodes;
        RolloutJob job = RolloutJob.of(population, dim, episodes, seeds, copies);
        if (path == Path.PER_COPY) {
            partition.runChunked(copies, copyChunk(copies), (s, c0, c1) -> copyRollout(s).play(job, c0, c1));
        } else {
            partition.run(copies, MIN_SLICE, (s, c0, c1) -> laneRollout(s).play(job, c0, c1));
        }
        return finish(p, episodes, job.returns(), job.lengths(), job.terminated(), job.badStep(), job.badValue(),
                start);
    }

    /**
     * Chunk size of the per-copy path: about {@link #CHUNKS_PER_THREAD} chunks per thread, a whole
     * number of groups, at least {@link #MIN_SLICE} copies.
     */
    private int copyChunk(int copies) {
        final long perThread = (long) copies / ((long) partition.threads() * CHUNKS_PER_THREAD);
        final long groups = Math.max(1, (Math.max(MIN_SLICE, perThread) + group - 1) / group);
        return (int) Math.min(Integer.MAX_VALUE, groups * group);
    }

    /** Copies per group of the per-copy path ({@link CopyRollout#groupSize}). */
    private static int copyGroup(ParameterLayout layout, Precision precision) {
        if (precision == Precision.FLOAT32) {
            return CopyRollout.groupSize(4L * new ResidentLayout(layout, DenseKernels.floatLanes(), 0, true).size(),
                    RESIDENT_BYTES);
        }
        return CopyRollout.groupSize(8L * new ResidentLayout(layout, DenseKernels.lanes()).size(), RESIDENT_BYTES);
    }

    private LaneRollout laneRollout(int slice) {
        LaneRollout r = lanes[slice];
        if (r == null) {
            r = new LaneRollout(setup);
            lanes[slice] = r;
        }
        return r;
    }

    private CopyRollout copyRollout(int slice) {
        CopyRollout r = perCopy[slice];
        if (r == null) {
            if (precision == Precision.FLOAT32) {
                r = new CopyRollout(setup, null, DenseKernels.bestFloat(), group);
            } else {
                r = new CopyRollout(setup, DenseKernels.best(), null, group);
            }
            perCopy[slice] = r;
        }
        return r;
    }

    @Override
    public void close() {
        partition.close();
    }
}
