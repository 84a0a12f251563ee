package org.loopedicl.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.RandomStream;

class XGBoostTreesTest {

    /** y = 2 if x₁ > 0.3 else −1: one split; 50 rounds at rate 0.1 leave about 0.9⁵⁰ of the gap to 0.5. */
    @Test
    void fitsAStepFunction() {
        int batch = 2, n = 60, d = 3;
        RandomStream rng = RandomStream.of(11, "xgboost-test");
        float[] xs = new float[batch * n * d];
        float[] ys = new float[batch * n];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) rng.nextGaussian();
        for (int i = 0; i < ys.length; i++) ys[i] = xs[i * d + 1] > 0.3f ? 2f : -1f;
        PromptBatch prompts = new PromptBatch(xs, ys, batch, n, d);
        float[] predictions = Baselines.named("xgboost", 0).predict(prompts);
        int checked = 0;
        for (int b = 0; b < batch; b++) {
            for (int k = 30; k < n; k++) {
                int i = b * n + k;
                // Queries near the step may fall between the training points that bound it.
                if (Math.abs(xs[i * d + 1] - 0.3f) < 0.3f) continue;
                assertEquals(ys[i], predictions[i], 0.05, "prompt " + b + ", k = " + k);
                checked++;
            }
        }
        assertTrue(checked > 20, "only " + checked + " queries checked");
    }

    @Test
    void signVersionSeesOnlySigns() {
        // On sign(x) a step at 0.3 looks like one at 0: points in (0, 0.3] are mislabelled, so
        // predictions there differ from the raw version's.
        PromptBatch prompts = BaselinesTest.sample("decision_tree", 2, 30, 4, 9);
        float[] raw = Baselines.named("xgboost", 0).predict(prompts);
        float[] sign = Baselines.named("xgboost_sign", 0).predict(prompts);
        float[] scaled = prompts.xs().clone();
        for (int i = 0; i < scaled.length; i++) scaled[i] *= 3;
        float[] signScaled = Baselines.named("xgboost_sign", 0).predict(new PromptBatch(scaled, prompts.ys(), 2, 30, 4));
        org.junit.jupiter.api.Assertions.assertArrayEquals(sign, signScaled, "sign(3x) = sign(x)");
        assertTrue(!java.util.Arrays.equals(raw, sign));
    }
}
