package org.diffevo4j.core.baselines;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fast conversions between populations as Java arrays and as ND4J matrices. ND4J's own
 * {@code INDArray.toDoubleMatrix()} goes row by row through views and costs milliseconds even for a
 * 64 x 5 matrix, so the strategies and the benchmark suite copy whole buffers instead.
 */
public final class Matrices {

    private Matrices() {
    }

    /** A new N x D DOUBLE matrix (c order) holding {@code rows}. */
    public static INDArray matrix(double[][] rows) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " entries, expected " + d);
            }
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return Nd4j.create(flat, new long[] {n, d}, 'c');
    }

    /** The rows of a 2-D matrix as doubles (any data type, any ordering or view). */
    public static double[][] rows(INDArray m) {
        if (m == null || m.rank() != 2) {
            throw new IllegalArgumentException("expected a 2-D matrix, got " + (m == null ? "null" : m.shapeInfoToString()));
        }
        int n = m.rows();
        int d = m.columns();
        INDArray c = m.dataType() == DataType.DOUBLE ? m : m.castTo(DataType.DOUBLE);
        if (c.ordering() != 'c' || c.isView() || c.length() != c.data().length()) {
            c = c.dup('c');
        }
        double[] flat = c.data().asDouble();
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }
}
