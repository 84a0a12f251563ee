package org.loopedicl.baseline;

import java.util.Arrays;

import org.loopedicl.task.PromptBatch;
import org.loopedicl.tensor.Parallel;

/**
 * A baseline that fits each prompt on its own: the prompts are independent, so they are spread
 * over the project's threads, and since each prompt's result depends only on that prompt (and,
 * for randomised fits, on its index), the output is the same for any thread count.
 */
abstract class PerPromptBaseline implements Baseline {
    private final String name;
    private final boolean signOfX;

    /** {@code signOfX}: fit and predict on sign(x), as the reference does for trees on decision_tree. */
    PerPromptBaseline(String name, boolean signOfX) {
        this.name = name;
        this.signOfX = signOfX;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final float[] predict(PromptBatch prompts) {
        int n = prompts.points();
        float[] out = new float[prompts.batch() * n];
        Parallel.forRange(prompts.batch(), 1, (lo, hi) -> {
            double[] row = new double[n];
            for (int b = lo; b < hi; b++) {
                Arrays.fill(row, 0);
                predictPrefixes(PromptPoints.of(prompts, b, signOfX), row);
                for (int k = 0; k < n; k++) out[b * n + k] = (float) row[k];
            }
        });
        return out;
    }

    @Override
    public final float[] predictLast(PromptBatch prompts) {
        float[] out = new float[prompts.batch()];
        Parallel.forRange(prompts.batch(), 1, (lo, hi) -> {
            for (int b = lo; b < hi; b++) out[b] = (float) predictLast(PromptPoints.of(prompts, b, signOfX));
        });
        return out;
    }

    /**
     * The fit on points 0 … n−2 evaluated at x_{n−1} (0 for a one-point prompt): the last entry
     * of {@link #predictPrefixes}, which fits whose cost matters override to fit only that prefix.
     */
    double predictLast(PromptPoints prompt) {
        double[] row = new double[prompt.points()];
        predictPrefixes(prompt, row);
        return row[row.length - 1];
    }

    /**
     * For every k ≥ 1, fits on points 0 … k−1 and writes the prediction at x_k into
     * {@code predictions[k]}; {@code predictions[0]} stays 0 (nothing to fit).
     */
    abstract void predictPrefixes(PromptPoints prompt, double[] predictions);
}
