package org.loopedicl.train;

import org.loopedicl.model.TransformerModel;
import org.loopedicl.task.FunctionClass;
import org.loopedicl.task.Metric;
import org.loopedicl.task.PromptBatch;

/**
 * The error per in-context position on a fixed held-out batch at full difficulty, logged every
 * eval_every_steps so a short run can be watched learning: normalised squared error, or accuracy
 * for classification. It reads the model only, so it leaves the training stream untouched.
 */
final class HeldOutError {
    private final PromptBatch prompts;
    private final Metric metric;
    private final double normalizer;

    HeldOutError(PromptBatch prompts, FunctionClass task) {
        this.prompts = prompts;
        this.metric = task.metric();
        this.normalizer = task.normalizer(prompts.dims());
    }

    /** Per position, averaged over the prompts, after the last of {@code loops} iterations. */
    double[] perPosition(TransformerModel model, int loops) {
        int k = model.effectiveLoops(loops), b = prompts.batch(), n = prompts.points();
        float[] pred = model.predict(prompts, k);
        int last = (k - 1) * b * n;
        double[] err = new double[n];
        float[] ys = prompts.ys();
        for (int i = 0; i < b; i++)
            for (int j = 0; j < n; j++) {
                double p = pred[last + i * n + j], y = ys[i * n + j];
                err[j] += metric == Metric.ACCURACY ? (Math.signum(p) == y ? 1 : 0) : (p - y) * (p - y) / normalizer;
            }
        for (int j = 0; j < n; j++) err[j] /= b;
        return err;
    }
}
