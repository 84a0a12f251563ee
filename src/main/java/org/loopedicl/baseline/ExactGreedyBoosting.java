package org.loopedicl.baseline;

import java.util.Arrays;

/**
 * XGBoost's boosting with its exact greedy tree builder (tree_method exact: updater grow_colmaker,
 * then prune) for the settings {@link XGBoostTrees} pins — squared error, base_score 0.5, 50 rounds
 * at eta 0.1, depth 4, λ = 1, γ = 0, min_child_weight 1, no sampling — on one prompt's points, giving
 * XGBoost 2.1's predictions to the last bit. Written by hand because a fit here has at most a few
 * hundred points, where XGBoost4J's per-fit cost (JNI, DMatrix, Booster: 6–9 ms a fit) dwarfs the
 * boosting itself (0.3–0.6 ms here); XGBoost4J stays in the tests as the oracle this class is
 * checked against.
 *
 * <p>What XGBoost does, and this class repeats in the same float and double arithmetic:
 * <ul>
 * <li>Round t: g_i = pred_i − y_i in float, h_i = 1; pred starts at base_score and each tree adds
 *     its leaf value in float, one tree at a time.
 * <li>Trees grow level by level. A node's sums G, H are doubles summed in row order; its weight is
 *     (float) (−G / (H + λ)) and its leaf value weight · eta in float.
 * <li>A candidate split's gain is gain(left) + gain(right) − gain(node) in float, with
 *     gain(G, H) = (float) G² / (float) (H + λ) (XGBoost's score drops the ½ of the textbook); a
 *     node splits when its best gain exceeds kRtEps = 1e-6, and γ = 0 leaves the pruner nothing.
 * <li>Every column is dense (missing is NaN and no value is NaN), so ColMaker scans each feature
 *     only backward, from the largest value down (default direction left), proposing a split
 *     between each pair of consecutive distinct values: (a + b) · 0.5f, or b where that rounds down
 *     to a; x &lt; split goes left. min_child_weight 1 only asks that both sides be non-empty.
 * <li>Ties: a candidate replaces the best only with a strictly larger gain when its feature index is
 *     not lower, so the lowest feature wins, and within a feature the largest threshold (the first
 *     met going down). Equal values (sign(x) takes only −1, 0, 1) are one candidate, never split.
 * </ul>
 * XGBoost sums a scan's gradients in sorted order (equal values in std::sort's order), this class
 * in its own; a double sum of a few hundred float gradients is exact unless their magnitudes span
 * more than ~2²², so the order does not show: the tests find XGBoost's predictions to the bit.
 *
 * <p>Each feature's order of the prefix is kept sorted as points join it; after each level, the
 * nodes that split have their segment of every feature's list partitioned (stably) between their
 * children, so that the next level scans contiguous segments. Where every feature takes at most
 * two values (sign(x)), a feature has one candidate per node and nodes are kept as bit sets of
 * rows instead. Trees are grown in full, not only along the query's path as in
 * {@link RegressionTree}: the next round needs every row's prediction.
 *
 * <p>An instance is one thread's workspace, sized for prompts of up to {@code capacity} points.
 */
final class ExactGreedyBoosting {
    static final int ROUNDS = 50;
    static final int MAX_DEPTH = 4;
    static final float ETA = 0.1f;
    static final float BASE_SCORE = 0.5f;
    private static final double LAMBDA = 1;
    /** XGBoost's kRtEps: a node splits only when its best loss change exceeds it. */
    private static final float RT_EPS = 1e-6f;
    private static final int MAX_NODES = 1 << MAX_DEPTH;

