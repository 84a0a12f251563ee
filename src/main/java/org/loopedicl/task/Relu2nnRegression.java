package org.loopedicl.task;

import java.util.Map;
import java.util.Set;

/**
 * y = scale · √(2/h) · ReLU(xW1)W2 with W1 ∈ R^{d×h}, W2 ∈ R^{h} entries N(0, 1); the √(2/h)
 * makes E[y²] = scale²·d (each ReLU keeps half of E[(xᵀw)²] = d).
 */
public record Relu2nnRegression(double scale, int hiddenLayerSize) implements FunctionClass {
    public static final String NAME = "relu2nn";
    public static final int DEFAULT_HIDDEN = 100;

    public Relu2nnRegression {
        if (hiddenLayerSize < 1)
            throw new IllegalArgumentException(NAME + " knob 'hidden_layer_size' must be >= 1, got " + hiddenLayerSize);
    }

    static Relu2nnRegression fromKnobs(Map<String, ?> knobs) {
        Knobs k = new Knobs(NAME, knobs, Set.of("scale", "hidden_layer_size"));
        return new Relu2nnRegression(k.real("scale", 1), k.integer("hidden_layer_size", DEFAULT_HIDDEN, 1));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Rows of W1 beyond dActive stay 0: they would only ever meet zero coordinates of x. */
    @Override
    public PromptFunction sample(RandomStream rng, int nDims, int dActive) {
        float[] w1 = new float[nDims * hiddenLayerSize];
        for (int i = 0; i < dActive * hiddenLayerSize; i++) w1[i] = (float) rng.nextGaussian();
        float[] w2 = new float[hiddenLayerSize];
        for (int j = 0; j < hiddenLayerSize; j++) w2[j] = (float) rng.nextGaussian();
        return new Network(nDims, w1, w2, scale);
    }

    @Override
    public double normalizer(int dims) {
        return scale * scale * dims;
    }

    /** One drawn network: w1 is [nDims, h] row-major, w2 is [h]. */
    public record Network(int nDims, float[] w1, float[] w2, double scale) implements PromptFunction {
        public Network {
            if (w1.length != nDims * w2.length)
                throw new IllegalArgumentException("w1 must be " + nDims + "×" + w2.length + ", has " + w1.length + " entries");
        }

        @Override
        public double valueAt(float[] xs, int offset) {
            int h = w2.length;
            double[] pre = new double[h];
            for (int i = 0; i < nDims; i++) {
                double x = xs[offset + i];
                if (x == 0) continue;
                int row = i * h;
                for (int j = 0; j < h; j++) pre[j] += x * w1[row + j];
            }
            double y = 0;
            for (int j = 0; j < h; j++) if (pre[j] > 0) y += pre[j] * w2[j];
            return scale * Math.sqrt(2.0 / h) * y;
        }
    }
}
