package org.loopedicl.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory results go to, created and proven writable before the work that produces them
 * starts: an evaluation that cannot write its results should fail in its first second, not at
 * its end.
 */
public final class OutputDirectory {
    private OutputDirectory() {
    }

    /** Creates {@code dir} if needed and writes and deletes a probe file in it; one-line error otherwise. */
    public static void prepare(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".probe", ".tmp"));
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException(dir + ": cannot create the directory: " + e.getFile() + " exists and is not a directory", e);
        } catch (IOException e) {
            throw InvalidInputException.io(dir, "write to the directory", e);
        }
    }
}