    private final int capacity, dims;
    /** x_{i,f} at f · capacity + i. */
    private final float[] columns;
    private final float[] labels;
    /** Per feature (at f · capacity), the prefix's rows in increasing value (equal values by row). */
    private final int[] sortedRows;
    /** Per feature, whether two points of the prefix share a value (never, for continuous x). */
    private final boolean[] tied;
    /**
     * The same lists partitioned by node, for levels 1 … MAX_DEPTH − 1: a node's rows lie at
     * [start, start + count) of every feature's list, so a feature's candidate splits for the node
     * are one pass over a contiguous segment.
     */
    private final int[][] levelRows = new int[MAX_DEPTH - 1][];
    /**
     * The splits of this round's and the last round's tree by heap position (children of h at
     * 2h + 1, 2h + 2; feature −1 where none). Consecutive trees often share their upper splits;
     * a node reached by the same splits as last round has the same rows, and if it splits the same
     * way again its children's lists from last round are still in place.
     */
    private int[] treeFeature = new int[MAX_NODES], lastFeature = new int[MAX_NODES];
    private float[] treeValue = new float[MAX_NODES], lastValue = new float[MAX_NODES];
    private int[] heap = new int[MAX_NODES], nextHeap = new int[MAX_NODES];
    private boolean[] sameRows = new boolean[MAX_NODES], nextSameRows = new boolean[MAX_NODES];
    /**
     * Whether every feature takes at most two values among the prompt's points, as sign(x) does:
     * then a node has one candidate per feature and is kept as a set of rows (bits of
     * {@code nodeRows}), and neither sorted lists nor partitions are needed.
     */
    private boolean binary;
    private final int words;
    /** Per feature (at f · words), the rows holding its larger value; and its two values. */
    private final long[] highRows;
    private final float[] lowValue, highValue;
    private long[] nodeRows, nextRows;
    /** 1 / (c + λ) for c = 0 … capacity: the double estimate of a candidate's score. */
    private final double[] inverse;
    private int points, prefix;

    private final float[] predictions;
    private final double[] gradients;
    /** Per row, its node's index within the current level, or −1 once it has reached a leaf. */
    private final int[] node;
    /** Per row of a split node: 0 when it goes to the left child, 1 to the right. */
    private final int[] side;
    // Per node of the current level, and of the next while the rows move down.
    private double[] nodeGradient = new double[MAX_NODES], nextGradient = new double[MAX_NODES];
    private int[] nodeCount = new int[MAX_NODES], nextCount = new int[MAX_NODES];
    private int[] nodeStart = new int[MAX_NODES], nextStart = new int[MAX_NODES];
    private final float[] leafValue = new float[MAX_NODES];
    /** The level-(d+1) index of a node's left child (its right child is next), or −1 for a leaf. */
    private final int[] firstChild = new int[MAX_NODES];
    private final int[] splitFeature = new int[MAX_NODES];
    private final float[] splitValue = new float[MAX_NODES];

    ExactGreedyBoosting(int capacity, int dims) {
        this.capacity = capacity;
        this.dims = dims;
        columns = new float[dims * capacity];
        labels = new float[capacity];
        sortedRows = new int[dims * capacity];
        tied = new boolean[dims];
        for (int level = 0; level < levelRows.length; level++) levelRows[level] = new int[dims * capacity];
        words = (capacity + 63) >>> 6;
        highRows = new long[dims * words];
        lowValue = new float[dims];
        highValue = new float[dims];
        nodeRows = new long[MAX_NODES * words];
        nextRows = new long[MAX_NODES * words];
        inverse = new double[capacity + 1];
        for (int c = 0; c <= capacity; c++) inverse[c] = 1 / (c + LAMBDA);
        predictions = new float[capacity];
        gradients = new double[capacity];
        node = new int[capacity];
        side = new int[capacity];
    }

    boolean fits(int points, int dims) {
        return points <= capacity && dims == this.dims;
    }

