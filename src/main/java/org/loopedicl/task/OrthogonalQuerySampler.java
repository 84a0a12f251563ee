package org.loopedicl.task;

import java.util.Arrays;

/**
 * Gaussian prompt points; the query at k is x_k with its projection on span(x_0 … x_{k−1})
 * removed, rescaled to |x_k| (Garg et al.'s orthogonal_train_test). Only k &lt; dActive has such a
 * query — beyond, the points span every active direction — so {@link #definedQueries} is
 * min(points, dActive) and later query rows are left 0.
 */
public record OrthogonalQuerySampler() implements XSampler {
    public static final String NAME = "orthogonal_query";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int definedQueries(int points, int dActive) {
        return Math.min(points, dActive);
    }

    @Override
    public void sample(RandomStream rng, int points, int nDims, int dActive, float[] prompt, float[] queries, int offset) {
        XSampler.gaussianPoints(rng, points, nDims, dActive, prompt, offset);
        int defined = definedQueries(points, dActive);
        Arrays.fill(queries, offset, offset + points * nDims, 0f);
        double[][] basis = new double[defined][];
        for (int k = 0; k < defined; k++) {
            int row = offset + k * nDims;
            double[] r = new double[nDims];
            double norm = 0;
            for (int i = 0; i < nDims; i++) {
                r[i] = prompt[row + i];
                norm += r[i] * r[i];
            }
            for (int pass = 0; pass < 2; pass++) // the second pass removes what rounding left
                for (int b = 0; b < k; b++) {
                    double dot = 0;
                    for (int i = 0; i < nDims; i++) dot += r[i] * basis[b][i];
                    for (int i = 0; i < nDims; i++) r[i] -= dot * basis[b][i];
                }
            double rNorm = 0;
            for (double v : r) rNorm += v * v;
            rNorm = Math.sqrt(rNorm);
            for (int i = 0; i < nDims; i++) {
                queries[row + i] = (float) (r[i] * Math.sqrt(norm) / rNorm);
                r[i] /= rNorm;
            }
            basis[k] = r;
        }
    }
}
