package org.loopedicl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.SafetensorsFile;
import org.loopedicl.task.PromptBatch;

/** Sizes worked out before allocation: exact counts, and one named line for what does not fit. */
class ModelSizeTest {
    @TempDir Path dir;

    @Test
    void theCountIsTheModelsOwn() {
        for (Family f : Family.values()) {
            ModelConfig c = new ModelConfig(f, 5, 11, 24, 3, 4, LoopFunc.ADD);
            assertEquals(TransformerModel.empty(c).parameters().count(), ModelSize.parameters(5, 11, 24, 3, 0), f.key());
        }
    }

    @Test
    void countsSaturateInsteadOfOverflowing() {
        assertEquals(Long.MAX_VALUE, ModelSize.parameters(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 0));
    }

    @Test
    void weightsWhoseMetadataAsksForAHugeModelAreRefusedBeforeAllocating() {
        // A small file whose metadata claims n_embd 20000: loading would allocate 4.8e9 parameters.
        TransformerModel small = TransformerModel.initialize(new ModelConfig(Family.LOOPED, 5, 8, 24, 1, 4, LoopFunc.ADD), 1);
        SafetensorsFile f = ModelFile.toSafetensors(small, Map.of());
        f.putMeta("n_embd", "20000");
        Path p = dir.resolve("huge.safetensors");
        f.write(p);
        String m = assertThrows(InvalidInputException.class, () -> ModelFile.load(p)).getMessage();
        assertTrue(m.startsWith(p + ": metadata 'n_embd' is 20000, expected <= "), m);
        f.putMeta("n_embd", "24");
        f.putMeta("n_positions", "2000000000");
        f.write(p);
        m = assertThrows(InvalidInputException.class, () -> ModelFile.load(p)).getMessage();
        assertTrue(m.startsWith(p + ": metadata 'n_positions' is 2000000000, expected <= "), m);
    }

    @Test
    void predictionsBeyondAnArrayAreRefusedNamingTheLoops() {
        TransformerModel m = TransformerModel.initialize(new ModelConfig(Family.LOOPED, 2, 4, 8, 1, 2, LoopFunc.ADD), 1);
        PromptBatch p = new PromptBatch(new float[2 * 3 * 2], new float[2 * 3], 2, 3, 2);
        String msg = assertThrows(InvalidInputException.class, () -> m.predict(p, 1_000_000_000)).getMessage();
        assertTrue(msg.startsWith("loops is 1000000000, expected <= "), msg);
    }
}
