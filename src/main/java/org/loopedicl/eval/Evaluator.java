package org.loopedicl.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loopedicl.baseline.Baseline;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.QueryPrompts;
import org.loopedicl.task.RandomStream;

/**
 * The evaluation protocol of docs/DESIGN.md §8 on one set of prompts: every model and every baseline
 * predicts every position, each prediction is scored, and each method gets a curve over k with
 * a bootstrap band; looped models also get their error against the loop iteration and adaptive
 * depth.
 *
 * <p>Speed: a model's forward passes are batched (the model takes the prompts in chunks of 64)
 * and spread over the kernel threads; the baselines spread their per-prompt fits over the same
 * threads. Running methods one after another, each on all cores, keeps the work of one method
 * from stalling behind another's and gives the same numbers at any thread count.
 */
public final class Evaluator {
    private final Scorer scorer;
    private final long seed;
    private final int resamples;
    private final List<Double> tolerances;

    /**
     * @param seed       seeds the bootstrap ({@code RandomStream.of(seed, "bootstrap")}), so that the
     *                   same prompts give the same bands
     * @param tolerances the adaptive-depth tolerances to report
     */
    public Evaluator(Scorer scorer, long seed, int resamples, List<Double> tolerances) {
        this.scorer = scorer;
        this.seed = seed;
        this.resamples = resamples;
        this.tolerances = List.copyOf(tolerances);
    }

    public Scorer scorer() {
        return scorer;
    }

    /** Prompts whose every position is a query: the in-distribution case and most OOD samplers. */
    public Evaluation evaluate(PromptBatch prompts, List<EvalModel> models, List<Baseline> baselines) {
        int b = prompts.batch(), n = prompts.points();
        Bootstrap bootstrap = bootstrap(b);
        Map<String, MethodCurve> methods = new LinkedHashMap<>();
        Map<String, ModelLoops> loops = new LinkedHashMap<>();
        for (EvalModel m : models) {
            int k = m.loops();
            float[] change = m.iterates() ? new float[k * b] : null;
            float[] preds = m.model().predict(prompts, k, change);
            methods.put(m.name(), MethodCurve.of(scores(preds, (k - 1) * b * n, prompts.ys(), b, n), n, bootstrap));
            if (m.iterates()) {
                LoopCurve curve = LoopCurve.of(preds, change, k, prompts.ys(), b, n, scorer, bootstrap);
                List<AdaptiveDepth> adaptive = new ArrayList<>();
                for (double tol : tolerances)
                    adaptive.add(AdaptiveDepth.of(tol, preds, change, k, prompts.ys(), b, n, scorer, bootstrap));
                loops.put(m.name(), new ModelLoops(m.trainLoops(), curve, adaptive));
            }
        }
        for (Baseline base : baselines)
            methods.put(base.name(), MethodCurve.of(scores(base.predict(prompts), 0, prompts.ys(), b, n), n, bootstrap));
        return new Evaluation(methods, loops);
    }

    /**
     * Prompts whose query at position k must be asked in a prompt of its own (the query OOD
     * samplers: orthant, orthogonal, overlapping): k = 0 … definedQueries−1, each with one
     * forward pass of the models and one fit of the baselines (the last prefix only, {@link
     * Baseline#predictLast}). No loop curves here.
     */
    public Evaluation evaluate(QueryPrompts queries, List<EvalModel> models, List<Baseline> baselines) {
        int b = queries.batch(), n = queries.definedQueries();
        Bootstrap bootstrap = bootstrap(b);
        List<PromptBatch> perQuery = new ArrayList<>();
        for (int k = 0; k < n; k++) perQuery.add(queries.forQuery(k));
        Map<String, MethodCurve> methods = new LinkedHashMap<>();
        for (EvalModel m : models) {
            double[] s = lastQueryScores(perQuery, batch -> lastPoints(m.model().predict(batch, m.loops()), m.loops() - 1, batch));
            methods.put(m.name(), MethodCurve.of(s, n, bootstrap));
        }
        for (Baseline base : baselines)
            methods.put(base.name(), MethodCurve.of(lastQueryScores(perQuery, base::predictLast), n, bootstrap));
        return new Evaluation(methods, Map.of());
    }

    private Bootstrap bootstrap(int prompts) {
        return Bootstrap.draw(prompts, resamples, RandomStream.of(seed, "bootstrap"));
    }

    /** Scores [batch, points] of the predictions that start at {@code offset} in {@code preds}. */
    private double[] scores(float[] preds, int offset, float[] labels, int batch, int points) {
        double[] s = new double[batch * points];
        for (int i = 0; i < s.length; i++) s[i] = scorer.score(preds[offset + i], labels[i]);
        return s;
    }

    private interface LastPredictor {
        /** Predictions [batch] at the last position of each prompt of the batch. */
        float[] predictLast(PromptBatch batch);
    }

    /** The last position's predictions [batch] in a model's output [iterations, batch, points]. */
    private static float[] lastPoints(float[] preds, int iteration, PromptBatch batch) {
        int points = batch.points(), offset = iteration * batch.batch() * points;
        float[] last = new float[batch.batch()];
        for (int b = 0; b < last.length; b++) last[b] = preds[offset + b * points + points - 1];
        return last;
    }

    /** Scores [batch, k] of the last position of each per-query prompt k. */
    private double[] lastQueryScores(List<PromptBatch> perQuery, LastPredictor predictor) {
        int n = perQuery.size(), batch = perQuery.get(0).batch();
        double[] s = new double[batch * n];
        for (int k = 0; k < n; k++) {
            PromptBatch p = perQuery.get(k);
            float[] last = predictor.predictLast(p);
            int points = p.points();
            for (int b = 0; b < batch; b++) s[b * n + k] = scorer.score(last[b], p.ys()[b * points + points - 1]);
        }
        return s;
    }
}
