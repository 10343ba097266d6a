package org.diffevo4j.core.baselines;

/**
 * Eigendecomposition of a real symmetric matrix: Householder reduction to tridiagonal form followed
 * by the implicit QL method (the EISPACK routines tred2/tql2, as in the public-domain JAMA library).
 * O(n^3) time and O(n^2) memory, all in plain Java so results are reproducible bit for bit on one
 * JVM, which a checkpointed CMA-ES needs.
 */
final class SymmetricEigen {

    /** Eigenvalues, ascending. */
    final double[] values;
    /** Eigenvectors as columns: {@code vectors[i][k]} is component i of eigenvector k. */
    final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /** Decomposes {@code a} (only symmetry is assumed; {@code a} is not modified). */
    static SymmetricEigen of(double[][] a) {
        int n = a.length;
        double[][] v = new double[n][];
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("matrix is not square");
            }
            v[i] = a[i].clone();
        }
        double[] d = new double[n];
        double[] e = new double[n];
        // the EISPACK routines below index their matrix as w[column][row] (w = V transposed), so that
        // their inner loops, which run down columns of V, run along contiguous rows; every element sees
        // the same arithmetic as in the textbook orientation
        double[][] w = transpose(v);
        tred2(n, w, d, e);
        tql2(n, w, d, e);
        return new SymmetricEigen(d, transpose(w));
    }

    private static double[][] transpose(double[][] m) {
        int n = m.length;
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }

    /** Householder tridiagonalisation on w = V^T (w[col][row]). */
    private static void tred2(int n, double[][] v, double[] d, double[] e) {
        for (int j = 0; j < n; j++) {
            d[j] = v[j][n - 1];
        }
        for (int i = n - 1; i > 0; i--) {
            double scale = 0.0;
            double h = 0.0;
            for (int k = 0; k < i; k++) {
                scale += Math.abs(d[k]);
            }
            if (scale == 0.0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = v[j][i - 1];
                    v[j][i] = 0.0;
                    v[i][j] = 0.0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.sqrt(h);
                if (f > 0) {
                    g = -g;
                }
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) {
                    e[j] = 0.0;
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    v[i][j] = f;
                    g = e[j] + v[j][j] * f;
                    for (int k = j + 1; k <= i - 1; k++) {
                        g += v[j][k] * d[k];
                        e[k] += v[j][k] * f;
                    }
                    e[j] = g;
                }
                f = 0.0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) {
                    e[j] -= hh * d[j];
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) {
                        v[j][k] -= (f * e[k] + g * d[k]);
                    }
                    d[j] = v[j][i - 1];
                    v[j][i] = 0.0;
                }
            }
            d[i] = h;
        }
        // accumulate the transformations
        for (int i = 0; i < n - 1; i++) {
            v[i][n - 1] = v[i][i];
            v[i][i] = 1.0;
            double h = d[i + 1];
            if (h != 0.0) {
                for (int k = 0; k <= i; k++) {
                    d[k] = v[i + 1][k] / h;
                }
                for (int j = 0; j <= i; j++) {
                    double g = 0.0;
                    for (int k = 0; k <= i; k++) {
                        g += v[i + 1][k] * v[j][k];
                    }
                    for (int k = 0; k <= i; k++) {
                        v[j][k] -= g * d[k];
                    }
                }
            }
            for (int k = 0; k <= i; k++) {
                v[i + 1][k] = 0.0;
            }
        }
        for (int j = 0; j < n; j++) {
            d[j] = v[j][n - 1];
            v[j][n - 1] = 0.0;
        }
        v[n - 1][n - 1] = 1.0;
        e[0] = 0.0;
    }

    /** Implicit QL on w = V^T (w[col][row]). */
    private static void tql2(int n, double[][] v, double[] d, double[] e) {
        for (int i = 1; i < n; i++) {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0.0;
        double f = 0.0;
        double tst1 = 0.0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n) {
                if (Math.abs(e[m]) <= eps * tst1) {
                    break;
                }
                m++;
            }
            if (m > l) {
                int iter = 0;
                do {
                    if (++iter > 100 * n + 100) {
                        throw new ArithmeticException("eigendecomposition did not converge");
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = Math.hypot(p, 1.0);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f += h;
                    p = d[m];
                    double c = 1.0;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0.0;
                    double s2 = 0.0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        double[] wi = v[i];
                        double[] wi1 = v[i + 1];
                        for (int k = 0; k < n; k++) {
                            double hk = wi1[k];
                            wi1[k] = s * wi[k] + c * hk;
                            wi[k] = c * wi[k] - s * hk;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] = d[l] + f;
            e[l] = 0.0;
        }
        // selection sort keeps the column swaps few and the order deterministic
        for (int i = 0; i < n - 1; i++) {
            int k = i;
            double p = d[i];
            for (int j = i + 1; j < n; j++) {
                if (d[j] < p) {
                    k = j;
                    p = d[j];
                }
            }
            if (k != i) {
                d[k] = d[i];
                d[i] = p;
                for (int j = 0; j < n; j++) {
                    double t = v[i][j];
                    v[i][j] = v[k][j];
                    v[k][j] = t;
                }
            }
        }
    }
}
