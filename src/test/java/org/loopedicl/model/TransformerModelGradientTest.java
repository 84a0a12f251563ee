package org.loopedicl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loopedicl.nn.Parameter;
import org.loopedicl.task.PromptBatch;

/**
 * The whole model's analytic gradient against central finite differences, for every family.
 * Only K ≤ T: with K > T the first iterations are constants by definition of the truncated
 * loss, which a finite difference of the full forward cannot see (the PyTorch fixtures cover it).
 */
class TransformerModelGradientTest {

    static PromptBatch randomPrompts(int batch, int points, int dims, long seed) {
        Random r = new Random(seed);
        float[] xs = new float[batch * points * dims], ys = new float[batch * points];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) r.nextGaussian();
        for (int i = 0; i < ys.length; i++) ys[i] = (float) r.nextGaussian();
        return new PromptBatch(xs, ys, batch, points, dims);
    }

    @ParameterizedTest(name = "{0} {1} layers={2} K={3} T={4} loop rows={5}")
    @CsvSource({
        "standard, add, 2, 1, 1, 0",
        "looped, add, 1, 3, 5, 0",
        "looped, add, 2, 2, 2, 0",
        "looped, mul, 1, 3, 3, 0",
        "tied, add, 1, 3, 1, 0",
        "looped, add, 1, 4, 4, 2",
        "looped, mul, 1, 3, 3, 3",
    })
    void gradientMatchesFiniteDifferences(String family, String loopFunc, int layers, int loops, int window, int loopRows) {
        ModelConfig cfg = new ModelConfig(Family.parse(family), 5, 6, 12, layers, 3, LoopFunc.parse(loopFunc),
                loopRows > 0 ? LoopEncoding.LEARNED : LoopEncoding.NONE, loopRows);
        TransformerModel m = TransformerModel.initialize(cfg, 7);
        // Larger weights than the default init make every path contribute visibly.
        Random r = new Random(3);
        for (Parameter p : m.parameters().all())
            for (int i = 0; i < p.data.length; i++) p.data[i] += (float) (0.1 * r.nextGaussian());
        PromptBatch prompts = randomPrompts(2, 5, 4, 11);
        m.lossAndGradient(prompts, loops, window, PredictionLoss.SQUARED_ERROR);
        int checked = 0;
        for (Parameter p : m.parameters().all()) {
            float[] analytic = p.grad.clone();
            for (int probe = 0; probe < 3; probe++) {
                int i = r.nextInt(p.size());
                if (p.name().endsWith("wpe.weight")) i = r.nextInt(2 * prompts.points() * cfg.nEmbd()); // rows in use
                float orig = p.data[i];
                float h = 2e-3f;
                p.data[i] = orig + h;
                double up = m.lossAndGradient(prompts, loops, window, PredictionLoss.SQUARED_ERROR);
                p.data[i] = orig - h;
                double down = m.lossAndGradient(prompts, loops, window, PredictionLoss.SQUARED_ERROR);
                p.data[i] = orig;
                double numeric = (up - down) / (2 * h);
                double tol = 2e-2 * Math.max(Math.abs(numeric), Math.abs(analytic[i])) + 2e-3;
                assertEquals(numeric, analytic[i], tol, p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 40);
    }
}
