package org.loopedicl.task;

/**
 * Draws the inputs of one prompt. Besides the prompt points x_0 … x_{n−1} it gives, for every
 * position k, the query that is asked at k after the points x_0 … x_{k−1} (Garg et al.'s
 * xs / xs_p pair): for in-distribution samplers the query is x_k itself; the OOD query samplers
 * replace it (different orthant, orthogonal, copied). Coordinates ≥ dActive are 0 in both.
 */
public interface XSampler {
    String name();

    /**
     * Writes the prompt points [points, nDims] to {@code prompt} and the queries [points, nDims]
     * to {@code queries}, both from {@code offset}.
     */
    void sample(RandomStream rng, int points, int nDims, int dActive, float[] prompt, float[] queries, int offset);

    /** How many leading positions have a defined query (all, except for orthogonal queries). */
    default int definedQueries(int points, int dActive) {
        return points;
    }

    /** Fills [points, nDims] from {@code offset} with N(0, 1) on the first dActive coordinates. */
    static void gaussianPoints(RandomStream rng, int points, int nDims, int dActive, float[] out, int offset) {
        for (int p = 0; p < points; p++) {
            int row = offset + p * nDims;
            for (int i = 0; i < nDims; i++) out[row + i] = i < dActive ? (float) rng.nextGaussian() : 0f;
        }
    }
}
