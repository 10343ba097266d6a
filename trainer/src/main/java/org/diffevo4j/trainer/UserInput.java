package org.diffevo4j.trainer;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.diffevo4j.environments.EnvSpec;
import org.diffevo4j.environments.Environments;

/**
 * The places where a name or path the user typed reaches a library call: an
 * {@link IllegalArgumentException} raised there is about that input, so it becomes a
 * {@link UserError} (with the original as its cause). Library calls with validated inputs are
 * not wrapped: their exceptions are bugs and keep their stack traces.
 */
final class UserInput {

    private UserInput() {
    }

    /** The registered environment with a user-given id; an unknown id lists the known ones. */
    static EnvSpec env(String id) {
        try {
            return Environments.spec(id);
        } catch (IllegalArgumentException e) {
            if (id != null && !Environments.ids().contains(id)) {
                throw new UserError(e.getMessage() + "; if " + id + " comes from a plugin, add --plugin path/to/plugin.jar",
                        e);
            }
            throw UserError.of(e);
        }
    }

    /** Writes a file at a path the user gave (e.g. {@code --out result.json}), atomically. */
    static void write(Path file, String content) {
        try {
            AtomicFiles.write(file, content);
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
