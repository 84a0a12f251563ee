package org.loopedicl.peer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.loopedicl.bench.StepBench;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.task.PromptBatch;

/** The timed step trains: on one batch of the `small` preset the loss falls within a few dozen steps. */
class TorchStepTest {
    @Test
    void lossFallsOnSmall() {
        Engine engine = Libtorch.load(1);
        StepBench.Shape s = StepBench.PRESETS.get("small");
        PromptBatch p = TorchModelTest.prompts(s.config(), s.batch(), 9);
        float first, last = Float.NaN;
        try (NDManager m = engine.newBaseManager(); TorchModel model = new TorchModel(TransformerModel.initialize(s.config(), 0), m)) {
            TorchStep step = new TorchStep(engine, model, 1e-3f, s.loops(), s.window());
            first = step.run(p);
            for (int i = 0; i < 30; i++) last = step.run(p);
        }
        // One thread keeps libtorch's sums in one order, so the run is the same every time (5.29 to 4.57).
        assertTrue(Float.isFinite(first) && last < 0.9f * first, "loss went from " + first + " to " + last);
    }
}
