package org.diffevo4j.trainer;

/**
 * A problem the user can fix (a bad flag or config field, an unknown environment or strategy id, a
 * corrupt or mismatched checkpoint, a missing file, a folder that already holds a run, an environment
 * that returns a non-finite reward). The CLI prints its message as one line and exits with code 2;
 * {@code --verbose} adds the stack trace.
 *
 * <p>Every other exception that reaches the CLI is treated as a bug: it is printed with its stack
 * trace and the exit code is 1. So code converts an {@link IllegalArgumentException} into a
 * {@code UserError} only where user input enters (config parsing, registry look-ups by a user-given
 * name, checkpoint and policy files, paths), keeping it as the cause.
 */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A user error with its one-line message. */
    public UserError(String message) {
        super(message);
    }

    /** A user error with its one-line message and the exception that revealed it (kept for {@code --verbose}). */
    public UserError(String message, Throwable cause) {
        super(message, cause);
    }

    /** Rethrows an argument error raised while reading user input as a user error with the same message. */
    static UserError of(IllegalArgumentException e) {
        return new UserError(e.getMessage(), e);
    }
}
