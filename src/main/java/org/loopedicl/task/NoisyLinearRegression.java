package org.loopedicl.task;

import java.util.Map;
import java.util.Set;

/**
 * y = scale · wᵀx + ε with ε ~ N(0, noiseStd²), fresh at every evaluation; docs/DESIGN.md §2 and the
 * reference's training task use noiseStd 0.1. The normaliser stays scale²·d, as in docs/DESIGN.md §2,
 * so the noise floor shows as noiseStd²/(scale²·d).
 */
public record NoisyLinearRegression(double scale, double noiseStd) implements FunctionClass {
    public static final String NAME = "noisy_linear_regression";
    public static final double DEFAULT_NOISE_STD = 0.1;

    public NoisyLinearRegression {
        if (!(noiseStd >= 0)) throw new IllegalArgumentException(NAME + " knob 'noise_std' must be >= 0, got " + noiseStd);
    }

    static NoisyLinearRegression fromKnobs(Map<String, ?> knobs) {
        Knobs k = new Knobs(NAME, knobs, Set.of("scale", "noise_std"));
        return new NoisyLinearRegression(k.real("scale", 1), k.real("noise_std", DEFAULT_NOISE_STD));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The noise comes from {@code rng} itself, drawn as f is evaluated. */
    @Override
    public PromptFunction sample(RandomStream rng, int nDims, int dActive) {
        LinearFunction clean = new LinearFunction(LinearFunction.gaussianWeights(rng, nDims, dActive), scale);
        return (xs, offset) -> clean.valueAt(xs, offset) + noiseStd * rng.nextGaussian();
    }

    @Override
    public double normalizer(int dims) {
        return scale * scale * dims;
    }
}
