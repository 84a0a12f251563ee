package org.loopedicl.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.loopedicl.task.FunctionClass;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.PromptSampler;
import org.loopedicl.task.RandomStream;
import org.loopedicl.tensor.Parallel;

class BaselinesTest {

    @Test
    void everyDefaultNameBuildsABaselineOfThatName() {
        for (String task : FunctionClass.names()) {
            List<String> names = Baselines.defaults(task);
            assertFalse(names.isEmpty(), task);
            for (String name : names) assertEquals(name, Baselines.named(name, 1).name(), task);
        }
        assertEquals(Baselines.defaults("relu2nn"), Baselines.defaults("relu_2nn_regression"));
    }

    @Test
    void tasksGetTheirCharacteristicBaselines() {
        assertEquals(List.of("least_squares", "knn_3", "averaging"), Baselines.defaults("linear_regression"));
        assertTrue(Baselines.defaults("sparse_linear_regression").containsAll(
                List.of("lasso_1", "lasso_0.1", "lasso_0.01", "lasso_0.001", "lasso_0.0001")));
        assertTrue(Baselines.defaults("relu2nn").contains("nn_gd"));
        assertTrue(Baselines.defaults("decision_tree").containsAll(List.of("tree_depth2", "tree_depth4_sign", "xgboost", "xgboost_sign")));
    }

    @Test
    void parametersAreReadFromTheNameAndWrittenCanonically() {
        assertEquals("lasso_0.0001", Baselines.named("lasso_1e-4", 0).name());
        assertEquals("ridge_1", Baselines.named("ridge_1.0", 0).name());
        assertEquals("knn_5", Baselines.named("knn_5", 0).name());
        assertEquals("tree_depth3_sign", Baselines.named("tree_depth3_sign", 0).name());
    }

    @Test
    void unknownNamesSuggestTheClosestValidOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baselines.named("least_square", 0));
        assertTrue(e.getMessage().contains("'least_squares'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Baselines.named("xgbost_sign", 0));
        assertTrue(e.getMessage().contains("'xgboost_sign'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Baselines.defaults("linear_regresion"));
        assertTrue(e.getMessage().contains("'linear_regression'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"knn_0", "knn_x", "lasso_0", "lasso_-1", "ridge_abc", "tree_depth0", "tree_depth", "tree_depthx_sign"})
    void badParametersAreRejected(String name) {
        assertThrows(IllegalArgumentException.class, () -> Baselines.named(name, 0));
    }

    @Test
    void lassoWithLargeAlphaPredictsZero() {
        // α ≥ ‖Xᵀy‖∞ / k makes w = 0 optimal; a smaller one does not.
        PromptBatch prompts = sample("sparse_linear_regression", 3, 15, 6, 2);
        for (float p : Baselines.named("lasso_1000", 0).predict(prompts)) assertEquals(0f, p);
        float[] small = Baselines.named("lasso_0.001", 0).predict(prompts);
        assertTrue(Arrays.stream(toDoubles(small)).anyMatch(p -> p != 0));
    }

    @Test
    void everyBaselinesLastPredictionsAreTheLastColumnOfItsPredictions() {
        Set<String> names = new LinkedHashSet<>();
        for (String task : FunctionClass.names()) names.addAll(Baselines.defaults(task));
        for (int points : new int[] {7, 1}) {
            PromptBatch prompts = sample("relu_2nn_regression", 4, points, 3, 8);
            for (String name : names) {
                float[] all = Baselines.named(name, 7).predict(prompts);
                float[] last = new float[prompts.batch()];
                for (int b = 0; b < last.length; b++) last[b] = all[b * points + points - 1];
                assertArrayEquals(last, Baselines.named(name, 7).predictLast(prompts), name + ", " + points + " points");
            }
        }
    }

    @Test
    void everyBaselinePredictsZeroWithoutPointsAndIsIndependentOfThreadCount() {
        PromptBatch prompts = sample("decision_tree", 5, 8, 4, 3);
        Set<String> names = new LinkedHashSet<>();
        for (String task : FunctionClass.names()) names.addAll(Baselines.defaults(task));
        int threads = Parallel.threads();
        try {
            for (String name : names) {
                Parallel.setThreads(1);
                float[] one = Baselines.named(name, 7).predict(prompts);
                Parallel.setThreads(2);
                float[] two = Baselines.named(name, 7).predict(prompts);
                assertArrayEquals(one, two, name);
                for (int b = 0; b < prompts.batch(); b++) assertEquals(0f, one[b * prompts.points()], name);
                assertTrue(Arrays.stream(toDoubles(one)).anyMatch(p -> p != 0), name + " predicts only zeros");
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    static PromptBatch sample(String task, int batch, int points, int dims, long seed) {
        PromptSampler sampler = new PromptSampler(FunctionClass.create(task, java.util.Map.of()), dims);
        return sampler.sample(batch, points, dims, RandomStream.of(seed, "baseline-test"));
    }

    static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }
}
