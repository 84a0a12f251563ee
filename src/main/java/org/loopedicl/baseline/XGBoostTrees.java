package org.loopedicl.baseline;

/**
 * Gradient-boosted trees as XGBoost fits them with the reference's settings, depth 4, learning rate
 * 0.1, 50 trees (docs/DESIGN.md §8), on x or on sign(x) (names xgboost and xgboost_sign). The remaining
 * settings are pinned to the defaults of XGBoost 1.x, which the reference notebooks ran with
 * (mid-2023, before 2.0): exact greedy splits (1.x's "auto" for small data; 2.x defaults to
 * histograms) and base_score 0.5 (2.x estimates it from the labels); squared error, λ = 1, γ = 0,
 * min_child_weight 1, no subsampling — so a fit is deterministic. The boosting itself is
 * {@link ExactGreedyBoosting}, which gives XGBoost's predictions for these settings.
 */
final class XGBoostTrees extends PerPromptBaseline {
    static final String NAME = "xgboost";
    static final String SIGN_NAME = "xgboost_sign";

    /** One workspace per thread, reused across prompts (grown when a prompt outgrows it). */
    private static final ThreadLocal<ExactGreedyBoosting> WORKSPACE = new ThreadLocal<>();

    XGBoostTrees(boolean signOfX) {
        super(signOfX ? SIGN_NAME : NAME, signOfX);
    }

    @Override
    void predictPrefixes(PromptPoints prompt, double[] predictions) {
        ExactGreedyBoosting boosting = workspace(prompt);
        for (int k = 1; k < prompt.points(); k++) {
            boosting.extendPrefix();
            predictions[k] = boosting.fitAndPredictNext();
        }
    }

    @Override
    double predictLast(PromptPoints prompt) {
        int n = prompt.points();
        if (n == 1) return 0;
        ExactGreedyBoosting boosting = workspace(prompt);
        for (int k = 1; k < n; k++) boosting.extendPrefix();
        return boosting.fitAndPredictNext();
    }

    private static ExactGreedyBoosting workspace(PromptPoints prompt) {
        ExactGreedyBoosting boosting = WORKSPACE.get();
        if (boosting == null || !boosting.fits(prompt.points(), prompt.dims())) {
            boosting = new ExactGreedyBoosting(prompt.points(), prompt.dims());
            WORKSPACE.set(boosting);
        }
        boosting.load(prompt);
        return boosting;
    }
}
