package org.diffevo4j.environments;

/** Element type of a {@link Box}, mirroring the NumPy dtype Gymnasium declares. */
public enum DType {
    FLOAT32("float32"),
    FLOAT64("float64");

    private final String numpyName;

    DType(String numpyName) {
        this.numpyName = numpyName;
    }

    public String numpyName() {
        return numpyName;
    }
}
