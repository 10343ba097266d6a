package org.diffevo4j.core;

/**
 * The configuration of a {@link DiffusionEvolution} run. Immutable; change it with the
 * {@code with...} methods or a {@link #builder()}.
 *
 * <p>The schedule and the fitness mapping are held as their textual specs (see
 * {@link Schedule#spec()} and {@link FitnessMapping#spec()}), normalised on construction, so the
 * whole record converts to and from a flat string map (for the {@link Strategies} registry, config
 * files and checkpoints) without special cases. {@link #alphaSchedule()} and {@link #mapping()}
 * give the parsed objects.
 *
 * <p>{@link #defaults()} is the paper's RL protocol: population 256, 10 steps of the cosine
 * schedule, eta 1, the RL mapping with temperature 1 and no weight decay, scaling 1.
 *
 * @param populationSize N, at least 1
 * @param steps          T, at least 2: T - 1 denoising updates and T evaluations
 * @param schedule       spec of the noise schedule, e.g. {@code cosine}
 * @param eta            DDIM noise scale, in [0, 1] (0 = deterministic)
 * @param fitnessMapping spec of the mapping from raw scores to fitness, e.g. {@code rl(temperature=1.0)}
 * @param scaling        the population is evaluated at {@code scaling * x}; positive
 */
public record DiffusionConfig(int populationSize, int steps, String schedule, double eta, String fitnessMapping,
                              double scaling) {

    /** Validates every field and normalises the two specs. */
    public DiffusionConfig {
        if (populationSize < 1) {
            throw new IllegalArgumentException("diffusion: populationSize must be >= 1, got " + populationSize);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("diffusion: steps must be >= 2 (T - 1 updates and a final evaluation), got " + steps);
        }
        // eta > 1 can make 1 - a_prev - sigma^2 negative, i.e. the DDIM step undefined
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("diffusion: eta must be in [0, 1], got " + eta);
        }
        if (!(scaling > 0) || Double.isInfinite(scaling)) {
            throw new IllegalArgumentException("diffusion: scaling must be positive and finite, got " + scaling);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("diffusion: schedule must not be null");
        }
        if (fitnessMapping == null) {
            throw new IllegalArgumentException("diffusion: fitnessMapping must not be null");
        }
        schedule = Schedule.parse(schedule).spec();
        fitnessMapping = FitnessMapping.parse(fitnessMapping).spec();
    }

    /** The paper's RL protocol (docs/algorithm.md section 6). */
    public static DiffusionConfig defaults() {
        return new DiffusionConfig(256, 10, "cosine", 1.0, FitnessMapping.rl().spec(), 1.0);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** The parsed noise schedule. */
    public Schedule alphaSchedule() {
        return Schedule.parse(schedule);
    }

    /** The parsed fitness mapping. */
    public FitnessMapping mapping() {
        return FitnessMapping.parse(fitnessMapping);
    }

    /** A copy with another population size N (validated). */
    public DiffusionConfig withPopulationSize(int n) {
        return new DiffusionConfig(n, steps, schedule, eta, fitnessMapping, scaling);
    }

    /** A copy with another number of steps T (validated). */
    public DiffusionConfig withSteps(int t) {
        return new DiffusionConfig(populationSize, t, schedule, eta, fitnessMapping, scaling);
    }

    /** A copy with another noise schedule (validated). */
    public DiffusionConfig withSchedule(Schedule s) {
        return new DiffusionConfig(populationSize, steps, nonNull(s, "schedule").spec(), eta, fitnessMapping, scaling);
    }

    /** A copy with another DDIM noise scale eta (validated). */
    public DiffusionConfig withEta(double e) {
        return new DiffusionConfig(populationSize, steps, schedule, e, fitnessMapping, scaling);
    }

    /** A copy with another fitness mapping (validated). */
    public DiffusionConfig withFitnessMapping(FitnessMapping m) {
        return new DiffusionConfig(populationSize, steps, schedule, eta, nonNull(m, "fitness mapping").spec(), scaling);
    }

    /** A copy with another evaluation scaling (validated). */
    public DiffusionConfig withScaling(double s) {
        return new DiffusionConfig(populationSize, steps, schedule, eta, fitnessMapping, s);
    }

    private static <T> T nonNull(T v, String what) {
        if (v == null) {
            throw new IllegalArgumentException("diffusion: " + what + " must not be null");
        }
        return v;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int populationSize;
        private int steps;
        private String schedule;
        private double eta;
        private String fitnessMapping;
        private double scaling;

        private Builder(DiffusionConfig c) {
            populationSize = c.populationSize;
            steps = c.steps;
            schedule = c.schedule;
            eta = c.eta;
            fitnessMapping = c.fitnessMapping;
            scaling = c.scaling;
        }

        /** Sets the population size N. */
        public Builder populationSize(int n) {
            populationSize = n;
            return this;
        }

        /** Sets the number of steps T. */
        public Builder steps(int t) {
            steps = t;
            return this;
        }

        /** Sets the noise schedule. */
        public Builder schedule(Schedule s) {
            schedule = nonNull(s, "schedule").spec();
            return this;
        }

        /** Sets the DDIM noise scale eta. */
        public Builder eta(double e) {
            eta = e;
            return this;
        }

        /** Sets the fitness mapping. */
        public Builder fitnessMapping(FitnessMapping m) {
            fitnessMapping = nonNull(m, "fitness mapping").spec();
            return this;
        }

        /** Sets the evaluation scaling. */
        public Builder scaling(double s) {
            scaling = s;
            return this;
        }

        /** The configuration, validated. */
        public DiffusionConfig build() {
            return new DiffusionConfig(populationSize, steps, schedule, eta, fitnessMapping, scaling);
        }
    }
}
