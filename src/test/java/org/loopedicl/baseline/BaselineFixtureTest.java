package org.loopedicl.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.loopedicl.io.NpyArray;
import org.loopedicl.io.Npz;
import org.loopedicl.task.PromptBatch;

/**
 * The baselines against numpy / scikit-learn on the prompts of tools/make_baseline_fixtures.py
 * (see its docstring for what each array is).
 */
class BaselineFixtureTest {
    private static final Map<String, NpyArray> LINEAR = load("linear");
    private static final Map<String, NpyArray> TREE = load("tree");

    @ParameterizedTest
    @ValueSource(strings = {"least_squares", "ridge_0.1", "knn_3", "averaging"})
    void linearBaselinesMatchReference(String name) {
        assertMatches(name, predict(name, LINEAR, "ys_dense"), LINEAR.get(name).data(), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lasso_0.01", "lasso_0.1"})
    void lassoMatchesScikitLearn(String name) {
        assertMatches(name, predict(name, LINEAR, "ys_sparse"), LINEAR.get(name).data(), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tree_depth2", "tree_depth4_sign"})
    void treesMatchScikitLearnWhereItsFeatureOrderDoesNotMatter(String name) {
        double[] agree = TREE.get(name + "_agree").data();
        double kept = 0;
        for (double a : agree) kept += a;
        assertTrue(kept > agree.length / 2.0, "too few tie-free entries to test: " + kept);
        assertMatches(name, predict(name, TREE, "ys"), TREE.get(name).data(), agree);
    }

    @Test
    void leastSquaresIsMinimumNormWhenRankDeficient() {
        // Prompt 3 has two all-zero coordinates; a query with a non-zero value there must be
        // predicted as if those weights were 0 (any other solution fits the points equally well).
        PromptBatch prompts = batch(LINEAR, "ys_dense");
        int n = prompts.points(), d = prompts.dims();
        float[] xs = prompts.xs().clone();
        xs[(3 * n + n - 1) * d + d - 1] = 5f;
        float[] moved = Baselines.named("least_squares", 0).predict(new PromptBatch(xs, prompts.ys(), prompts.batch(), n, d));
        float[] original = Baselines.named("least_squares", 0).predict(prompts);
        assertEquals(original[3 * n + n - 1], moved[3 * n + n - 1], 1e-5);
    }

    private static float[] predict(String name, Map<String, NpyArray> fixture, String ys) {
        return Baselines.named(name, 0).predict(batch(fixture, ys));
    }

    private static PromptBatch batch(Map<String, NpyArray> fixture, String ys) {
        int[] shape = fixture.get("xs").shape();
        return new PromptBatch(fixture.get("xs").toFloats(), fixture.get(ys).toFloats(), shape[0], shape[1], shape[2]);
    }

    /** Entry-wise |Δ| ≤ 1e-4·(1 + |expected|) (float32 output of a float64 fit), where mask is 1. */
    private static void assertMatches(String name, float[] actual, double[] expected, double[] mask) {
        assertEquals(expected.length, actual.length, name + ": number of predictions");
        for (int i = 0; i < expected.length; i++) {
            if (mask != null && mask[i] == 0) continue;
            if (Math.abs(actual[i] - expected[i]) > 1e-4 * (1 + Math.abs(expected[i])))
                fail(name + ": entry " + i + " is " + actual[i] + ", reference " + expected[i]);
        }
    }

    private static Map<String, NpyArray> load(String name) {
        try {
            return Npz.read(Path.of(BaselineFixtureTest.class.getResource("/fixtures/baselines/" + name + ".npz").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
