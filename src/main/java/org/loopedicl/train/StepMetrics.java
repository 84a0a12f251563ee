package org.loopedicl.train;

import java.util.Arrays;

/**
 * One training step's record: what metrics.jsonl logs and what progress reporting shows.
 *
 * @param heldOutPerPosition the held-out error per position when this step measured it, else null
 */
public record StepMetrics(long step, double loss, double gradNorm, double lr, int dims, int points, int loops, double stepMs,
                          double[] heldOutPerPosition) {

    public boolean hasHeldOut() {
        return heldOutPerPosition != null;
    }

    /** The held-out error averaged over positions (NaN when not measured). */
    public double heldOutMean() {
        return heldOutPerPosition == null ? Double.NaN : Arrays.stream(heldOutPerPosition).average().orElse(Double.NaN);
    }
}
