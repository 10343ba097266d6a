package org.diffevo4j.core;

/**
 * The exponential of the SIMD update kernels, one value at a time: range reduction by ln 2, the
 * degree-13 Taylor polynomial by Estrin's scheme, scaling by two powers of two (so that subnormal
 * results and underflow to 0 come out right). {@code VectorTileKernel.expArray} computes exactly these
 * operations lane by lane, so both give the same bits for every input {@code x <= 0}; within about
 * 2 ulp of {@link Math#exp}. Written with {@link Math#fma} and plain IEEE operations only, which are
 * exactly rounded the same way interpreted, C1- or C2-compiled.
 */
final class PolynomialExp {

    static final double LOG2E = 1.4426950408889634;
    /** ln 2 in two parts (fdlibm): the high part has trailing zero bits, so n * LN2_HI is exact. */
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5 * 2^52: adding it rounds to an integer held in the low bits of the mantissa. */
    static final double ROUND = 0x1.8p52;
    static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    /** Below this, exp is 0 in double precision (the smallest subnormal is exp(-744.4)). */
    static final double EXP_MIN = -1100;

    private PolynomialExp() {
    }

    /** {@code exp(x)} for {@code x <= 0}. */
    static double exp(double x) {
        x = Math.max(x, EXP_MIN);
        double t = Math.fma(x, LOG2E, ROUND);
        double nd = t - ROUND;
        double r = Math.fma(-nd, LN2_HI, x);
        r = Math.fma(-nd, LN2_LO, r);
        double r2 = r * r;
        double r4 = r2 * r2;
        double r8 = r4 * r4;
        double q0 = Math.fma(r, 1.0, 1.0);
        double q1 = Math.fma(r, 1.0 / 6, 0.5);
        double q2 = Math.fma(r, 1.0 / 120, 1.0 / 24);
        double q3 = Math.fma(r, 1.0 / 5040, 1.0 / 720);
        double q4 = Math.fma(r, 1.0 / 362880, 1.0 / 40320);
        double q5 = Math.fma(r, 1.0 / 39916800, 1.0 / 3628800);
        double q6 = Math.fma(r, 1.0 / 6227020800.0, 1.0 / 479001600);
        double p = Math.fma(r4, Math.fma(r2, q3, q2), Math.fma(r2, q1, q0));
        p = Math.fma(r8, Math.fma(r4, q6, Math.fma(r2, q5, q4)), p);
        double t1 = Math.fma(nd, 0.5, ROUND - 0.25);
        long n = Double.doubleToRawLongBits(t) - ROUND_BITS;
        long n1 = Double.doubleToRawLongBits(t1) - ROUND_BITS;
        long n2 = n - n1;
        return p * Double.longBitsToDouble((n1 + 1023) * (1L << 52)) * Double.longBitsToDouble((n2 + 1023) * (1L << 52));
    }
}
