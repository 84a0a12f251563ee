package org.loopedicl.sweep;

import org.apache.spark.SparkException;

/**
 * The sweep's job failed: a cell failed on every try Spark gave it, or the cluster went away.
 * Its message is the one line worth reading out of Spark's report: the failing cell and why.
 */
final class SweepFailedException extends RuntimeException {
    SweepFailedException(SparkException e) {
        super(reason(e), e);
    }

    private static String reason(SparkException e) {
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        String marker = CellFailedException.class.getName() + ": ";
        int at = first.indexOf(marker);
        return "sweep failed: " + (at >= 0 ? first.substring(at + marker.length()) : first);
    }
}
