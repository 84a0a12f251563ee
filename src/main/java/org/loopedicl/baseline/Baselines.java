package org.loopedicl.baseline;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.loopedicl.io.ClosestName;
import org.loopedicl.task.DecisionTree;
import org.loopedicl.task.FunctionClass;
import org.loopedicl.task.LinearClassification;
import org.loopedicl.task.LinearRegression;
import org.loopedicl.task.NoisyLinearRegression;
import org.loopedicl.task.QuadraticRegression;
import org.loopedicl.task.Relu2nnRegression;
import org.loopedicl.task.SparseLinearRegression;

/**
 * The baselines by name (the names results.json uses) and each task's usual set (docs/DESIGN.md §8).
 *
 * <p>Names: least_squares, averaging, knn_&lt;n&gt;, ridge_&lt;α&gt;, lasso_&lt;α&gt;, nn_gd,
 * tree_depth&lt;d&gt;, tree_depth&lt;d&gt;_sign, xgboost, xgboost_sign. α is written in plain decimal
 * without trailing zeros (lasso_1, lasso_0.01, lasso_0.0001); any spelling of the number is
 * accepted and the baseline reports the canonical one.
 *
 * <p>Every baseline predicts a real number. On linear_classification the evaluation scores
 * sign(ŷ), as for the models (docs/DESIGN.md §2), so the baselines there are the same regressors; this is
 * how the reference scores its kNN and averaging baselines on that task.
 */
public final class Baselines {
    /** docs/DESIGN.md §8's Lasso grid, one value per decade; lasso_0.01 is the one the paper plots. */
    static final List<Double> LASSO_ALPHAS = List.of(1.0, 0.1, 0.01, 0.001, 0.0001);

    private static final String KNN_3 = NearestNeighbours.PREFIX + 3;
    private static final List<String> LINEAR = List.of(MinNormLeastSquares.NAME, KNN_3, Averaging.NAME);

    private static final Map<String, List<String>> DEFAULTS = Map.of(
            LinearRegression.NAME, LINEAR,
            // With w ~ N(0, I) and noise N(0, 0.1²), ridge with α = σ² = 0.01 is the posterior mean:
            // the Bayes-optimal predictor, the floor any learner can reach.
            NoisyLinearRegression.NAME, concat(LINEAR, List.of(Ridge.PREFIX + formatAlpha(0.01))),
            SparseLinearRegression.NAME, concat(LINEAR, LASSO_ALPHAS.stream().map(a -> Lasso.PREFIX + formatAlpha(a)).toList()),
            Relu2nnRegression.NAME, concat(LINEAR, List.of(GradientDescentNet.NAME)),
            DecisionTree.NAME, concat(LINEAR, List.of(RegressionTree.PREFIX + 2, RegressionTree.PREFIX + 4 + RegressionTree.SIGN_SUFFIX,
                    XGBoostTrees.NAME, XGBoostTrees.SIGN_NAME)),
            QuadraticRegression.NAME, LINEAR,
            // Garg et al.'s set for classification: least squares is left out there.
            LinearClassification.NAME, List.of(KNN_3, Averaging.NAME));

    private Baselines() {}

    /**
     * The baseline called {@code name}; {@code seed} drives the randomised ones (nn_gd). Unknown
     * names fail with the closest valid one.
     */
    public static Baseline named(String name, long seed) {
        switch (name) {
            case MinNormLeastSquares.NAME: return new MinNormLeastSquares();
            case Averaging.NAME: return new Averaging();
            case GradientDescentNet.NAME: return new GradientDescentNet(seed);
            case XGBoostTrees.NAME: return new XGBoostTrees(false);
            case XGBoostTrees.SIGN_NAME: return new XGBoostTrees(true);
            default: break;
        }
        if (name.startsWith(NearestNeighbours.PREFIX)) return new NearestNeighbours(parseInt(name, NearestNeighbours.PREFIX, name));
        if (name.startsWith(Ridge.PREFIX)) return new Ridge(parseAlpha(name, Ridge.PREFIX));
        if (name.startsWith(Lasso.PREFIX)) return new Lasso(parseAlpha(name, Lasso.PREFIX));
        if (name.startsWith(RegressionTree.PREFIX)) {
            boolean sign = name.endsWith(RegressionTree.SIGN_SUFFIX);
            String depth = sign ? name.substring(0, name.length() - RegressionTree.SIGN_SUFFIX.length()) : name;
            return new RegressionTree(parseInt(depth, RegressionTree.PREFIX, name), sign);
        }
        throw ClosestName.unknown("baseline", name, examples());
    }

    /** The task's usual baselines, in plotting order (docs/DESIGN.md §8; Garg et al.'s and Yang et al.'s sets). */
    public static List<String> defaults(String task) {
        List<String> names = DEFAULTS.get("relu_2nn_regression".equals(task) ? Relu2nnRegression.NAME : task);
        if (names == null) throw ClosestName.unknown("task", task, FunctionClass.names());
        return names;
    }

    /** α as it appears in a name: plain decimal, no trailing zeros (1, 0.01, 0.0001). */
    static String formatAlpha(double alpha) {
        return BigDecimal.valueOf(alpha).stripTrailingZeros().toPlainString();
    }

    /** One name of every kind, for suggestions. */
    private static List<String> examples() {
        List<String> names = new ArrayList<>(List.of(MinNormLeastSquares.NAME, Averaging.NAME, KNN_3,
                Ridge.PREFIX + formatAlpha(0.1), GradientDescentNet.NAME, RegressionTree.PREFIX + 2,
                RegressionTree.PREFIX + 4 + RegressionTree.SIGN_SUFFIX, XGBoostTrees.NAME, XGBoostTrees.SIGN_NAME));
        for (double alpha : LASSO_ALPHAS) names.add(Lasso.PREFIX + formatAlpha(alpha));
        return names;
    }

    private static int parseInt(String text, String prefix, String name) {
        try {
            return Integer.parseInt(text.substring(prefix.length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("baseline '" + name + "': expected an integer after '" + prefix + "'");
        }
    }

    private static double parseAlpha(String name, String prefix) {
        try {
            return Double.parseDouble(name.substring(prefix.length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("baseline '" + name + "': expected a number α after '" + prefix + "'");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
