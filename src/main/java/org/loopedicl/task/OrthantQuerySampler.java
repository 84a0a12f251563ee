package org.loopedicl.task;

import java.util.Arrays;

/**
 * Prompt points x_k = |z_k| ⊙ s with one random sign pattern s per prompt (all in one orthant);
 * the query at k is |z_k| ⊙ q_k with q_k a uniformly random sign pattern ≠ s on the active
 * coordinates. This is Garg et al.'s random_quadrants, whose query x_k lands in s's orthant with
 * probability 2^−d, conditioned on the orthant differing as docs/DESIGN.md §2 asks.
 */
public record OrthantQuerySampler() implements XSampler {
    public static final String NAME = "orthant";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void sample(RandomStream rng, int points, int nDims, int dActive, float[] prompt, float[] queries, int offset) {
        XSampler.gaussianPoints(rng, points, nDims, dActive, prompt, offset);
        boolean[] promptNegative = randomSigns(rng, dActive);
        for (int p = 0; p < points; p++) {
            boolean[] queryNegative;
            do queryNegative = randomSigns(rng, dActive);
            while (Arrays.equals(queryNegative, promptNegative));
            int row = offset + p * nDims;
            for (int i = 0; i < nDims; i++) {
                float magnitude = Math.abs(prompt[row + i]);
                boolean active = i < dActive;
                prompt[row + i] = active && promptNegative[i] ? -magnitude : magnitude;
                queries[row + i] = active && queryNegative[i] ? -magnitude : magnitude;
            }
        }
    }

    private static boolean[] randomSigns(RandomStream rng, int n) {
        boolean[] negative = new boolean[n];
        for (int i = 0; i < n; i++) negative[i] = rng.nextLong() < 0;
        return negative;
    }
}
