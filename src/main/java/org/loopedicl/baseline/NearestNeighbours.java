package org.loopedicl.baseline;

/**
 * The mean label of the n nearest earlier points in Euclidean distance (uniform weights), or of
 * all k points while k < n. Equal distances go to the earlier point, so the result is
 * deterministic (the reference's argsort leaves such ties unspecified; with continuous x they do
 * not occur).
 */
final class NearestNeighbours extends PerPromptBaseline {
    static final String PREFIX = "knn_";

    private final int neighbours;

    NearestNeighbours(int neighbours) {
        super(PREFIX + neighbours, false);
        if (neighbours < 1) throw new IllegalArgumentException("knn needs at least 1 neighbour, got " + neighbours);
        this.neighbours = neighbours;
    }

    @Override
    void predictPrefixes(PromptPoints prompt, double[] predictions) {
        int n = prompt.points();
        double[] distance = new double[n];
        int[] nearest = new int[neighbours];
        for (int k = 1; k < n; k++) {
            double[] query = prompt.x()[k];
            for (int i = 0; i < k; i++) {
                double s = 0;
                for (int j = 0; j < query.length; j++) {
                    double diff = prompt.x()[i][j] - query[j];
                    s += diff * diff;
                }
                distance[i] = s;
            }
            // Insertion into a sorted list of the best so far: n is tiny (3), k at most a few hundred.
            int found = 0;
            for (int i = 0; i < k; i++) {
                int pos = found < neighbours ? found++ : neighbours;
                while (pos > 0 && distance[nearest[pos - 1]] > distance[i]) {
                    if (pos < neighbours) nearest[pos] = nearest[pos - 1];
                    pos--;
                }
                if (pos < neighbours) nearest[pos] = i;
            }
            double sum = 0;
            for (int m = 0; m < found; m++) sum += prompt.y()[nearest[m]];
            predictions[k] = sum / found;
        }
    }
}
