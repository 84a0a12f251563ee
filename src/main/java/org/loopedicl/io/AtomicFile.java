package org.loopedicl.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a file through a temporary sibling that is renamed over the target only when complete,
 * so a run killed mid-write leaves the previous file (or none), never a truncated one.
 */
public final class AtomicFile {

    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** ".NAME.HEX.tmp", the temporary sibling {@link #write} makes. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

    private AtomicFile() {
    }

    static void write(Path target, Body body) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            // Not Files.createTempFile: that makes the file private (0600) instead of following the umask.
            tmp = dir.resolve(temporaryName(target.getFileName().toString(), Long.toHexString(RANDOM.nextLong())));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                // The stream is deliberately not closed before force(): closing it would close the channel.
                OutputStream out = Channels.newOutputStream(channel);
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw InvalidInputException.io(target, "write", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The write already failed; a leftover hidden .tmp file is the lesser problem.
                }
            }
        }
    }

    /** Writes {@code text} as UTF-8, atomically. */
    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    private static String temporaryName(String target, String hex) {
        return "." + target + "." + hex + ".tmp";
    }

    /**
     * Deletes the temporary files a killed writer left in {@code dir} (not below it) and returns
     * their names. Only for a directory this process alone writes, e.g. under a run lock: another
     * writer's temporary file is in use.
     */
    public static List<String> removeLeftovers(Path dir) {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) return removed;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> TEMPORARY.matcher(p.getFileName().toString()).matches())) {
            for (Path p : files) {
                Files.deleteIfExists(p);
                removed.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw InvalidInputException.io(dir, "remove leftover temporary files", e);
        }
        return removed;
    }
}
