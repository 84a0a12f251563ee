package org.loopedicl.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptSamplerTest {
    private static final FunctionClass LINEAR = FunctionClass.create("linear_regression", Map.of());

    @Test
    void dimsCurriculumZeroesCoordinatesFromDActiveOn() {
        PromptBatch batch = new PromptSampler(LINEAR, 20).sample(8, 11, 5, RandomStream.of(1, "d"));
        assertEquals(8 * 11 * 20, batch.xs().length);
        for (int row = 0; row < 8 * 11; row++)
            for (int i = 0; i < 20; i++) {
                float x = batch.xs()[row * 20 + i];
                assertTrue(i < 5 ? x != 0 : x == 0, "row " + row + " coordinate " + i);
            }
        float[] w = FunctionClassTest.weights(LINEAR.sample(RandomStream.of(1, "w"), 20, 5), 20);
        for (int i = 0; i < 20; i++) assertTrue(i < 5 ? w[i] != 0 : w[i] == 0, "w" + i);
    }

    @Test
    void decisionTreesKeepAllCoordinatesDuringTheCurriculum() {
        PromptSampler sampler = new PromptSampler(FunctionClass.create("decision_tree", Map.of()), 20);
        assertEquals(20, sampler.activeDims(5));
        PromptBatch batch = sampler.sample(4, 26, 5, RandomStream.of(2, "dt"));
        for (float x : batch.xs()) assertNotEquals(0f, x);
    }

    @Test
    void sameStreamGivesTheSameBatchAndTheStreamMovesOn() {
        PromptSampler sampler = new PromptSampler(FunctionClass.create("relu2nn", Map.of()), 20);
        RandomStream a = RandomStream.of(3, "data");
        RandomStream b = RandomStream.of(3, "data");
        PromptBatch first = sampler.sample(4, 26, 7, a);
        PromptBatch again = sampler.sample(4, 26, 7, b);
        assertArrayEquals(first.xs(), again.xs());
        assertArrayEquals(first.ys(), again.ys());
        assertFalse(Arrays.equals(first.ys(), sampler.sample(4, 26, 7, a).ys()));
    }

    @Test
    void everyPromptHasItsOwnFunction() {
        // With one active coordinate y = w·x_0, so y/x_0 is the prompt's w.
        PromptBatch batch = new PromptSampler(LINEAR, 4).sample(6, 10, 1, RandomStream.of(4, "f"));
        double[] w = new double[6];
        for (int b = 0; b < 6; b++) {
            w[b] = batch.ys()[b * 10] / batch.xs()[b * 10 * 4];
            for (int p = 1; p < 10; p++)
                assertEquals(w[b], batch.ys()[b * 10 + p] / batch.xs()[(b * 10 + p) * 4], 1e-4 * (1 + Math.abs(w[b])));
        }
        assertEquals(6, Arrays.stream(w).distinct().count());
    }

    @Test
    void queryPromptsOfTheStandardDistributionArePrefixes() {
        PromptSampler sampler = new PromptSampler(FunctionClass.create("noisy_linear_regression", Map.of()), 5);
        QueryPrompts q = sampler.sampleQueries(3, 9, 5, RandomStream.of(5, "q"));
        assertEquals(9, q.definedQueries());
        for (int k = 0; k < 9; k++) {
            PromptBatch prompt = q.forQuery(k);
            assertEquals(k + 1, prompt.points());
            for (int b = 0; b < 3; b++) {
                assertArrayEquals(Arrays.copyOfRange(q.xs(), b * 45, b * 45 + (k + 1) * 5),
                        Arrays.copyOfRange(prompt.xs(), b * (k + 1) * 5, (b + 1) * (k + 1) * 5));
                assertArrayEquals(Arrays.copyOfRange(q.ys(), b * 9, b * 9 + k + 1),
                        Arrays.copyOfRange(prompt.ys(), b * (k + 1), (b + 1) * (k + 1)));
            }
        }
    }

    @Test
    void aReplacedQueryIsLabelledByTheSameFunction() {
        // One dimension: the orthant query is −x_k, and y/x must stay the prompt's w.
        PromptSampler sampler = new PromptSampler(LINEAR, PromptDistribution.named("orthant", 1, RandomStream.of(0, "ood")), 1);
        QueryPrompts q = sampler.sampleQueries(4, 6, 1, RandomStream.of(6, "o"));
        for (int k = 0; k < 6; k++) {
            PromptBatch prompt = q.forQuery(k);
            for (int b = 0; b < 4; b++) {
                double w = q.ys()[b * 6] / q.xs()[b * 6];
                float query = prompt.xs()[b * (k + 1) + k];
                assertEquals(-q.xs()[b * 6 + k], query);
                assertEquals(w, prompt.ys()[b * (k + 1) + k] / query, 1e-4 * (1 + Math.abs(w)));
            }
        }
    }

    @Test
    void orthogonalQueriesExistOnlyBelowDActive() {
        PromptSampler sampler = new PromptSampler(LINEAR, PromptDistribution.named("orthogonal_query", 8, RandomStream.of(0, "ood")), 8);
        assertEquals(8, sampler.sample(2, 8, 8, RandomStream.of(7, "x")).points());
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(2, 9, 8, RandomStream.of(7, "x")));
        QueryPrompts q = sampler.sampleQueries(2, 12, 8, RandomStream.of(7, "x"));
        assertEquals(8, q.definedQueries());
        assertThrows(IllegalArgumentException.class, () -> q.forQuery(8));
    }

    @Test
    void refusesDActiveOutsideOneToNDims() {
        PromptSampler sampler = new PromptSampler(LINEAR, 20);
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(1, 5, 0, RandomStream.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(1, 5, 21, RandomStream.of(1, "x")));
    }
}