    /** Takes a prompt's points (in float, as XGBoost4J's DMatrix holds them) with an empty prefix. */
    void load(PromptPoints prompt) {
        points = prompt.points();
        if (!fits(points, prompt.dims())) throw new IllegalArgumentException("workspace too small");
        for (int i = 0; i < points; i++) {
            for (int f = 0; f < dims; f++) columns[f * capacity + i] = (float) prompt.x()[i][f];
            labels[i] = (float) prompt.y()[i];
        }
        prefix = 0;
        Arrays.fill(tied, false);
        binary = true;
        Arrays.fill(highRows, 0);
        for (int f = 0; f < dims && binary; f++) {
            int base = f * capacity;
            float low = columns[base], high = low;
            for (int i = 1; i < points; i++) {
                float value = columns[base + i];
                if (value == low || value == high) continue;
                if (low != high) binary = false;
                else if (value < low) low = value;
                else high = value;
            }
            lowValue[f] = low;
            highValue[f] = high;
            if (low == high) continue; // one value: never split
            for (int i = 0; i < points; i++) {
                if (columns[base + i] == high) highRows[f * words + (i >>> 6)] |= 1L << i;
            }
        }
    }

    /** Adds the next point to the prefix the trees are fitted on. */
    void extendPrefix() {
        int i = prefix++;
        if (binary) return;
        for (int f = 0; f < dims; f++) {
            int base = f * capacity;
            float value = columns[base + i];
            int r = i;
            while (r > 0 && columns[base + sortedRows[base + r - 1]] > value) {
                sortedRows[base + r] = sortedRows[base + r - 1];
                r--;
            }
            sortedRows[base + r] = i;
            // Inserted after the values equal to it: an equal value can only be just before.
            if (r > 0 && columns[base + sortedRows[base + r - 1]] == value) tied[f] = true;
        }
    }

