package org.loopedicl.eval;

/**
 * Adaptive depth: iterate each prompt only until its hidden state settles, i.e. until
 * ‖z_t − z_{t−1}‖ / ‖z_{t−1}‖ first falls below the tolerance, and read the prediction there
 * (or at K if it never does). Reports the loops that used and the last query's score reached,
 * beside the score after all K loops, to show what stopping early costs.
 *
 * @param meanLoops mean over prompts of the iterations run
 * @param mean      mean score of the last query at the stopping iteration, with its band
 * @param fixedMean mean score of the last query after all K iterations
 */
public record AdaptiveDepth(double tolerance, double meanLoops, int minLoops, int maxLoops,
                            double mean, double low, double high, double fixedMean) {

    /**
     * From predictions [K, batch, points], the state changes [K, batch] that
     * {@link org.loopedicl.model.TransformerModel#predict(org.loopedicl.task.PromptBatch, int, float[])}
     * gives, and labels [batch, points].
     */
    public static AdaptiveDepth of(double tolerance, float[] predictions, float[] stateChange, int loops, float[] labels,
                                   int batch, int points, Scorer scorer, Bootstrap bootstrap) {
        double[] atStop = new double[batch];
        double fixed = 0;
        long used = 0;
        int min = Integer.MAX_VALUE, max = 0;
        for (int b = 0; b < batch; b++) {
            int stop = loops - 1;
            for (int t = 0; t < loops; t++) {
                if (stateChange[t * batch + b] < tolerance) {
                    stop = t;
                    break;
                }
            }
            float label = labels[b * points + points - 1];
            atStop[b] = scorer.score(predictions[(stop * batch + b) * points + points - 1], label);
            fixed += scorer.score(predictions[((loops - 1) * batch + b) * points + points - 1], label);
            used += stop + 1;
            min = Math.min(min, stop + 1);
            max = Math.max(max, stop + 1);
        }
        Band band = bootstrap.band(atStop, 1);
        return new AdaptiveDepth(tolerance, (double) used / batch, min, max, band.mean()[0], band.low()[0], band.high()[0],
                fixed / batch);
    }
}
