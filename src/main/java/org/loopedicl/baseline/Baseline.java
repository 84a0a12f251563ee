package org.loopedicl.baseline;

import org.loopedicl.task.PromptBatch;

/**
 * A learner refit on every prompt's first k points to predict y at x_{k+1} (docs/DESIGN.md §8): the
 * yardsticks the transformers are compared against.
 */
public interface Baseline {
    /** The method's name in results.json: least_squares, ridge_0.1, lasso_0.01, knn_3, … */
    String name();

    /**
     * Predictions [batch, points], row-major: entry (b, k) is fitted on points 0 … k−1 of prompt
     * b and evaluated at its x_k; with no points to fit (k = 0) it is 0.
     */
    float[] predict(PromptBatch prompts);

    /**
     * The last column of {@link #predict}: entry b is fitted on points 0 … n−2 of prompt b and
     * evaluated at its last x. For callers that score only the last point (the query OOD
     * samplers), where fitting every prefix would be wasted work.
     */
    default float[] predictLast(PromptBatch prompts) {
        float[] all = predict(prompts);
        float[] last = new float[prompts.batch()];
        for (int b = 0; b < last.length; b++) last[b] = all[b * prompts.points() + prompts.points() - 1];
        return last;
    }
}
