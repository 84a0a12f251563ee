package org.loopedicl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.SafetensorsFile;
import org.loopedicl.nn.Parameter;
import org.loopedicl.task.PromptBatch;

/** The learned loop embedding of docs/DESIGN.md §5: its invariants, its file form, and older files unchanged. */
class LoopEncodingTest {
    @TempDir Path dir;

    private static ModelConfig learned(int rows) {
        return new ModelConfig(Family.LOOPED, 4, 6, 16, 1, 2, LoopFunc.ADD, LoopEncoding.LEARNED, rows);
    }

    private static final PromptBatch PROMPTS = TransformerModelGradientTest.randomPrompts(3, 5, 4, 5);

    @Test
    void aZeroTableIsThePlainModelAndTheOtherWeightsAreThePlainModelsOfTheSameSeed() {
        TransformerModel plain = TransformerModel.initialize(new ModelConfig(Family.LOOPED, 4, 6, 16, 1, 2, LoopFunc.ADD), 9);
        TransformerModel enc = TransformerModel.initialize(learned(3), 9);
        Parameter table = enc.parameter(TransformerModel.LOOP_EMBEDDING);
        assertNotEquals(0f, table.data[0]);
        for (Parameter p : plain.parameters().all()) assertArrayEquals(p.data, enc.parameter(p.name()).data, p.name());
        assertFalse(Arrays.equals(plain.predict(PROMPTS, 4), enc.predict(PROMPTS, 4)));
        Arrays.fill(table.data, 0f);
        assertArrayEquals(plain.predict(PROMPTS, 4), enc.predict(PROMPTS, 4));
    }

    @Test
    void iterationsPastTheTableUseItsLastRow() {
        TransformerModel short2 = TransformerModel.initialize(learned(2), 4);
        TransformerModel long5 = TransformerModel.initialize(learned(5), 4);
        for (Parameter p : short2.parameters().all()) {
            if (!p.name().equals(TransformerModel.LOOP_EMBEDDING)) System.arraycopy(p.data, 0, long5.parameter(p.name()).data, 0, p.size());
        }
        float[] s = short2.parameter(TransformerModel.LOOP_EMBEDDING).data, l = long5.parameter(TransformerModel.LOOP_EMBEDDING).data;
        for (int row = 0; row < 5; row++) System.arraycopy(s, Math.min(row, 1) * 16, l, row * 16, 16);
        assertArrayEquals(short2.predict(PROMPTS, 5), long5.predict(PROMPTS, 5));
        // Rows the iterations in the window never reach get no gradient: K = 5, T = 2 trains rows of iterations 4, 5 only.
        long5.lossAndGradient(PROMPTS, 5, 2, PredictionLoss.SQUARED_ERROR);
        float[] g = long5.parameter(TransformerModel.LOOP_EMBEDDING).grad;
        for (int i = 0; i < 3 * 16; i++) assertEquals(0f, g[i], "row " + i / 16);
        assertTrue(Math.abs(g[3 * 16]) + Math.abs(g[4 * 16]) > 0);
    }

    @Test
    void theParameterIsSavedLastWithItsMetadataAndLoadsBack() {
        TransformerModel m = TransformerModel.initialize(learned(3), 2);
        Path p = dir.resolve("enc.safetensors");
        ModelFile.save(p, m, Map.of("task", "linear_regression"));
        SafetensorsFile f = SafetensorsFile.read(p);
        assertEquals("learned", f.metadata().get("loop_encoding"));
        assertEquals("3", f.metadata().get("n_loops_max"));
        assertEquals(TransformerModel.LOOP_EMBEDDING, f.tensors().keySet().stream().reduce((a, b) -> b).orElseThrow());
        ModelFile back = ModelFile.load(p);
        assertEquals(m.config(), back.model().config());
        assertArrayEquals(m.predict(PROMPTS, 4), back.model().predict(PROMPTS, 4));
        assertEquals(m.parameters().count(), ModelSize.parameters(m.config()));
        assertEquals(ModelSize.parameters(4, 6, 16, 1, 0) + 3 * 16, ModelSize.parameters(m.config()));
    }

    @Test
    void aFileWithoutEncodingIsWrittenBackByteForByte() throws Exception {
        Path shipped = Path.of("results/runs/linear_regression_looped_T2/model.safetensors");
        ModelFile f = ModelFile.load(shipped);
        assertFalse(f.model().config().encodesLoops());
        Path copy = dir.resolve("copy.safetensors");
        ModelFile.save(copy, f.model(), f.metadata());
        assertArrayEquals(Files.readAllBytes(shipped), Files.readAllBytes(copy));
    }

    @Test
    void badEncodingMetadataIsOneLineNamingTheKey() {
        TransformerModel m = TransformerModel.initialize(learned(3), 2);
        SafetensorsFile f = ModelFile.toSafetensors(m, Map.of());
        f.putMeta("n_loops_max", "x");
        Path p = dir.resolve("bad.safetensors");
        f.write(p);
        String msg = assertThrows(InvalidInputException.class, () -> ModelFile.load(p)).getMessage();
        assertEquals(p + ": metadata 'n_loops_max' is 'x', expected an integer", msg);
        f.putMeta("loop_encoding", "sinusoidal");
        f.write(p);
        msg = assertThrows(InvalidInputException.class, () -> ModelFile.load(p)).getMessage();
        assertEquals(p + ": unknown loop_encoding 'sinusoidal', expected none or learned", msg);
        assertThrows(IllegalArgumentException.class,
                () -> new ModelConfig(Family.STANDARD, 4, 6, 16, 1, 2, LoopFunc.ADD, LoopEncoding.LEARNED, 3));
    }
}