    /** Boosts on the prefix (points 0 … k−1) and returns the prediction at point k. */
    float fitAndPredictNext() {
        int k = prefix;
        if (k >= points) throw new IllegalStateException("no point after the prefix to predict");
        Arrays.fill(predictions, 0, k, BASE_SCORE);
        Arrays.fill(lastFeature, -1);
        float query = BASE_SCORE;
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < k; i++) gradients[i] = predictions[i] - labels[i];
            query += growTree(k);
        }
        return query;
    }

    /** Grows one tree on the gradients, adds its leaf values to the predictions, returns the query's. */
    private float growTree(int k) {
        int[] rows = sortedRows;
        Arrays.fill(node, 0, k, 0);
        double sum = 0;
        for (int i = 0; i < k; i++) sum += gradients[i];
        nodeGradient[0] = sum;
        nodeCount[0] = k;
        nodeStart[0] = 0;
        if (binary) {
            Arrays.fill(nodeRows, 0, words, 0);
            for (int i = 0; i < k; i++) nodeRows[i >>> 6] |= 1L << i;
        }
        Arrays.fill(treeFeature, -1);
        heap[0] = 0;
        sameRows[0] = true;
        int nodes = 1, queryNode = 0;
        float queryLeaf = 0;
        for (int depth = 0; ; depth++) {
            int children = 0;
            for (int p = 0; p < nodes; p++) {
                leafValue[p] = (float) (-nodeGradient[p] / (nodeCount[p] + LAMBDA)) * ETA;
                boolean split = depth < MAX_DEPTH && nodeCount[p] > 1 && (binary ? findBinarySplit(p) : findSplit(p, rows));
                firstChild[p] = split ? children : -1;
                if (split) children += 2;
            }
            // Leaves take their value; the other rows move to a child, summed in row order as XGBoost does.
            Arrays.fill(nextGradient, 0, children, 0);
            Arrays.fill(nextCount, 0, children, 0);
            for (int i = 0; i < k; i++) {
                int p = node[i];
                if (p < 0) continue;
                int child = firstChild[p];
                if (child < 0) {
                    predictions[i] += leafValue[p];
                    node[i] = -1;
                } else {
                    int right = columns[splitFeature[p] * capacity + i] < splitValue[p] ? 0 : 1;
                    side[i] = right;
                    child += right;
                    node[i] = child;
                    nextGradient[child] += gradients[i];
                    nextCount[child]++;
                }
            }
            if (queryNode >= 0) {
                int child = firstChild[queryNode];
                if (child < 0) {
                    queryLeaf = leafValue[queryNode];
                    queryNode = -1;
                } else {
                    queryNode = columns[splitFeature[queryNode] * capacity + k] < splitValue[queryNode] ? child : child + 1;
                }
            }
            if (children == 0) {
                int[] features = lastFeature;
                lastFeature = treeFeature;
                treeFeature = features;
                float[] values = lastValue;
                lastValue = treeValue;
                treeValue = values;
                return queryLeaf;
            }
            for (int p = 0; p < nodes; p++) {
                int child = firstChild[p];
                if (child < 0) continue;
                nextStart[child] = nodeStart[p];
                nextStart[child + 1] = nodeStart[p] + nextCount[child];
                int h = heap[p], f = splitFeature[p];
                float v = splitValue[p];
                treeFeature[h] = f;
                treeValue[h] = v;
                nextHeap[child] = 2 * h + 1;
                nextHeap[child + 1] = 2 * h + 2;
                nextSameRows[child] = nextSameRows[child + 1] = sameRows[p] && lastFeature[h] == f && lastValue[h] == v;
            }
            if (binary) {
                splitRowSets(nodes);
            } else if (depth + 1 < MAX_DEPTH) {
                partition(nodes, rows, levelRows[depth]);
                rows = levelRows[depth];
            }
            int[] heaps = heap;
            heap = nextHeap;
            nextHeap = heaps;
            boolean[] same = sameRows;
            sameRows = nextSameRows;
            nextSameRows = same;
            double[] g = nodeGradient;
            nodeGradient = nextGradient;
            nextGradient = g;
            int[] swap = nodeCount;
            nodeCount = nextCount;
            nextCount = swap;
            swap = nodeStart;
            nodeStart = nextStart;
            nextStart = swap;
            nodes = children;
        }
    }

    /**
     * Finds node p's best split over all features (its feature and value into splitFeature[p] and
     * splitValue[p]) and says whether it gains more than kRtEps.
     *
     * <p>Most candidates cannot beat the best so far, and a double estimate of their score (true to
     * 1e-15, where XGBoost's float score is true to 4e-7) says so without the float divisions; only
     * the others are scored exactly as XGBoost scores them. Replacing needs a larger float score
     * (score − root gain is monotone in the score), so the estimate is compared with the best's
     * score less 1e-6 of it (and 1e-30, for scores in float's subnormal range).
     */
    private boolean findSplit(int p, int[] rows) {
        double total = nodeGradient[p];
        int count = nodeCount[p], start = nodeStart[p];
        float rootGain = gain(total, count);
        float best = 0; // XGBoost's initial best: a split must gain more than 0 to be kept at all
        double threshold = bound(rootGain);
        for (int f = 0; f < dims; f++) {
            int column = f * capacity, first = column + start, r = first + count - 1;
            float last = columns[column + rows[r]];
            if (columns[column + rows[first]] == last) continue; // one value only: nothing to split
            double upper = gradients[rows[r]];
            int above = 1;
            if (!tied[f]) {
                // Every pair of neighbours is a candidate: no values to compare.
                for (r--; r >= first; r--, above++) {
                    int row = rows[r];
                    double lower = total - upper;
                    int below = count - above;
                    if (lower * lower * inverse[below] + upper * upper * inverse[above] >= threshold) {
                        float score = gain(lower, below) + gain(upper, above);
                        float loss = score - rootGain;
                        if (loss > best && !Float.isInfinite(loss)) {
                            best = loss;
                            threshold = bound(score);
                            splitFeature[p] = f;
                            float value = columns[column + row], above0 = columns[column + rows[r + 1]];
                            float mid = (value + above0) * 0.5f;
                            splitValue[p] = mid == value ? above0 : mid;
                        }
                    }
                    upper += gradients[row];
                }
                continue;
            }
            for (r--; r >= first; r--) {
                int row = rows[r];
                float value = columns[column + row];
                if (value != last) {
                    double lower = total - upper;
                    int below = count - above;
                    if (lower * lower * inverse[below] + upper * upper * inverse[above] >= threshold) {
                        float score = gain(lower, below) + gain(upper, above);
                        float loss = score - rootGain;
                        if (loss > best && !Float.isInfinite(loss)) {
                            best = loss;
                            threshold = bound(score);
                            splitFeature[p] = f;
                            float mid = (value + last) * 0.5f;
                            splitValue[p] = mid == value ? last : mid;
                        }
                    }
                }
                upper += gradients[row];
                above++;
                last = value;
            }
        }
        return best > RT_EPS;
    }

    /**
     * {@link #findSplit} where every feature has at most two values: the one candidate of a feature
     * puts the node's rows with the larger value above, and their sum is taken over the bits.
     */
    private boolean findBinarySplit(int p) {
        double total = nodeGradient[p];
        int count = nodeCount[p], node = p * words;
        float rootGain = gain(total, count);
        float best = 0;
        for (int f = 0; f < dims; f++) {
            int high = f * words, above = 0;
            for (int w = 0; w < words; w++) above += Long.bitCount(nodeRows[node + w] & highRows[high + w]);
            if (above == 0 || above == count) continue;
            double upper = 0;
            for (int w = 0; w < words; w++) {
                for (long bits = nodeRows[node + w] & highRows[high + w]; bits != 0; bits &= bits - 1) {
                    upper += gradients[(w << 6) + Long.numberOfTrailingZeros(bits)];
                }
            }
            double lower = total - upper;
            int below = count - above;
            float loss = gain(lower, below) + gain(upper, above) - rootGain;
            if (loss > best && !Float.isInfinite(loss)) {
                best = loss;
                splitFeature[p] = f;
                float a = lowValue[f], b = highValue[f], mid = (a + b) * 0.5f;
                splitValue[p] = mid == a ? b : mid;
            }
        }
        return best > RT_EPS;
    }

    /** The row sets of the next level's nodes: a split node's rows with the low value go left. */
    private void splitRowSets(int nodes) {
        for (int p = 0; p < nodes; p++) {
            int child = firstChild[p];
            if (child < 0) continue;
            int node = p * words, high = splitFeature[p] * words, left = child * words, right = left + words;
            for (int w = 0; w < words; w++) {
                nextRows[left + w] = nodeRows[node + w] & ~highRows[high + w];
                nextRows[right + w] = nodeRows[node + w] & highRows[high + w];
            }
        }
        long[] swap = nodeRows;
        nodeRows = nextRows;
        nextRows = swap;
    }

    /** The least double estimate a candidate whose float score exceeds {@code score} can have. */
    private static double bound(float score) {
        return score * (1 - 1e-6) - 1e-30;
    }

    /**
     * Writes the rows of each split node's segment, every feature's list, left child first, order
     * kept; except where last round's are still in place.
     */
    private void partition(int nodes, int[] rows, int[] toRows) {
        for (int p = 0; p < nodes; p++) {
            int child = firstChild[p];
            if (child < 0 || nextSameRows[child]) continue;
            for (int f = 0; f < dims; f++) {
                int r = f * capacity + nodeStart[p], end = r + nodeCount[p];
                int left = r, rightAt = r + nextCount[child];
                for (; r < end; r++) {
                    // Arithmetic, not a branch: which side a row takes is a coin flip to the predictor.
                    int row = rows[r], right = side[row];
                    int to = left + ((rightAt - left) & -right);
                    toRows[to] = row;
                    left += 1 - right;
                    rightAt += right;
                }
            }
        }
    }

    /** XGBoost's node score G² / (H + λ), rounded as its split evaluator does. */
    private static float gain(double g, int h) {
        return (float) (g * g) / (float) (h + LAMBDA);
    }
}
