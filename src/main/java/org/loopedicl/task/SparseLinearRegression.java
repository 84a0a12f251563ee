package org.loopedicl.task;

import java.util.Map;
import java.util.Set;

/**
 * y = scale · wᵀx with w ~ N(0, I_d) zeroed outside a support of {@code sparsity} coordinates
 * drawn uniformly among all n_dims (as the reference does, also during the dims curriculum, so
 * fewer than s weights may then be active).
 */
public record SparseLinearRegression(double scale, int sparsity) implements FunctionClass {
    public static final String NAME = "sparse_linear_regression";
    public static final int DEFAULT_SPARSITY = 3;

    public SparseLinearRegression {
        if (sparsity < 1) throw new IllegalArgumentException(NAME + " knob 'sparsity' must be >= 1, got " + sparsity);
    }

    static SparseLinearRegression fromKnobs(Map<String, ?> knobs) {
        Knobs k = new Knobs(NAME, knobs, Set.of("scale", "sparsity"));
        return new SparseLinearRegression(k.real("scale", 1), k.integer("sparsity", DEFAULT_SPARSITY, 1));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PromptFunction sample(RandomStream rng, int nDims, int dActive) {
        if (sparsity > nDims)
            throw new IllegalArgumentException(NAME + " sparsity " + sparsity + " exceeds n_dims " + nDims);
        float[] dense = LinearFunction.gaussianWeights(rng, nDims, dActive);
        // The first `sparsity` entries of a partial Fisher–Yates shuffle: a uniform s-subset.
        int[] coords = new int[nDims];
        for (int i = 0; i < nDims; i++) coords[i] = i;
        float[] w = new float[nDims];
        for (int i = 0; i < sparsity; i++) {
            int j = i + rng.nextInt(nDims - i);
            int t = coords[i];
            coords[i] = coords[j];
            coords[j] = t;
            w[coords[i]] = dense[coords[i]];
        }
        return new LinearFunction(w, scale);
    }

    @Override
    public double normalizer(int dims) {
        return scale * scale * Math.min(sparsity, dims);
    }
}
