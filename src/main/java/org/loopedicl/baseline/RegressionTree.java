package org.loopedicl.baseline;

import java.util.Arrays;

/**
 * A greedy regression tree (CART, squared error) of bounded depth, as scikit-learn's
 * DecisionTreeRegressor(max_depth) grows it: every node takes the split of largest impurity
 * decrease over all features and all thresholds midway between consecutive distinct values
 * (values closer than 1e-7 count as equal), x ≤ threshold going left; a node becomes a leaf at the
 * depth limit, with fewer than 2 points, with all labels equal (variance ≤ machine ε), or with no
 * feature that separates its points; a leaf predicts its points' mean label. Named
 * tree_depth&lt;d&gt;, or tree_depth&lt;d&gt;_sign when fitted on sign(x) (the reference's tree on
 * decision_tree prompts, whose functions only look at signs).
 *
 * <p>Only the path the query takes is grown: each node's split depends on that node's points
 * alone, so the prediction equals that of the full tree at a fraction of the cost. Each feature's
 * order of the points is kept sorted as points arrive, so a node's candidates are one ordered pass
 * per feature.
 *
 * <p>Ties: scikit-learn visits features in a random order and keeps the first best split, so
 * between features with equal improvement its choice depends on random_state; here the lowest
 * feature index wins, which is one of the choices scikit-learn can make.
 */
final class RegressionTree extends PerPromptBaseline {
    static final String PREFIX = "tree_depth";
    static final String SIGN_SUFFIX = "_sign";
    /** scikit-learn's FEATURE_THRESHOLD: feature values closer than this are not split apart. */
    private static final double FEATURE_THRESHOLD = 1e-7;
    /** scikit-learn's EPSILON: a node with impurity at or below it is a leaf. */
    private static final double EPSILON = Math.ulp(1.0);

    private final int maxDepth;

    RegressionTree(int maxDepth, boolean signOfX) {
        super(PREFIX + maxDepth + (signOfX ? SIGN_SUFFIX : ""), signOfX);
        if (maxDepth < 1) throw new IllegalArgumentException("tree depth must be >= 1, got " + maxDepth);
        this.maxDepth = maxDepth;
    }

    @Override
    void predictPrefixes(PromptPoints prompt, double[] predictions) {
        int n = prompt.points(), d = prompt.dims();
        int[][] sorted = new int[d][n];
        boolean[] inNode = new boolean[n];
        for (int k = 1; k < n; k++) {
            insertSorted(prompt, sorted, k - 1);
            predictions[k] = predictAlongPath(prompt, sorted, k, inNode);
        }
    }

    /** Inserts point i into every feature's order of points 0 … i−1, after equal values. */
    private static void insertSorted(PromptPoints prompt, int[][] sorted, int i) {
        double[][] x = prompt.x();
        for (int f = 0; f < sorted.length; f++) {
            int[] order = sorted[f];
            int pos = i;
            while (pos > 0 && x[order[pos - 1]][f] > x[i][f]) {
                order[pos] = order[pos - 1];
                pos--;
            }
            order[pos] = i;
        }
    }

    /** Grows the path of x_k through the tree fitted on points 0 … k−1 and returns its leaf's mean. */
    private double predictAlongPath(PromptPoints prompt, int[][] sorted, int k, boolean[] inNode) {
        double[][] x = prompt.x();
        double[] y = prompt.y();
        double[] query = x[k];
        Arrays.fill(inNode, 0, k, true);
        for (int depth = 0; ; depth++) {
            int size = 0;
            double sum = 0, sumSquares = 0;
            for (int i = 0; i < k; i++) {
                if (!inNode[i]) continue;
                size++;
                sum += y[i];
                sumSquares += y[i] * y[i];
            }
            double mean = sum / size;
            if (depth == maxDepth || size < 2 || sumSquares / size - mean * mean <= EPSILON) return mean;
            int bestFeature = -1;
            double bestProxy = Double.NEGATIVE_INFINITY, bestThreshold = 0;
            for (int f = 0; f < sorted.length; f++) {
                // Walks the node's points in increasing x_f; a split between consecutive points a, b
                // leaves the first `left` points on the left. Maximising sumL²/nL + sumR²/nR is
                // maximising the impurity decrease (scikit-learn's proxy).
                int[] order = sorted[f];
                double sumLeft = 0, previous = Double.NaN;
                int left = 0;
                for (int r = 0; r < k; r++) {
                    int i = order[r];
                    if (!inNode[i]) continue;
                    double value = x[i][f];
                    if (left > 0 && value > previous + FEATURE_THRESHOLD) {
                        double sumRight = sum - sumLeft;
                        double proxy = sumLeft * sumLeft / left + sumRight * sumRight / (size - left);
                        if (proxy > bestProxy) {
                            bestProxy = proxy;
                            bestFeature = f;
                            bestThreshold = midpoint(previous, value);
                        }
                    }
                    sumLeft += y[i];
                    left++;
                    previous = value;
                }
            }
            if (bestFeature < 0) return mean; // no feature separates the node's points
            boolean goLeft = query[bestFeature] <= bestThreshold;
            for (int i = 0; i < k; i++) {
                if (inNode[i] && (x[i][bestFeature] <= bestThreshold) != goLeft) inNode[i] = false;
            }
        }
    }

    /** scikit-learn's threshold: a/2 + b/2 (no overflow), or a when that rounds up to b. */
    private static double midpoint(double a, double b) {
        double t = a / 2 + b / 2;
        return t == b || Double.isInfinite(t) ? a : t;
    }
}
