package org.diffevo4j.core;

/**
 * The run's random generator: xoshiro256** (Blackman and Vigna) with an explicit, serialisable
 * state, seeded through SplitMix64, and Gaussian draws by the polar (Marsaglia) method. Chosen over
 * {@link java.util.SplittableRandom} because its state can be saved and restored exactly, which a
 * checkpoint needs.
 *
 * <p>{@link #split()} derives an independent generator deterministically, one per component.
 */
public final class Rng {

    private long s0;
    private long s1;
    private long s2;
    private long s3;
    private boolean haveSpare;
    private double spare;

    /** A generator whose four state words are SplitMix64 outputs from {@code seed}: same seed, same stream. */
    public Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
    }

    private Rng() {
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 uniformly random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Standard normal draw. */
    public double nextGaussian() {
        if (haveSpare) {
            haveSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * m;
        haveSpare = true;
        return u * m;
    }

    // Marsaglia and Tsang's ziggurat (J. Stat. Softw. 5(8), 2000): 128 layers of equal area
    private static final int[] ZIG_K = new int[128];
    private static final double[] ZIG_W = new double[128];
    private static final double[] ZIG_F = new double[128];
    private static final double ZIG_R = 3.442619855899;

    static {
        double m1 = 2147483648.0;
        double dn = ZIG_R;
        double tn = dn;
        double vn = 9.91256303526217e-3;
        double q = vn / Math.exp(-0.5 * dn * dn);
        ZIG_K[0] = (int) ((dn / q) * m1);
        ZIG_K[1] = 0;
        ZIG_W[0] = q / m1;
        ZIG_W[127] = dn / m1;
        ZIG_F[0] = 1.0;
        ZIG_F[127] = Math.exp(-0.5 * dn * dn);
        for (int i = 126; i >= 1; i--) {
            dn = Math.sqrt(-2.0 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
            ZIG_K[i + 1] = (int) ((dn / tn) * m1);
            tn = dn;
            ZIG_F[i] = Math.exp(-0.5 * dn * dn);
            ZIG_W[i] = dn / m1;
        }
    }

    /**
     * Standard normal draw by the ziggurat method (Marsaglia and Tsang 2000), several times faster
     * than {@link #nextGaussian()} and a different stream: the layer comes from the low 7 bits and
     * the signed 32-bit abscissa from the high 32 bits of one 64-bit output (independent bits, which
     * avoids the original's correlation between layer and value). Does not touch the spare of
     * {@link #nextGaussian()}.
     */
    public double nextGaussianZiggurat() {
        long bits = nextLong();
        int hz = (int) (bits >>> 32);
        int iz = (int) (bits & 127);
        if (Math.abs(hz) < ZIG_K[iz]) {
            return hz * ZIG_W[iz];
        }
        for (;;) {
            double x = hz * ZIG_W[iz];
            if (iz == 0) {
                // the tail beyond r, by Marsaglia's exponential method
                double y;
                do {
                    x = -Math.log(1.0 - nextDouble()) / ZIG_R;
                    y = -Math.log(1.0 - nextDouble());
                } while (y + y < x * x);
                return hz > 0 ? ZIG_R + x : -ZIG_R - x;
            }
            if (ZIG_F[iz] + nextDouble() * (ZIG_F[iz - 1] - ZIG_F[iz]) < Math.exp(-0.5 * x * x)) {
                return x;
            }
            bits = nextLong();
            hz = (int) (bits >>> 32);
            iz = (int) (bits & 127);
            if (Math.abs(hz) < ZIG_K[iz]) {
                return hz * ZIG_W[iz];
            }
        }
    }

    /**
     * Fills {@code out} with standard normal draws: the same values, and the same generator state
     * after, as {@code out.length} calls of {@link #nextGaussian()}. Written out as one loop over
     * pairs with the state in local variables because Diffusion Evolution draws N x D of them per
     * step (4.5 million for the large RL policy), where the calls' field traffic showed in profiles.
     */
    public void fillGaussian(double[] out) {
        int i = 0;
        if (out.length > 0 && haveSpare) {
            haveSpare = false;
            out[i++] = spare;
        }
        gaussianPairs(out, i);
    }

    /**
     * {@code out[i ..]} by the polar method, pair by pair as {@link #nextGaussian()} draws them, with
     * the generator's state in local variables; an odd last value leaves its pair's second in the spare.
     */
    private void gaussianPairs(double[] out, int i) {
        int len = out.length;
        long a = s0;
        long b = s1;
        long c = s2;
        long d = s3;
        // nextGaussian() leaves the second value of each pair in the spare field even once it is used,
        // and state() saves that field: so must this
        double lastSecond = spare;
        while (i < len) {
            double u;
            double v;
            double s;
            do {
                // two nextDouble() calls, as in nextGaussian()
                long r = Long.rotateLeft(b * 5, 7) * 9;
                long t = b << 17;
                c ^= a;
                d ^= b;
                b ^= c;
                a ^= d;
                c ^= t;
                d = Long.rotateLeft(d, 45);
                u = 2 * ((r >>> 11) * 0x1.0p-53) - 1;
                r = Long.rotateLeft(b * 5, 7) * 9;
                t = b << 17;
                c ^= a;
                d ^= b;
                b ^= c;
                a ^= d;
                c ^= t;
                d = Long.rotateLeft(d, 45);
                v = 2 * ((r >>> 11) * 0x1.0p-53) - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double m = Math.sqrt(-2 * Math.log(s) / s);
            out[i++] = u * m;
            lastSecond = v * m;
            if (i < len) {
                out[i++] = lastSecond;
            } else {
                haveSpare = true;
            }
        }
        spare = lastSecond;
        s0 = a;
        s1 = b;
        s2 = c;
        s3 = d;
    }

    /** Pairs per chunk of {@link #fillGaussian(double[], int)}'s parallel part. */
    private static final int PAIRS_PER_CHUNK = 1 << 14;

    /**
     * {@link #fillGaussian(double[])} with its logarithms and square roots spread over up to
     * {@code threads} threads: the same values and the same generator state after, for any thread
     * count. Why: for Diffusion Evolution's N x D noise (4.5 million draws per step for the large RL
     * policy) those transcendental functions are most of the cost, and only the uniform draws and
     * the rejection test have to be sequential. This draws the accepted pairs (u, v) in order into
     * {@code out} first, then replaces each pair by {@code (u m, v m)}, {@code m = sqrt(-2 ln s / s)},
     * recomputing {@code s = u^2 + v^2} by the same operations; the last pair is finished in the first
     * pass, since it also sets the spare.
     *
     * @param threads at most this many threads (the calling one included); 1 runs on the caller only
     */
    void fillGaussian(double[] out, int threads) {
        int len = out.length;
        int i = 0;
        if (len > 0 && haveSpare) {
            haveSpare = false;
            out[i++] = spare;
        }
        int first = i;
        long a = s0;
        long b = s1;
        long c = s2;
        long d = s3;
        // every pair but the last: each candidate is written, and kept by advancing i only if accepted
        // (no branch on the rejection, which a CPU cannot predict)
        while (i + 2 < len) {
            long r = Long.rotateLeft(b * 5, 7) * 9;
            long t = b << 17;
            c ^= a;
            d ^= b;
            b ^= c;
            a ^= d;
            c ^= t;
            d = Long.rotateLeft(d, 45);
            double u = 2 * ((r >>> 11) * 0x1.0p-53) - 1;
            r = Long.rotateLeft(b * 5, 7) * 9;
            t = b << 17;
            c ^= a;
            d ^= b;
            b ^= c;
            a ^= d;
            c ^= t;
            d = Long.rotateLeft(d, 45);
            double v = 2 * ((r >>> 11) * 0x1.0p-53) - 1;
            double s = u * u + v * v;
            out[i] = u;
            out[i + 1] = v;
            i += (s < 1) & (s != 0) ? 2 : 0;
        }
        int rawEnd = i;
        s0 = a;
        s1 = b;
        s2 = c;
        s3 = d;
        // the last pair as fillGaussian(double[]) draws it, since it also sets the spare
        gaussianPairs(out, i);
        // pairs [first, rawEnd) still hold (u, v)
        int pairs = (rawEnd - first) / 2;
        RowPartition.run(pairs, PAIRS_PER_CHUNK, Math.max(1, threads), () -> null, (from, to, none) -> {
            for (int p = first + 2 * from, end = first + 2 * to; p < end; p += 2) {
                double u = out[p];
                double v = out[p + 1];
                double s = u * u + v * v;
                double m = Math.sqrt(-2 * Math.log(s) / s);
                out[p] = u * m;
                out[p + 1] = v * m;
            }
        });
    }

    /** A new generator whose stream is independent of this one's; advances this one. */
    public Rng split() {
        return new Rng(nextLong() ^ 0x632BE59BD9B4E019L);
    }

    /** The full state: four words, the spare-Gaussian flag and the spare's bits. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, haveSpare ? 1 : 0, Double.doubleToRawLongBits(spare)};
    }

    /** A generator continuing exactly from a saved {@link #state()}. */
    public static Rng fromState(long[] state) {
        if (state == null || state.length != 6) {
            throw new IllegalArgumentException("random generator state must have 6 words");
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("random generator state is all zero (corrupt)");
        }
        Rng r = new Rng();
        r.s0 = state[0];
        r.s1 = state[1];
        r.s2 = state[2];
        r.s3 = state[3];
        r.haveSpare = state[4] != 0;
        r.spare = Double.longBitsToDouble(state[5]);
        return r;
    }
}
