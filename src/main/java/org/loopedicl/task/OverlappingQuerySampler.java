package org.loopedicl.task;

/**
 * Gaussian prompt points; the query at k ≥ 1 is a copy of a uniformly random earlier point
 * x_j, j &lt; k (Garg et al.'s overlapping_train_test); at k = 0 there is none to copy and the
 * query is x_0 itself.
 */
public record OverlappingQuerySampler() implements XSampler {
    public static final String NAME = "overlapping_query";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void sample(RandomStream rng, int points, int nDims, int dActive, float[] prompt, float[] queries, int offset) {
        XSampler.gaussianPoints(rng, points, nDims, dActive, prompt, offset);
        for (int k = 0; k < points; k++) {
            int source = k == 0 ? 0 : rng.nextInt(k);
            System.arraycopy(prompt, offset + source * nDims, queries, offset + k * nDims, nDims);
        }
    }
}
