package org.loopedicl.train;

/** Training cannot go on (a non-finite loss, say); the message is one line that says what and where the last good checkpoint is. */
public final class TrainingStoppedException extends RuntimeException {
    public TrainingStoppedException(String message) {
        super(message);
    }
}
