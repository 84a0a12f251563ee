package org.loopedicl.task;

import java.util.Map;
import java.util.Set;

/** y = scale · wᵀx with w ~ N(0, I_d). */
public record LinearRegression(double scale) implements FunctionClass {
    public static final String NAME = "linear_regression";

    static LinearRegression fromKnobs(Map<String, ?> knobs) {
        return new LinearRegression(new Knobs(NAME, knobs, Set.of("scale")).real("scale", 1));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PromptFunction sample(RandomStream rng, int nDims, int dActive) {
        return new LinearFunction(LinearFunction.gaussianWeights(rng, nDims, dActive), scale);
    }

    @Override
    public double normalizer(int dims) {
        return scale * scale * dims;
    }
}
