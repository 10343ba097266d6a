package org.diffevo4j.core.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.diffevo4j.core.Rng;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    @Test
    void twoByTwoByHand() {
        // [[2,1],[1,2]] has eigenvalues 1 and 3 with eigenvectors (1,-1)/sqrt2 and (1,1)/sqrt2
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertEquals(1.0, e.values[0], 1e-14);
        assertEquals(3.0, e.values[1], 1e-14);
        assertEquals(1.0, Math.abs(e.vectors[0][0] - e.vectors[1][0]) / Math.sqrt(2), 1e-14);
        assertEquals(1.0, Math.abs(e.vectors[0][1] + e.vectors[1][1]) / Math.sqrt(2), 1e-14);
    }

    @Test
    void diagonalAndOneByOne() {
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{5, 0, 0}, {0, -1, 0}, {0, 0, 2}});
        assertEquals(-1, e.values[0], 0);
        assertEquals(2, e.values[1], 0);
        assertEquals(5, e.values[2], 0);
        assertEquals(7.5, SymmetricEigen.of(new double[][] {{7.5}}).values[0], 0);
    }

    @Test
    void reconstructsRandomSymmetricMatrices() {
        Rng rng = new Rng(3);
        for (int n : new int[] {2, 5, 17, 60}) {
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    a[i][j] = rng.nextGaussian();
                    a[j][i] = a[i][j];
                }
            }
            SymmetricEigen e = SymmetricEigen.of(a);
            double[][] v = e.vectors;
            for (int k = 1; k < n; k++) {
                assertEquals(true, e.values[k - 1] <= e.values[k], "ascending");
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double av = 0;
                    double vtv = 0;
                    for (int k = 0; k < n; k++) {
                        av += a[i][k] * v[k][j];
                        vtv += v[k][i] * v[k][j];
                    }
                    assertEquals(e.values[j] * v[i][j], av, 1e-10, "A v = lambda v");
                    assertEquals(i == j ? 1.0 : 0.0, vtv, 1e-12, "orthonormal");
                }
            }
        }
    }
}
