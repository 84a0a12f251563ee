package org.loopedicl.model;

/** The per-prediction training loss; the model averages it over iterations × batch × points. */
public enum PredictionLoss {
    /** (ŷ − y)², regression (docs/DESIGN.md §7). */
    SQUARED_ERROR {
        @Override
        double value(float pred, float y) {
            double d = pred - y;
            return d * d;
        }

        @Override
        float gradient(float pred, float y) {
            return 2f * (pred - y);
        }
    },
    /** Binary cross-entropy of sigmoid(ŷ) against (y+1)/2, for labels y ∈ {−1, 1} (docs/DESIGN.md §2). */
    BINARY_CROSS_ENTROPY {
        @Override
        double value(float pred, float y) {
            double target = (y + 1) / 2.0, x = pred;
            // softplus(x) − target·x, the stable form of −[t·log σ(x) + (1−t)·log(1−σ(x))]
            return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))) - target * x;
        }

        @Override
        float gradient(float pred, float y) {
            return (float) (1.0 / (1.0 + Math.exp(-pred)) - (y + 1) / 2.0);
        }
    };

    abstract double value(float pred, float y);

    abstract float gradient(float pred, float y);
}
