package org.loopedicl.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FunctionClassTest {
    private static final int D = 20;

    /**
     * Per-prompt means of y² are independent across prompts, so their mean has an empirical
     * standard error SE; the normaliser must lie within 5 SE (a chance failure has probability
     * < 1e-6, and the seed is fixed), and 5 SE must be under 10% of it, so a wrong factor such
     * as a missing √3 or √(2/h) cannot pass.
     */
    @ParameterizedTest
    @MethodSource("org.loopedicl.task.FunctionClass#names")
    void meanSquareOfYIsTheNormalizerAtD20(String name) {
        FunctionClass fc = FunctionClass.create(name, Map.of());
        PromptBatch batch = new PromptSampler(fc, D).sample(4000, 41, D, RandomStream.of(1, name));
        double sum = 0, sumSquares = 0;
        for (int b = 0; b < batch.batch(); b++) {
            double m = 0;
            for (int p = 0; p < batch.points(); p++) {
                double y = batch.ys()[b * batch.points() + p];
                m += y * y;
            }
            m /= batch.points();
            sum += m;
            sumSquares += m * m;
        }
        int n = batch.batch();
        double mean = sum / n;
        double se = Math.sqrt((sumSquares / n - mean * mean) / (n - 1));
        double normalizer = fc.normalizer(D);
        assertTrue(5 * se < 0.1 * normalizer, "too few samples to test " + name + ": SE " + se);
        assertEquals(normalizer, mean, 5 * se, name + " E[y²]");
    }

    @Test
    void normalizersAreThoseOfSpecTable() {
        assertEquals(20, FunctionClass.create("linear_regression", Map.of()).normalizer(D));
        assertEquals(20, FunctionClass.create("noisy_linear_regression", Map.of()).normalizer(D));
        assertEquals(3, FunctionClass.create("sparse_linear_regression", Map.of()).normalizer(D));
        assertEquals(20, FunctionClass.create("relu2nn", Map.of()).normalizer(D));
        assertEquals(1, FunctionClass.create("decision_tree", Map.of()).normalizer(D));
        assertEquals(20, FunctionClass.create("quadratic_regression", Map.of()).normalizer(D));
        assertEquals(Metric.ACCURACY, FunctionClass.create("linear_classification", Map.of()).metric());
    }

    @Test
    void sparseWeightsHaveExactlySNonZerosSpreadOverAllCoordinates() {
        FunctionClass fc = FunctionClass.create("sparse_linear_regression", Map.of("sparsity", 4));
        RandomStream rng = RandomStream.of(2, "sparse");
        int[] hits = new int[D];
        for (int draw = 0; draw < 2000; draw++) {
            float[] w = weights(fc.sample(rng, D, D), D);
            int nonZero = 0;
            for (int i = 0; i < D; i++)
                if (w[i] != 0) {
                    nonZero++;
                    hits[i]++;
                }
            assertEquals(4, nonZero);
        }
        for (int h : hits) assertEquals(400, h, 100); // 2000·4/20 per coordinate, sd ≈ 19
    }

    @Test
    void decisionTreeReachesTheHandComputedLeaf() {
        // Root tests x2; node 1 tests x0, node 2 tests x1; leaves are nodes 3..6.
        DecisionTree.Tree tree = new DecisionTree.Tree(new int[] {2, 0, 1}, new float[] {10, 11, 12, 13});
        assertEquals(13, tree.valueAt(new float[] {-1, 0.5f, 2}, 0)); // x2 > 0 → node 2; x1 > 0 → node 6
        assertEquals(12, tree.valueAt(new float[] {9, -0.5f, 2}, 0)); // node 2; x1 ≤ 0 → node 5
        assertEquals(11, tree.valueAt(new float[] {0.3f, -1, -2}, 0)); // x2 ≤ 0 → node 1; x0 > 0 → node 4
        assertEquals(10, tree.valueAt(new float[] {5, 5, 5, 0, 7, 0}, 3)); // at an offset; 0 goes left twice
    }

    @Test
    void drawnDecisionTreeHasDepthFourAndTestsAnyOfNDims() {
        DecisionTree.Tree tree = (DecisionTree.Tree) FunctionClass.create("decision_tree", Map.of())
                .sample(RandomStream.of(3, "tree"), D, 5);
        assertEquals(15, tree.coords().length);
        assertEquals(16, tree.leaves().length);
        assertTrue(java.util.Arrays.stream(tree.coords()).allMatch(c -> c >= 0 && c < D));
        assertTrue(java.util.Arrays.stream(tree.coords()).anyMatch(c -> c >= 5), "ignores d_active = 5");
    }

    @Test
    void quadraticIsSquaredInputsDotWOverRootThree() {
        QuadraticRegression.Quadratic f = new QuadraticRegression.Quadratic(new float[] {1, -2, 0.5f}, 2);
        // 1·4 − 2·1 + 0.5·16 = 10, times scale 2, over √3
        assertEquals(20 / Math.sqrt(3), f.valueAt(new float[] {2, 1, -4}, 0), 1e-12);
    }

    @Test
    void relu2nnIsScaledReluNetwork() {
        float[] w1 = {1, -1, 0, 0, 2, 1, 0, 0}; // [2 inputs, 4 hidden]
        float[] w2 = {2, 5, 0, 0};
        Relu2nnRegression.Network f = new Relu2nnRegression.Network(2, w1, w2, 3);
        double factor = 3 * Math.sqrt(2.0 / 4);
        assertEquals(6 * factor, f.valueAt(new float[] {1, 1}, 0), 1e-12); // pre (3, 0)
        assertEquals(0, f.valueAt(new float[] {1, -1}, 0), 1e-12); // pre (−1, −2)
        assertEquals(7.5 * factor, f.valueAt(new float[] {0.5f, 1}, 0), 1e-12); // pre (2.5, 0.5)
    }

    @Test
    void linearClassificationLabelsAreSigns() {
        PromptBatch batch = new PromptSampler(FunctionClass.create("linear_classification", Map.of()), D)
                .sample(50, 41, D, RandomStream.of(4, "cls"));
        int positive = 0;
        for (float y : batch.ys()) {
            assertTrue(y == 1 || y == -1, "label " + y);
            if (y == 1) positive++;
        }
        assertEquals(1025, positive, 200);
    }

    @Test
    void noisyRegressionAddsFreshNoiseOfTheKnobsStd() {
        PromptFunction f = FunctionClass.create("noisy_linear_regression", Map.of("noise_std", 0.5))
                .sample(RandomStream.of(5, "noisy"), 3, 3);
        float[] x = {1, 2, 3};
        double sumSquares = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double diff = f.valueAt(x, 0) - f.valueAt(x, 0); // variance 2·0.25
            sumSquares += diff * diff;
        }
        assertEquals(0.5, sumSquares / n, 0.03);
    }

    @Test
    void scaleMultipliesWeights() {
        PromptFunction plain = FunctionClass.create("linear_regression", Map.of()).sample(RandomStream.of(6, "s"), 4, 4);
        PromptFunction scaled = FunctionClass.create("linear_regression", Map.of("scale", 2.5)).sample(RandomStream.of(6, "s"), 4, 4);
        float[] x = {0.3f, -1, 2, 0.7f};
        assertEquals(2.5 * plain.valueAt(x, 0), scaled.valueAt(x, 0), 1e-9);
    }

    @Test
    void unknownNamesAndKnobsNameTheClosestValidOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FunctionClass.create("linear_regresion", Map.of()));
        assertEquals("unknown function class 'linear_regresion'; did you mean 'linear_regression'?", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FunctionClass.create("sparse_linear_regression", Map.of("sparsty", 3)));
        assertEquals("unknown knob of sparse_linear_regression 'sparsty'; did you mean 'sparsity'?", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FunctionClass.create("relu2nn", Map.of("hidden_size", 10)));
        assertTrue(e.getMessage().endsWith("did you mean 'hidden_layer_size'?"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FunctionClass.create("relu2nn", Map.of("hidden_layer_size", 2.5)));
        assertThrows(IllegalArgumentException.class, () -> FunctionClass.create("decision_tree", Map.of("depth", "deep")));
        assertThrows(IllegalArgumentException.class, () -> FunctionClass.create("noisy_linear_regression", Map.of("noise_std", -1)));
    }

    @Test
    void knobsAndTheReferenceAliasAreAccepted() {
        assertEquals(new Relu2nnRegression(1, 8), FunctionClass.create("relu_2nn_regression", Map.of("hidden_layer_size", 8)));
        assertEquals(new DecisionTree(2), FunctionClass.create("decision_tree", Map.of("depth", "2")));
        assertNotEquals(FunctionClass.create("sparse_linear_regression", Map.of()),
                FunctionClass.create("sparse_linear_regression", Map.of("sparsity", 5)));
    }

    /** w of a linear-in-x function, read off its values at the basis vectors. */
    static float[] weights(PromptFunction f, int d) {
        float[] w = new float[d];
        float[] e = new float[d];
        for (int i = 0; i < d; i++) {
            e[i] = 1;
            w[i] = (float) f.valueAt(e, 0);
            e[i] = 0;
        }
        return w;
    }
}
