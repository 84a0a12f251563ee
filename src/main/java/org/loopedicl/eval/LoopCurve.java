package org.loopedicl.eval;

/**
 * A looped model's score against the loop iteration t = 1 … K (paper Fig. 2 left): for the last
 * query of every prompt, with its bootstrap band, and averaged over all positions k; and how far
 * each iteration still moves the hidden state, which is what settling at a fixed point means.
 *
 * @param stateChange mean over prompts of ‖z_t − z_{t−1}‖ / ‖z_{t−1}‖ (z the backbone output over
 *                    all of a prompt's tokens) for t = 2 … K, so K − 1 values; null in results
 *                    written before it was recorded
 */
public record LoopCurve(int[] iteration, double[] mean, double[] low, double[] high, double[] meanOverPositions,
                        double[] stateChange) {

    /**
     * From predictions [K, batch, points] of every iteration against labels [batch, points], and
     * the state changes [K, batch] that {@link org.loopedicl.model.TransformerModel#predict(
     * org.loopedicl.task.PromptBatch, int, float[])} gives (iteration 1's entries are not read).
     */
    public static LoopCurve of(float[] predictions, float[] change, int loops, float[] labels, int batch, int points,
                               Scorer scorer, Bootstrap bootstrap) {
        double[] last = new double[batch * loops]; // [prompt, iteration], as the bootstrap reads it
        double[] overPositions = new double[loops];
        double[] moved = new double[loops - 1];
        for (int t = 0; t < loops; t++) {
            double sum = 0, step = 0;
            for (int b = 0; b < batch; b++) {
                int row = (t * batch + b) * points;
                for (int i = 0; i < points; i++) sum += scorer.score(predictions[row + i], labels[b * points + i]);
                last[b * loops + t] = scorer.score(predictions[row + points - 1], labels[b * points + points - 1]);
                if (t > 0) step += change[t * batch + b];
            }
            overPositions[t] = sum / ((double) batch * points);
            if (t > 0) moved[t - 1] = step / batch;
        }
        Band band = bootstrap.band(last, loops);
        int[] it = new int[loops];
        for (int t = 0; t < loops; t++) it[t] = t + 1;
        return new LoopCurve(it, band.mean(), band.low(), band.high(), overPositions, moved);
    }
}
