package org.loopedicl.task;

/** x ~ N(0, I) on the active coordinates: the training distribution; queries are the points. */
public record GaussianSampler() implements XSampler {
    public static final String NAME = "gaussian";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void sample(RandomStream rng, int points, int nDims, int dActive, float[] prompt, float[] queries, int offset) {
        XSampler.gaussianPoints(rng, points, nDims, dActive, prompt, offset);
        System.arraycopy(prompt, offset, queries, offset, points * nDims);
    }
}
