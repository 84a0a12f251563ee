package org.loopedicl.train;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.loopedicl.io.InvalidInputException;

/**
 * One writer per directory: an OS lock on a file that names its holder (pid and host). The OS
 * drops the lock when the holder dies, however it dies, so a lock left by a killed process is
 * simply taken over; its text then still names the dead holder, which is how {@link #stale()}
 * tells a takeover from a clean start (a clean release empties the file). The file itself is
 * never deleted: deleting it would let a waiting process lock the old file while a third locks
 * a new one.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final String stale;

    private RunLock(FileChannel channel, FileLock lock, String stale) {
        this.channel = channel;
        this.lock = lock;
        this.stale = stale;
    }

    /**
     * Locks {@code file} for this process, or refuses with one line naming the holder;
     * {@code what} is the directory the lock guards, as the message names it.
     */
    public static RunLock acquire(Path file, Path what) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException held) {
                lock = null; // this very process holds it (demo, sweep or tests run several commands in one JVM)
            }
            String previous = read(channel);
            if (lock == null) {
                channel.close();
                throw new InvalidInputException(what + ": in use by another writer (" + (previous.isEmpty() ? "unknown" : previous)
                        + ", lock " + file + "); wait for it to finish or choose another --out");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock, previous);
        } catch (IOException e) {
            closeQuietly(channel);
            throw InvalidInputException.io(file, "lock", e);
        }
    }

    /** The holder a killed process left in the file when this lock took it over. */
    public Optional<String> stale() {
        return stale.isEmpty() ? Optional.empty() : Optional.of(stale);
    }

    /** Empties the file (the run ended cleanly) and releases the lock. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // The lock goes with the channel below; a file left naming this process reads as stale.
        } finally {
            closeQuietly(channel);
        }
    }

    /** "pid N on HOST": this process, as a refused writer reads it. */
    static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host;
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(256);
        channel.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).trim();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }
}
