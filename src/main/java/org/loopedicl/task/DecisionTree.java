package org.loopedicl.task;

import java.util.Map;
import java.util.Set;

/**
 * A full binary tree of the given depth: each internal node tests one coordinate ~ U{0..n_dims−1}
 * and goes right iff it is > 0; leaves hold N(0, 1) values. Following the reference, it ignores
 * the dims curriculum: x keeps all n_dims coordinates non-zero and nodes may test any of them.
 */
public record DecisionTree(int depth) implements FunctionClass {
    public static final String NAME = "decision_tree";
    public static final int DEFAULT_DEPTH = 4;
    private static final int MAX_DEPTH = 24;

    public DecisionTree {
        if (depth < 1 || depth > MAX_DEPTH)
            throw new IllegalArgumentException(NAME + " knob 'depth' must be in 1.." + MAX_DEPTH + ", got " + depth);
    }

    static DecisionTree fromKnobs(Map<String, ?> knobs) {
        return new DecisionTree(new Knobs(NAME, knobs, Set.of("depth")).integer("depth", DEFAULT_DEPTH, 1));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PromptFunction sample(RandomStream rng, int nDims, int dActive) {
        int internal = (1 << depth) - 1;
        int[] coords = new int[internal];
        for (int i = 0; i < internal; i++) coords[i] = rng.nextInt(nDims);
        float[] leaves = new float[internal + 1];
        for (int i = 0; i < leaves.length; i++) leaves[i] = (float) rng.nextGaussian();
        return new Tree(coords, leaves);
    }

    @Override
    public double normalizer(int dims) {
        return 1;
    }

    @Override
    public boolean followsDimsCurriculum() {
        return false;
    }

    /**
     * One drawn tree in heap order: node n's children are 2n+1 (left) and 2n+2 (right);
     * coords[n] is the coordinate internal node n tests, leaves[i] the value of node
     * coords.length + i.
     */
    public record Tree(int[] coords, float[] leaves) implements PromptFunction {
        public Tree {
            if (leaves.length != coords.length + 1 || Integer.bitCount(leaves.length) != 1)
                throw new IllegalArgumentException("a full tree with " + coords.length + " internal nodes has "
                        + (coords.length + 1) + " leaves, got " + leaves.length);
        }

        @Override
        public double valueAt(float[] xs, int offset) {
            int node = 0;
            while (node < coords.length) node = 2 * node + 1 + (xs[offset + coords[node]] > 0 ? 1 : 0);
            return leaves[node - coords.length];
        }
    }
}
