package org.loopedicl.peer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import org.loopedicl.task.PromptBatch;

/**
 * One training step as the engine's (forward, windowed backward, Adam β 0.9/0.999, eps 1e-8, no
 * weight decay), with DJL's own Adam: libtorch ops that add eps to √v before the bias correction
 * rather than to √v̂ as torch.optim.Adam does, a difference far below the step's own rounding.
 */
final class TorchStep {
    private final Engine engine;
    private final TorchModel model;
    private final Adam adam;
    private final int loops, window;

    TorchStep(Engine engine, TorchModel model, float lr, int loops, int window) {
        this.engine = engine;
        this.model = model;
        this.adam = Adam.builder().optLearningRateTracker(Tracker.fixed(lr))
                .optBeta1(0.9f).optBeta2(0.999f).optEpsilon(1e-8f).build();
        this.loops = loops;
        this.window = window;
    }

    /** Trains on one batch; returns the loss before the update. */
    float run(PromptBatch p) {
        try (NDManager step = engine.newBaseManager()) {
            NDArray loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                loss = model.loss(model.tokens(p, step), TorchModel.labels(p, step), loops, window);
                collector.backward(loss);
            }
            for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                try (NDArray grad = e.getValue().getGradient()) {
                    adam.update(e.getKey(), e.getValue(), grad);
                }
                JniUtils.zeroGrad((PtNDArray) e.getValue());
            }
            return loss.getFloat();
        }
    }
}
