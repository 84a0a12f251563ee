package org.loopedicl.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.PredictionLoss;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.nn.Parameter;
import org.loopedicl.task.LinearRegression;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.PromptSampler;
import org.loopedicl.task.RandomStream;

/** The peer's loss and every parameter gradient equal the core's on the same weights and prompts. */
class TorchModelTest {
    private static Engine engine;

    @BeforeAll
    static void load() {
        engine = Libtorch.load(1);
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(new ModelConfig(Family.STANDARD, 3, 6, 16, 2, 2, LoopFunc.ADD), 1, 1),
                // K > T: the first two iterations run without gradient
                Arguments.of(new ModelConfig(Family.LOOPED, 3, 6, 16, 1, 2, LoopFunc.ADD), 5, 3),
                Arguments.of(new ModelConfig(Family.LOOPED, 3, 6, 16, 1, 2, LoopFunc.MUL), 4, 2),
                Arguments.of(new ModelConfig(Family.TIED, 3, 6, 16, 1, 2, LoopFunc.ADD), 3, 2));
    }

    /**
     * A model whose weights are far from their initialisation, so that every part of the step
     * (GELU's tanh form, the mask, LayerNorm's eps, the injection) matters: the erf GELU, for one, misses the
     * tolerance twentyfold, while the two engines agree to about 1e-7 on the loss and 1e-6 on the gradients.
     */
    static TransformerModel scrambled(ModelConfig cfg, long seed) {
        TransformerModel m = TransformerModel.initialize(cfg, seed);
        Random r = new Random(seed);
        for (Parameter p : m.parameters().all())
            for (int i = 0; i < p.size(); i++) p.data[i] = (float) (0.5 * r.nextGaussian());
        return m;
    }

    static PromptBatch prompts(ModelConfig cfg, int batch, long seed) {
        return new PromptSampler(new LinearRegression(1), cfg.nDims()).sample(batch, cfg.nPositions(), cfg.nDims(), RandomStream.of(seed, "peer-test"));
    }

    @ParameterizedTest(name = "{0} K={1} T={2}")
    @MethodSource("models")
    void lossAndGradientsEqualTheCore(ModelConfig cfg, int loops, int window) {
        TransformerModel core = scrambled(cfg, 3);
        PromptBatch p = prompts(cfg, 4, 5);
        try (NDManager m = engine.newBaseManager(); TorchModel peer = new TorchModel(core, m)) {
            double expected = core.lossAndGradient(p, loops, window, PredictionLoss.SQUARED_ERROR);
            float loss;
            try (GradientCollector c = engine.newGradientCollector()) {
                NDArray l = peer.loss(peer.tokens(p, m), TorchModel.labels(p, m), loops, window);
                c.backward(l);
                loss = l.getFloat();
            }
            assertEquals(expected, loss, 1e-6 * expected, "loss");
            for (Parameter par : core.parameters().all()) {
                float[] g = peer.parameters().get(par.name()).getGradient().toFloatArray();
                double scale = 0, worst = 0;
                for (int i = 0; i < g.length; i++) {
                    scale = Math.max(scale, Math.abs(par.grad[i]));
                    worst = Math.max(worst, Math.abs(g[i] - par.grad[i]));
                }
                assertTrue(scale > 0, par.name() + ": the core's gradient is zero, the comparison would prove nothing");
                assertTrue(worst <= 1e-5 * scale, par.name() + ": gradients differ by " + worst + " at scale " + scale);
            }
        }
    }
}
