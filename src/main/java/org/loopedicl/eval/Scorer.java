package org.loopedicl.eval;

import org.loopedicl.task.Metric;

/**
 * How one prediction is scored (docs/DESIGN.md §8): squared error divided by the task's normaliser, so
 * that predicting 0 scores about 1, or, for linear classification, 1 when sign(ŷ) equals the
 * ±1 label and 0 otherwise (the normaliser is then unused).
 */
public record Scorer(Metric metric, double normalizer) {
    public Scorer {
        if (!(normalizer > 0) || Double.isInfinite(normalizer))
            throw new IllegalArgumentException("normalizer must be a positive number, got " + normalizer);
    }

    public double score(float prediction, float label) {
        if (metric == Metric.ACCURACY) return Math.signum(prediction) == label ? 1 : 0;
        double e = (double) prediction - label;
        return e * e / normalizer;
    }

    /** "squared_error" or "accuracy", as results.json names the metric. */
    public String metricName() {
        return metric == Metric.ACCURACY ? "accuracy" : "squared_error";
    }
}
