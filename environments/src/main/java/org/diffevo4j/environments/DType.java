package org.diffevo4j.environments;

/** Element type of a {@link Box}, mirroring the NumPy dtype Gymnasium declares. */
public enum DType {
    /** NumPy's {@code float32}. */
    FLOAT32("float32"),
    /** NumPy's {@code float64}. */
    FLOAT64("float64");

    private final String numpyName;

    DType(String numpyName) {
        this.numpyName = numpyName;
    }

    /** The NumPy dtype name, e.g. {@code float32}. */
    public String numpyName() {
        return numpyName;
    }
}
