package org.loopedicl.task;

import java.util.Map;
import java.util.Set;

/** y = scale · (x ⊙ x)ᵀw / √3 with w ~ N(0, I_d); the √3 makes E[y²] = scale²·d (E[x⁴] = 3). */
public record QuadraticRegression(double scale) implements FunctionClass {
    public static final String NAME = "quadratic_regression";

    static QuadraticRegression fromKnobs(Map<String, ?> knobs) {
        return new QuadraticRegression(new Knobs(NAME, knobs, Set.of("scale")).real("scale", 1));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PromptFunction sample(RandomStream rng, int nDims, int dActive) {
        return new Quadratic(LinearFunction.gaussianWeights(rng, nDims, dActive), scale);
    }

    @Override
    public double normalizer(int dims) {
        return scale * scale * dims;
    }

    /** One drawn quadratic. */
    public record Quadratic(float[] w, double scale) implements PromptFunction {
        private static final double INV_SQRT3 = 1 / Math.sqrt(3);

        @Override
        public double valueAt(float[] xs, int offset) {
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                double x = xs[offset + i];
                sum += x * x * w[i];
            }
            return scale * sum * INV_SQRT3;
        }
    }
}
