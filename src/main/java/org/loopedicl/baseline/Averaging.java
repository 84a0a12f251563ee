package org.loopedicl.baseline;

/**
 * ŵ = (1/k) Σ yᵢxᵢ, predicting ŵᵀx_k (docs/DESIGN.md §8; Garg et al.'s "averaging"): one step of gradient
 * descent on the squared loss from w = 0, which is unbiased for w when x ~ N(0, I).
 */
final class Averaging extends PerPromptBaseline {
    static final String NAME = "averaging";

    Averaging() {
        super(NAME, false);
    }

    @Override
    void predictPrefixes(PromptPoints prompt, double[] predictions) {
        int d = prompt.dims();
        double[] sum = new double[d];
        double[] mean = new double[d];
        for (int k = 1; k < prompt.points(); k++) {
            double[] x = prompt.x()[k - 1];
            double y = prompt.y()[k - 1];
            for (int j = 0; j < d; j++) {
                sum[j] += y * x[j];
                mean[j] = sum[j] / k;
            }
            predictions[k] = prompt.linearAt(mean, k);
        }
    }
}
