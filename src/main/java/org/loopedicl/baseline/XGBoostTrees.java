package org.loopedicl.baseline;

import java.util.Arrays;
import java.util.Map;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees by XGBoost (through XGBoost4J's bundled native library) with the
 * reference's settings, depth 4, learning rate 0.1, 50 trees (SPEC §8), on x or on sign(x)
 * (names xgboost and xgboost_sign). The remaining settings are pinned to the defaults of XGBoost
 * 1.x, which the reference notebooks ran with (mid-2023, before 2.0): exact greedy splits
 * (1.x's "auto" for small data; 2.x defaults to histograms) and base_score 0.5 (2.x estimates it
 * from the labels); squared error, λ = 1, γ = 0, min_child_weight 1, no subsampling — so a fit
 * is deterministic. Each fit runs on one native thread; the prompts are spread over the project's
 * threads instead.
 */
final class XGBoostTrees extends PerPromptBaseline {
    static final String NAME = "xgboost";
    static final String SIGN_NAME = "xgboost_sign";
    static final int ROUNDS = 50;

    private static final Map<String, Object> PARAMS = Map.of(
            "objective", "reg:squarederror",
            "max_depth", 4,
            "eta", 0.1,
            "tree_method", "exact",
            "base_score", 0.5,
            "nthread", 1,
            "verbosity", 0);

    XGBoostTrees(boolean signOfX) {
        super(signOfX ? SIGN_NAME : NAME, signOfX);
    }

    @Override
    void predictPrefixes(PromptPoints prompt, double[] predictions) {
        int n = prompt.points(), d = prompt.dims();
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i * d + j] = (float) prompt.x()[i][j];
            y[i] = (float) prompt.y()[i];
        }
        try {
            for (int k = 1; k < n; k++) predictions[k] = fitAndPredict(x, y, k, d);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed on prompt " + prompt.index() + ": " + e.getMessage(), e);
        }
    }

    /** Boosts on the first k rows of x and predicts row k. */
    private static double fitAndPredict(float[] x, float[] y, int k, int d) throws XGBoostError {
        DMatrix train = null, query = null;
        Booster booster = null;
        try {
            train = new DMatrix(Arrays.copyOf(x, k * d), k, d, Float.NaN);
            train.setLabel(Arrays.copyOf(y, k));
            booster = XGBoost.train(train, PARAMS, ROUNDS, Map.of(), null, null);
            query = new DMatrix(Arrays.copyOfRange(x, k * d, (k + 1) * d), 1, d, Float.NaN);
            return booster.predict(query)[0][0];
        } finally {
            // The native buffers are not garbage-collected memory: free them now, not at finalisation.
            if (booster != null) booster.dispose();
            if (train != null) train.dispose();
            if (query != null) query.dispose();
        }
    }
}
