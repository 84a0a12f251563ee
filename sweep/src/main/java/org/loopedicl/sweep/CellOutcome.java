package org.loopedicl.sweep;

import java.io.Serializable;

/**
 * What a cell's task reports to the driver: its numbers and how this run got them.
 *
 * @param status       {@link Status}
 * @param stepsTrained steps trained by this run (0 when the run had finished already)
 * @param host         where the task ran
 */
public record CellOutcome(Cell cell, CellNumbers numbers, Status status, long stepsTrained, double trainSeconds,
                          double evalSeconds, String host) implements Serializable {
    public enum Status {
        /** Trained from the start. */
        TRAINED,
        /** Continued from a checkpoint, e.g. one a lost task left. */
        RESUMED,
        /** Its run had finished before; evaluated only. */
        EVALUATED,
        /** Finished and evaluated by an earlier sweep: nothing run. */
        SKIPPED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
