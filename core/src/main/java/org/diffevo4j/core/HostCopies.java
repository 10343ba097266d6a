package org.diffevo4j.core;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between Java {@code double[]} and dense row-major DOUBLE ND4J matrices. Why: ND4J's
 * {@code Nd4j.create(double[], shape)} writes its buffer one element at a time and
 * {@code data().asDouble()} reads it back the same way, which showed in profiles of the wide RL
 * policies (N x D = 4.5 million values per generation); an NIO view of the host buffer copies in one
 * call. Matrices over 2 GiB (beyond NIO views) take ND4J's own copies.
 */
final class HostCopies {

    private HostCopies() {
    }

    /** Whether a matrix of {@code length} doubles can be copied through an NIO view. */
    static boolean fitsNio(long length) {
        return length * Double.BYTES < Integer.MAX_VALUE;
    }

    /** An n x d DOUBLE 'c' matrix holding a copy of {@code rowMajor}. */
    static INDArray matrix(double[] rowMajor, int n, int d) {
        if (rowMajor.length == 0 || !fitsNio(rowMajor.length)) {
            return Nd4j.create(rowMajor, new long[] {n, d}, DataType.DOUBLE);
        }
        INDArray m = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {n, d}, 'c');
        copyIn(rowMajor, m);
        return m;
    }

    /** An n x d DOUBLE 'c' matrix holding a copy of {@code rows} (n rows of d values). */
    static INDArray matrix(double[][] rows, int d) {
        int n = rows.length;
        if (n == 0 || d == 0 || !fitsNio((long) n * d)) {
            return Nd4j.create(AbstractStrategy.flatten(rows), new long[] {n, d}, DataType.DOUBLE);
        }
        INDArray m = Nd4j.createUninitialized(DataType.DOUBLE, new long[] {n, d}, 'c');
        DoubleBuffer b = hostView(m);
        for (double[] row : rows) {
            b.put(row, 0, d);
        }
        written(m);
        return m;
    }

    /**
     * An NIO view of a dense 'c' DOUBLE matrix's host buffer (under 2 GiB), positioned at its start,
     * for reading or for writing row by row; after writing, call {@link #written(INDArray)}.
     */
    static DoubleBuffer hostView(INDArray m) {
        Nd4j.getAffinityManager().ensureLocation(m, AffinityManager.Location.HOST);
        return m.data().asNioDouble();
    }

    /** Marks a matrix written through {@link #hostView(INDArray)} as current on the host. */
    static void written(INDArray m) {
        Nd4j.getAffinityManager().tagLocation(m, AffinityManager.Location.HOST);
    }

    /** Copies {@code src} into a dense 'c' DOUBLE matrix of as many entries (under 2 GiB). */
    static void copyIn(double[] src, INDArray dst) {
        Nd4j.getAffinityManager().ensureLocation(dst, AffinityManager.Location.HOST);
        dst.data().asNioDouble().put(src, 0, (int) dst.length());
        Nd4j.getAffinityManager().tagLocation(dst, AffinityManager.Location.HOST);
    }

    /** Copies a dense 'c' DOUBLE matrix's entries (under 2 GiB) into the start of {@code dst}. */
    static void copyOut(INDArray src, double[] dst) {
        Nd4j.getAffinityManager().ensureLocation(src, AffinityManager.Location.HOST);
        src.data().asNioDouble().get(dst, 0, (int) src.length());
    }
}
