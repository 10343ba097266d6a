package org.diffevo4j.trainer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code --out FILE} of a command that writes one result file: checked before the command does
 * its work (so a typo costs nothing), never overwriting a file without {@code --force}, then written
 * atomically.
 */
final class OutputFile {

    private OutputFile() {
    }

    /**
     * Refuses a target that cannot or must not be written.
     *
     * @throws UserError for a folder, a missing parent folder, or an existing file
     *                                  without {@code force}
     */
    static void check(Path target, boolean force) {
        if (target == null) {
            return;
        }
        if (Files.isDirectory(target)) {
            throw new UserError("--out " + target + " is a folder; give a file name, e.g. "
                    + target.resolve("result.json"));
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserError("--out " + target + ": folder " + parent + " does not exist");
        }
        if (Files.exists(target) && !force) {
            throw new UserError("--out " + target + " already exists; use --force to overwrite it");
        }
    }
}
