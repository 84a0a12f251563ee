package org.loopedicl.eval;

/**
 * A looped model's score against the loop iteration t = 1 … K (paper Fig. 2 left): for the last
 * query of every prompt, with its bootstrap band, and averaged over all positions k.
 */
public record LoopCurve(int[] iteration, double[] mean, double[] low, double[] high, double[] meanOverPositions) {

    /** From predictions [K, batch, points] of every iteration against labels [batch, points]. */
    public static LoopCurve of(float[] predictions, int loops, float[] labels, int batch, int points, Scorer scorer,
                               Bootstrap bootstrap) {
        double[] last = new double[batch * loops]; // [prompt, iteration], as the bootstrap reads it
        double[] overPositions = new double[loops];
        for (int t = 0; t < loops; t++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                int row = (t * batch + b) * points;
                for (int i = 0; i < points; i++) sum += scorer.score(predictions[row + i], labels[b * points + i]);
                last[b * loops + t] = scorer.score(predictions[row + points - 1], labels[b * points + points - 1]);
            }
            overPositions[t] = sum / ((double) batch * points);
        }
        Band band = bootstrap.band(last, loops);
        int[] it = new int[loops];
        for (int t = 0; t < loops; t++) it[t] = t + 1;
        return new LoopCurve(it, band.mean(), band.low(), band.high(), overPositions);
    }
}
