package org.loopedicl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loopedicl.baseline.Baseline;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.task.FunctionClass;
import org.loopedicl.task.Metric;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.PromptSampler;
import org.loopedicl.task.RandomStream;

class EvaluatorTest {
    static final int D = 4, POINTS = 9;

    static TransformerModel tiny(Family family, long seed) {
        return TransformerModel.initialize(new ModelConfig(family, D, 10, 16, 1, 2, LoopFunc.ADD), seed);
    }

    /** A model whose read-out is zero predicts 0 everywhere. */
    static TransformerModel predictsZero(Family family) {
        TransformerModel m = tiny(family, 1);
        Arrays.fill(m.parameter("_read_out.weight").data, 0f);
        Arrays.fill(m.parameter("_read_out.bias").data, 0f);
        return m;
    }

    /** Test double: predicts f(x_k) exactly by reading the label (a perfect learner). */
    static final Baseline ORACLE = new Baseline() {
        public String name() {
            return "oracle";
        }

        public float[] predict(PromptBatch p) {
            return p.ys().clone();
        }
    };

    static PromptBatch linearPrompts(int batch) {
        return new PromptSampler(FunctionClass.create("linear_regression", Map.of()), D)
                .sample(batch, POINTS, D, RandomStream.of(0, "eval"));
    }

    static Evaluator evaluator() {
        return new Evaluator(new Scorer(Metric.SQUARED_ERROR, D), 0, 1000, List.of(1e9, 0.0));
    }

    @Test
    void aModelThatPredictsZeroScoresAboutOneAndAPerfectOneZero() {
        Evaluation e = evaluator().evaluate(linearPrompts(1280), List.of(new EvalModel("zero", predictsZero(Family.STANDARD), 1, 0)),
                List.of(ORACLE));
        MethodCurve zero = e.methods().get("zero");
        assertEquals(POINTS, zero.k().length);
        for (int k = 0; k < POINTS; k++) {
            assertEquals(1, zero.mean()[k], 0.15, "k = " + k);
            assertTrue(zero.low()[k] <= zero.mean()[k] && zero.mean()[k] <= zero.high()[k]);
        }
        double overall = Arrays.stream(zero.mean()).average().orElseThrow();
        assertEquals(1, overall, 0.05);
        assertArrayEquals(new double[POINTS], e.methods().get("oracle").mean());
        assertTrue(e.loops().isEmpty(), "a standard model has no loop curve");
    }

    @Test
    void loopCurveEndsAtTheReportedCurveAndAdaptiveDepthBracketsTheLoops() {
        int loops = 6;
        Evaluation e = evaluator().evaluate(linearPrompts(96), List.of(new EvalModel("looped", tiny(Family.LOOPED, 2), loops, 3)), List.of());
        MethodCurve c = e.methods().get("looped");
        ModelLoops l = e.loops().get("looped");
        assertEquals(3, l.trainLoops());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, l.curve().iteration());
        assertEquals(c.mean()[POINTS - 1], l.curve().mean()[loops - 1], 1e-12, "last query after K loops");
        assertEquals(Arrays.stream(c.mean()).average().orElseThrow(), l.curve().meanOverPositions()[loops - 1], 1e-9);
        AdaptiveDepth stopAtOnce = l.adaptive().get(0), never = l.adaptive().get(1);
        // Iteration 1 has no earlier state to compare with, so the earliest stop is iteration 2.
        assertEquals(2, stopAtOnce.minLoops());
        assertEquals(2, stopAtOnce.maxLoops());
        assertEquals(l.curve().mean()[1], stopAtOnce.mean(), 1e-12);
        assertEquals(loops, never.minLoops());
        assertEquals(never.fixedMean(), never.mean(), 1e-12);
        assertEquals(c.mean()[POINTS - 1], never.fixedMean(), 1e-9);
    }

    @Test
    void theLoopCurvesStateChangeIsTheMeanOverPromptsOfEachIterationsChange() {
        int loops = 5, batch = 96;
        PromptBatch p = linearPrompts(batch);
        TransformerModel m = tiny(Family.LOOPED, 2);
        float[] change = new float[loops * batch];
        m.predict(p, loops, change);
        LoopCurve c = evaluator().evaluate(p, List.of(new EvalModel("looped", m, loops, 3)), List.of()).loops().get("looped").curve();
        assertEquals(loops - 1, c.stateChange().length, "iterations 2 … K");
        for (int t = 1; t < loops; t++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) sum += change[t * batch + b];
            assertEquals(sum / batch, c.stateChange()[t - 1], 1e-9, "iteration " + (t + 1));
            assertTrue(c.stateChange()[t - 1] > 0);
        }
    }

    @Test
    void stateChangeLeavesPredictionsAloneAndIsFiniteAfterTheFirstIteration() {
        TransformerModel m = tiny(Family.LOOPED, 3);
        PromptBatch p = linearPrompts(70); // more than one chunk of 64
        float[] change = new float[5 * 70];
        assertArrayEquals(m.predict(p, 5), m.predict(p, 5, change));
        for (int b = 0; b < 70; b++) {
            assertEquals(Float.POSITIVE_INFINITY, change[b]);
            for (int t = 1; t < 5; t++) assertTrue(change[t * 70 + b] > 0 && Float.isFinite(change[t * 70 + b]), "t=" + t + " b=" + b);
        }
    }

    @Test
    void accuracyCountsSignAgreement() {
        Scorer s = new Scorer(Metric.ACCURACY, 1);
        assertEquals(1, s.score(0.3f, 1f));
        assertEquals(0, s.score(-0.3f, 1f));
        assertEquals(0, s.score(0f, -1f), "predicting 0 is never right");
        assertEquals(4.0 / 8, new Scorer(Metric.SQUARED_ERROR, 8).score(1f, 3f));
    }

    @Test
    void queryPromptsAreScoredPerPosition() {
        FunctionClass lr = FunctionClass.create("linear_regression", Map.of());
        OodSuite suite = new OodSuite(lr, D, D, 64, POINTS, 0);
        Evaluation e = suite.run("orthogonal_query", evaluator(), List.of(new EvalModel("zero", predictsZero(Family.STANDARD), 1, 0)),
                List.of(ORACLE));
        // Orthogonal queries exist only while the earlier points leave a direction free: k < d.
        assertEquals(D, e.methods().get("zero").k().length);
        assertArrayEquals(new double[D], e.methods().get("oracle").mean());
    }
}
