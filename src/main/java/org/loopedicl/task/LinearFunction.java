package org.loopedicl.task;

/** f(x) = scale · wᵀx, the f of the linear classes; w has n_dims entries. */
public record LinearFunction(float[] w, double scale) implements PromptFunction {
    @Override
    public double valueAt(float[] xs, int offset) {
        double dot = 0;
        for (int i = 0; i < w.length; i++) dot += (double) w[i] * xs[offset + i];
        return scale * dot;
    }

    /** w ~ N(0, I) on the first dActive coordinates, 0 on the rest. */
    static float[] gaussianWeights(RandomStream rng, int nDims, int dActive) {
        float[] w = new float[nDims];
        for (int i = 0; i < dActive; i++) w[i] = (float) rng.nextGaussian();
        return w;
    }
}
