package org.loopedicl.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Bad user input: a file, field or value the program cannot use. The message is one line that
 * names the file, the field and what was expected, because the CLI prints only the message.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{@code file}: cannot {@code action}: reason" for an I/O failure, e.g. a missing file. */
    public static InvalidInputException io(Path file, String action, IOException cause) {
        String reason;
        if (cause instanceof NoSuchFileException) {
            reason = "no such file or directory";
        } else if (cause instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (cause instanceof FileSystemException fs && fs.getReason() != null) {
            reason = fs.getReason(); // getMessage() would repeat the path
        } else {
            reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
        return new InvalidInputException(file + ": cannot " + action + ": " + reason, cause);
    }
}
