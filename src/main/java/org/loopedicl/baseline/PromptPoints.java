package org.loopedicl.baseline;

import org.loopedicl.task.PromptBatch;

/**
 * One prompt's points in double precision, the form every per-prompt fit works on: x[i] holds
 * point i's inputs (or their signs, for the baselines the reference runs on sign(x)) and y[i] its
 * label. {@code index} is the prompt's position in its batch, which seeds randomised fits.
 */
record PromptPoints(double[][] x, double[] y, int index) {

    static PromptPoints of(PromptBatch batch, int b, boolean signOfX) {
        int n = batch.points(), d = batch.dims();
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int row = (b * n + i) * d;
            for (int j = 0; j < d; j++) {
                double v = batch.xs()[row + j];
                // Math.signum keeps 0 as 0, like torch.sign in the reference's xs.sign().
                x[i][j] = signOfX ? Math.signum(v) : v;
            }
            y[i] = batch.ys()[b * n + i];
        }
        return new PromptPoints(x, y, b);
    }

    int points() {
        return y.length;
    }

    int dims() {
        return x[0].length;
    }

    /** wᵀx_k: a fitted linear model's prediction at point k. */
    double linearAt(double[] w, int k) {
        double s = 0;
        for (int j = 0; j < w.length; j++) s += w[j] * x[k][j];
        return s;
    }
}
