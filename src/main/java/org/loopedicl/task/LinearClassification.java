package org.loopedicl.task;

import java.util.Map;
import java.util.Set;

/**
 * y = sign(wᵀx) with w ~ N(0, I_d), scored by accuracy. wᵀx = 0 (probability 0 for Gaussian x)
 * is labelled −1 so that labels are always ±1, as binary cross-entropy on (y+1)/2 needs.
 */
public record LinearClassification(double scale) implements FunctionClass {
    public static final String NAME = "linear_classification";

    static LinearClassification fromKnobs(Map<String, ?> knobs) {
        return new LinearClassification(new Knobs(NAME, knobs, Set.of("scale")).real("scale", 1));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PromptFunction sample(RandomStream rng, int nDims, int dActive) {
        LinearFunction score = new LinearFunction(LinearFunction.gaussianWeights(rng, nDims, dActive), scale);
        return (xs, offset) -> score.valueAt(xs, offset) > 0 ? 1 : -1;
    }

    /** E[y²] = 1; the metric is accuracy, which is not normalised. */
    @Override
    public double normalizer(int dims) {
        return 1;
    }

    @Override
    public Metric metric() {
        return Metric.ACCURACY;
    }
}
