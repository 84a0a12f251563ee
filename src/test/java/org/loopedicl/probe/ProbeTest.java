package org.loopedicl.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.task.FunctionClass;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.PromptSampler;
import org.loopedicl.task.RandomStream;

/** Probes on cases whose answer is known by construction. */
class ProbeTest {

    /** States s ~ N(0, I); targets A·s + c plus {@code noise}·N(0, 1), or pure noise when {@code linear} is false. */
    private static double error(boolean linear, double noise) {
        Random r = new Random(1);
        int width = 6, outputs = 3, rows = 400;
        double[][] a = new double[outputs][width];
        for (double[] row : a) for (int j = 0; j < width; j++) row[j] = r.nextGaussian();
        RidgeProbe probe = new RidgeProbe(width, outputs);
        for (boolean training : new boolean[] {true, false}) {
            DMatrixRMaj x = new DMatrixRMaj(rows, width + 1), y = new DMatrixRMaj(rows, outputs);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < width; j++) x.set(i, j, r.nextGaussian());
                x.set(i, width, 1);
                for (int o = 0; o < outputs; o++) {
                    double v = 2.5 + noise * r.nextGaussian();
                    if (linear) for (int j = 0; j < width; j++) v += a[o][j] * x.get(i, j);
                    y.set(i, o, v);
                }
            }
            probe.add(training, x, y);
        }
        return probe.heldOutError(1e-9);
    }

    @Test
    void aTargetLinearInTheStateIsRecoveredAndAnIndependentOneIsNot() {
        assertEquals(0, error(true, 0), 1e-9);
        // Noise of variance 1 against a signal of variance 6: the error is the noise's share, 1/7.
        assertEquals(1.0 / 7, error(true, 1), 0.03);
        // Independent of the state: no better than the training mean (slightly worse, from fitting noise).
        double independent = error(false, 1);
        assertTrue(independent > 0.97 && independent < 1.1, "error " + independent);
    }

    @Test
    void theModelsOwnPredictionIsReadFromItsLastLoopStateAndNotFromRandomTargets() {
        ModelConfig cfg = new ModelConfig(Family.LOOPED, 4, 8, 16, 1, 2, LoopFunc.ADD);
        TransformerModel model = TransformerModel.initialize(cfg, 3);
        int prompts = 300, n = 6, loops = 3;
        PromptBatch batch = new PromptSampler(FunctionClass.create("linear_regression", java.util.Map.of()), 4)
                .sample(prompts, n, 4, RandomStream.of(0, "test"));
        // read_out(z_K) at the last x token is linear in z_K, the state probed at depth K.
        float[] pred = model.predict(batch, loops);
        double[][] own = new double[prompts][], noise = new double[prompts][];
        Random r = new Random(5);
        for (int b = 0; b < prompts; b++) {
            own[b] = new double[] {pred[((loops - 1) * prompts + b) * n + n - 1]};
            noise[b] = new double[] {r.nextGaussian()};
        }
        double[] e = Probe.errors(model, batch, loops, own, 200, 1e-9);
        assertEquals(loops, e.length);
        assertEquals(0, e[loops - 1], 1e-6);
        for (double v : Probe.errors(model, batch, loops, noise, 200, 1e-3)) assertTrue(v > 0.9, "error " + v);
    }

    @Test
    void targetsAreTheLeastSquaresQuantitiesOfTheExamplesBeforeTheLastX() {
        // Two points in d = 1: one example (x = 2, y = 6) and the query x = 5.
        PromptBatch p = new PromptBatch(new float[] {2, 5}, new float[] {6, 100}, 1, 2, 1);
        assertEquals(12, ProbeTarget.XTY.of(p)[0][0], 1e-12);
        assertEquals(3, ProbeTarget.W_OLS.of(p)[0][0], 1e-12);
        assertEquals(15, ProbeTarget.OLS_PREDICTION.of(p)[0][0], 1e-12);
    }
}
