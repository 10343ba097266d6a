package org.diffevo4j.environments;

/**
 * A finite set of integer actions {@code start, start+1, ..., start+n-1} (Gymnasium's {@code Discrete}).
 *
 * @param n     number of actions, at least 1
 * @param start the first action
 */
public record Discrete(int n, int start) implements Space {

    /** Validates n. */
    public Discrete {
        if (n < 1) {
            throw new IllegalArgumentException("Discrete space needs n >= 1, got " + n);
        }
    }

    /** The actions {@code 0 .. n-1}. */
    public Discrete(int n) {
        this(n, 0);
    }

    /** Whether {@code action} is one of this space's actions. */
    public boolean contains(int action) {
        return action >= start && action < start + n;
    }

    @Override
    public int flatSize() {
        return 1;
    }

    @Override
    public String toString() {
        return start == 0 ? "Discrete(" + n + ")" : "Discrete(" + n + ", start=" + start + ")";
    }
}
