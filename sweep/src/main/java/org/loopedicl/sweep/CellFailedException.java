package org.loopedicl.sweep;

/** A cell's task failed; Spark reports it (and retries the task) with this message, which names the cell. */
final class CellFailedException extends RuntimeException {
    CellFailedException(Cell cell, RuntimeException cause) {
        super("cell " + cell.name() + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
    }
}
