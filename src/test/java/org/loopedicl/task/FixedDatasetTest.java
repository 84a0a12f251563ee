package org.loopedicl.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FixedDatasetTest {
    private static final PromptSampler SAMPLER = new PromptSampler(FunctionClass.create("linear_regression", Map.of()), 5);

    private static FixedDataset train() {
        return FixedDataset.draw(SAMPLER, 10, 7, 5, RandomStream.of(1, "train"));
    }

    /** Which dataset prompt each prompt of the batch is, by exact content. */
    private static List<Integer> identify(FixedDataset data, PromptBatch batch) {
        List<Integer> ids = new ArrayList<>();
        int row = batch.points() * batch.dims();
        for (int b = 0; b < batch.batch(); b++) {
            float[] xs = Arrays.copyOfRange(batch.xs(), b * row, (b + 1) * row);
            int id = -1;
            for (int i = 0; i < data.size(); i++) if (Arrays.equals(xs, data.slice(i, 1).xs())) id = i;
            ids.add(id);
        }
        return ids;
    }

    @Test
    void eachEpochServesEveryPromptOnceInItsOwnOrder() {
        FixedDataset data = train();
        ShuffledEpochs epochs = new ShuffledEpochs(data, 4, 9); // 10 prompts, batches of 4: epochs end mid-batch
        List<Integer> served = new ArrayList<>();
        for (int i = 0; i < 5; i++) served.addAll(identify(data, epochs.next()));
        List<Integer> first = served.subList(0, 10), second = served.subList(10, 20);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), first.stream().sorted().toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), second.stream().sorted().toList());
        assertNotEquals(first, second);
        assertNotEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), first);
        assertEquals(new ShuffledEpochs.Position(1, 10), epochs.position()); // the next batch opens epoch 2
    }

    @Test
    void restoredPositionContinuesWithTheSameBatches() {
        FixedDataset data = train();
        ShuffledEpochs original = new ShuffledEpochs(data, 3, 9);
        for (int i = 0; i < 7; i++) original.next();
        ShuffledEpochs.Position saved = original.position();
        ShuffledEpochs resumed = new ShuffledEpochs(data, 3, 9);
        resumed.restore(saved);
        for (int i = 0; i < 6; i++) {
            PromptBatch a = original.next(), b = resumed.next();
            assertArrayEquals(a.xs(), b.xs());
            assertArrayEquals(a.ys(), b.ys());
        }
    }

    @Test
    void drawingIsDeterministic() {
        FixedDataset a = train(), b = train();
        for (int i = 0; i < a.size(); i++) assertEquals(a.promptHash(i), b.promptHash(i));
        assertArrayEquals(a.slice(0, 10).ys(), b.slice(0, 10).ys());
    }

    @Test
    void heldOutSetSharesNoPromptEvenWhenDrawnFromTheTrainingStream() {
        FixedDataset data = train();
        // Drawn naively from the same stream, every prompt would be shared…
        assertTrue(FixedDataset.draw(SAMPLER, 10, 7, 5, RandomStream.of(1, "train")).sharesPromptWith(data));
        // …drawn against the training set, none is.
        FixedDataset heldOut = FixedDataset.drawDisjoint(SAMPLER, 10, 7, 5, RandomStream.of(1, "train"), data);
        assertFalse(heldOut.sharesPromptWith(data));
        assertEquals(10, heldOut.size());
        FixedDataset usual = FixedDataset.drawDisjoint(SAMPLER, 30, 7, 5, RandomStream.of(1, "held_out"), data);
        assertFalse(usual.sharesPromptWith(data));
        assertFalse(data.sharesPromptWith(usual));
    }
}
