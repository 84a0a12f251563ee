package org.loopedicl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.loopedicl.io.NamedArray;
import org.loopedicl.io.SafetensorsFile;
import org.loopedicl.nn.Parameter;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.train.Adam;

/**
 * Predictions, loss, every gradient and three Adam steps against an independent PyTorch
 * implementation (tools/make_fixtures.py; src/test/resources/fixtures/README.md).
 */
class PyTorchGoldenTest {

    static Stream<String> cases() {
        return Stream.of("standard_2l", "looped_add_k_gt_t", "looped_add_k_le_t", "looped_mul_k_gt_t",
                "looped_mul_k_le_t", "tied",
                "looped_add_loop_emb", "looped_mul_loop_emb");
    }

    record Loaded(TransformerModel model, PromptBatch prompts, int loops, int window) {}

    static Loaded load(SafetensorsFile f) {
        NamedArray xs = f.tensor("xs"), ys = f.tensor("ys");
        PromptBatch prompts = new PromptBatch(xs.data(), ys.data(), xs.shape()[0], xs.shape()[1], xs.shape()[2]);
        return new Loaded(PyTorchGoldenTestSupport.model(f), prompts, f.metaInt("loops"), f.metaInt("window"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void predictionsMatchPyTorch(String name) {
        SafetensorsFile f = PyTorchGoldenTestSupport.fixture(name);
        Loaded l = load(f);
        float[] want = f.tensor("pred").data();
        float[] got = l.model().predict(l.prompts(), l.loops());
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++)
            assertEquals(want[i], got[i], 2e-5 + 2e-5 * Math.abs(want[i]), name + " pred[" + i + "]");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void lossAndGradientsMatchPyTorch(String name) {
        SafetensorsFile f = PyTorchGoldenTestSupport.fixture(name);
        Loaded l = load(f);
        double loss = l.model().lossAndGradient(l.prompts(), l.loops(), l.window(), PredictionLoss.SQUARED_ERROR);
        double wantLoss = f.tensor("loss").data()[0];
        assertEquals(wantLoss, loss, 1e-5 * Math.abs(wantLoss), name + " loss");
        float maxGrad = maxAbsGrad(f, l.model());
        for (Parameter p : l.model().parameters().all()) {
            float[] want = f.tensor("grad." + p.name()).data();
            for (int i = 0; i < want.length; i++)
                assertEquals(want[i], p.grad[i], 2e-5 * maxGrad, name + " grad " + p.name() + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void threeAdamStepsMatchPyTorch(String name) {
        SafetensorsFile f = PyTorchGoldenTestSupport.fixture(name);
        Loaded l = load(f);
        float lr = Float.parseFloat(f.meta("lr"));
        Adam adam = Adam.paper(l.model().parameters());
        float maxGrad = maxAbsGrad(f, l.model());
        int compared = 0;
        for (int step = 1; step <= 3; step++) {
            l.model().lossAndGradient(l.prompts(), l.loops(), l.window(), PredictionLoss.SQUARED_ERROR);
            adam.step(lr);
            for (Parameter p : l.model().parameters().all()) {
                float[] want = f.tensor("adam" + step + "." + p.name()).data();
                float[] g = f.tensor("grad." + p.name()).data();
                for (int i = 0; i < want.length; i++) {
                    // Entries whose gradient is rounding noise move in a noise-chosen direction (fixture README).
                    if (Math.abs(g[i]) < 1e-5f * maxGrad) continue;
                    assertEquals(want[i], p.data[i], 2e-5, name + " adam" + step + " " + p.name() + "[" + i + "]");
                    compared++;
                }
            }
        }
        assertTrue(compared > 1000, "compared only " + compared + " entries");
    }

    private static float maxAbsGrad(SafetensorsFile f, TransformerModel m) {
        float max = 0;
        for (Parameter p : m.parameters().all())
            for (float v : f.tensor("grad." + p.name()).data()) max = Math.max(max, Math.abs(v));
        return max;
    }
}
