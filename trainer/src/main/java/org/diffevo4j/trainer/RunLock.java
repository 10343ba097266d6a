package org.diffevo4j.trainer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Marks a run folder as owned by one process: an operating-system lock on the folder's
 * {@value #FILE}, which also records the owner's PID so that a refused second process can say who
 * holds it. The operating system drops the lock when its process dies, however it dies, so the lock
 * of a killed run is stale by construction and the next process simply takes it over; nothing has to
 * guess from timestamps or PIDs whether the owner is still alive.
 */
final class RunLock implements AutoCloseable {

    static final String FILE = ".diffevo4j.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the folder's lock.
     *
     * @throws UserError naming the holder's PID when another process (or another command in this one)
     *                   holds it
     */
    static RunLock acquire(Path dir) {
        Path file = dir.resolve(FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;             // held by another command of this very process
            }
            if (lock == null) {
                String holder = holder(ch);
                ch.close();
                throw new UserError("run folder " + dir + " is in use by " + holder
                        + "; wait for it to finish or stop it, or use another --out folder");
            }
            ch.truncate(0);
            String owner = "pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + "\n";
            ch.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new RunLock(ch, lock);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UserError("cannot lock run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String holder(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(256);
        ch.read(buf, 0);
        String s = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
        return s.startsWith("pid ") ? "process " + s.substring(4).split(",")[0].strip() + " (" + s + ")"
                : "another process";
    }

    /** Releases the lock; the file stays (deleting it would let two later processes lock different files). */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                channel.truncate(0);
                lock.release();
            }
        } catch (IOException e) {
            // the process is done with the folder; the OS releases the lock with the channel anyway
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
