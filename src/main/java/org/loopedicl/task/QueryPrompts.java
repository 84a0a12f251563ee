package org.loopedicl.task;

/**
 * Prompts together with the query to ask at every position, for evaluating k = 0 … n−1 on the
 * same draws (Garg et al.'s xs / xs_p pair). The prompt asking query k holds the points
 * x_0 … x_{k−1} with their labels and then query k with f(query k) — the same f throughout.
 * Arrays are row-major: xs and queries [batch, points, dims], ys and queryYs [batch, points].
 */
public record QueryPrompts(float[] xs, float[] ys, float[] queries, float[] queryYs,
                           int batch, int points, int dims, int definedQueries) {

    /** The batch of k+1-point prompts whose last point is query k; k &lt; definedQueries. */
    public PromptBatch forQuery(int k) {
        if (k < 0 || k >= definedQueries)
            throw new IllegalArgumentException("query " + k + " is not defined; defined are 0.." + (definedQueries - 1));
        int n = k + 1;
        float[] outXs = new float[batch * n * dims];
        float[] outYs = new float[batch * n];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(xs, b * points * dims, outXs, b * n * dims, k * dims);
            System.arraycopy(queries, (b * points + k) * dims, outXs, (b * n + k) * dims, dims);
            System.arraycopy(ys, b * points, outYs, b * n, k);
            outYs[b * n + k] = queryYs[b * points + k];
        }
        return new PromptBatch(outXs, outYs, batch, n, dims);
    }
}
