package org.diffevo4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.diffevo4j.core.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RandomProjectionTest {

    @Test
    void rowsHaveUnitNorm() {
        for (int[] shape : new int[][] {{2, 58}, {3, 4610}, {1, 1}, {5, 3}}) {
            RandomProjection p = RandomProjection.gaussian(shape[0], shape[1], new Rng(4));
            double[] a = p.toArray();
            assertEquals(shape[0] * shape[1], a.length);
            for (int r = 0; r < shape[0]; r++) {
                double n = 0;
                for (int j = 0; j < shape[1]; j++) {
                    n += a[r * shape[1] + j] * a[r * shape[1] + j];
                }
                assertEquals(1.0, n, 1e-12, "row " + r + " of " + shape[0] + " x " + shape[1]);
            }
        }
    }

    @Test
    void drawsAreTheNormalisedGaussianRowsOfTheGenerator() {
        // the same generator gives the same draws; the projection is those rows over their norms
        RandomProjection p = RandomProjection.gaussian(2, 3, new Rng(11));
        Rng r = new Rng(11);
        double[] g = new double[6];
        r.fillGaussian(g);
        for (int row = 0; row < 2; row++) {
            double n = Math.sqrt(g[3 * row] * g[3 * row] + g[3 * row + 1] * g[3 * row + 1] + g[3 * row + 2] * g[3 * row + 2]);
            for (int j = 0; j < 3; j++) {
                assertEquals(g[3 * row + j] / n, p.toArray()[3 * row + j], 1e-15);
            }
        }
        assertEquals(p, RandomProjection.gaussian(2, 3, new Rng(11)));
        assertNotEquals(p, RandomProjection.gaussian(2, 3, new Rng(12)));
    }

    @Test
    void projectIsXTimesTheTranspose() {
        // P = [[1, 0, 2], [0, -1, 1]], x = (1, 2, 3): z = (1 + 6, -2 + 3) = (7, 1)
        RandomProjection p = RandomProjection.of(2, 3, new double[] {1, 0, 2, 0, -1, 1});
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {0, 0, 1}});
        INDArray z = p.project(x);
        assertEquals(DataType.DOUBLE, z.dataType());
        assertArrayEquals(new double[] {7, 1}, z.getRow(0).toDoubleVector(), 0);
        assertArrayEquals(new double[] {2, 1}, z.getRow(1).toDoubleVector(), 0);
        assertArrayEquals(new double[] {1, 0, 2, 0, -1, 1}, p.matrix().dup('c').data().asDouble(), 0);
        INDArray y = Nd4j.createFromArray(new double[][] {{1.5, -2, 0.25}});
        assertArrayEquals(y.toDoubleMatrix(), RandomProjection.identity(3).project(y).toDoubleMatrix());
    }

    @Test
    void rejectsBadShapesAndEntries() {
        RandomProjection p = RandomProjection.of(2, 3, new double[6]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.project(Nd4j.zeros(DataType.DOUBLE, 4, 2)));
        assertTrue(e.getMessage().contains("N x 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RandomProjection.of(2, 3, new double[5]));
        assertTrue(e.getMessage().contains("6 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RandomProjection.of(1, 2, new double[] {0, Double.NaN}));
        assertTrue(e.getMessage().contains("(0, 1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RandomProjection.gaussian(0, 3, new Rng(1)));
    }
}
