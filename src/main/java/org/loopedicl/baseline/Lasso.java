package org.loopedicl.baseline;

import java.util.Arrays;

/**
 * Lasso without intercept, with scikit-learn's objective (1/(2k))‖y − Xw‖² + α‖w‖₁, fitted from
 * w = 0 for every k by the coordinate descent scikit-learn runs: cyclic sweeps over the
 * coordinates, and once the largest coefficient change of a sweep falls below tol·max|w|, a
 * duality-gap check against tol·‖y‖² (tol = 1e-4, scikit-learn's default; at most 100 000 sweeps,
 * the reference's max_iter). The sweeps work on XᵀX and Xᵀy (scikit-learn's precomputed-Gram
 * variant: the same iterates, but a sweep costs O(d²) instead of O(k·d)), which grow by one
 * point per k.
 */
final class Lasso extends PerPromptBaseline {
    static final String PREFIX = "lasso_";
    private static final double TOL = 1e-4;
    private static final int MAX_SWEEPS = 100_000;

    private final double alpha;

    Lasso(double alpha) {
        super(PREFIX + Baselines.formatAlpha(alpha), false);
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("lasso needs a finite alpha > 0, got " + alpha);
        this.alpha = alpha;
    }

    @Override
    void predictPrefixes(PromptPoints prompt, double[] predictions) {
        int d = prompt.dims();
        NormalEquations normal = new NormalEquations(d);
        double[] w = new double[d];
        double[] gramW = new double[d];
        for (int k = 1; k < prompt.points(); k++) {
            normal.add(prompt.x()[k - 1], prompt.y()[k - 1]);
            fit(normal, k, w, gramW);
            predictions[k] = prompt.linearAt(w, k);
        }
    }

    /**
     * Minimises ½‖y − Xw‖² + αk‖w‖₁ (the objective times k) from w = 0, leaving the solution in
     * {@code w}; {@code gramW} is workspace for XᵀXw.
     */
    private void fit(NormalEquations normal, int k, double[] w, double[] gramW) {
        int d = w.length;
        double[] q = normal.gram.data;
        double[] xty = normal.xty.data;
        double l1 = alpha * k;
        double gapTolerance = TOL * normal.yty;
        Arrays.fill(w, 0);
        Arrays.fill(gramW, 0);
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double wMax = 0, changeMax = 0;
            for (int j = 0; j < d; j++) {
                double qjj = q[j * d + j];
                if (qjj == 0) continue; // a coordinate that is 0 on every point stays at 0
                double old = w[j];
                if (old != 0) axpy(-old, q, j * d, gramW);
                double rho = xty[j] - gramW[j];
                w[j] = Math.signum(rho) * Math.max(Math.abs(rho) - l1, 0) / qjj;
                if (w[j] != 0) axpy(w[j], q, j * d, gramW);
                changeMax = Math.max(changeMax, Math.abs(w[j] - old));
                wMax = Math.max(wMax, Math.abs(w[j]));
            }
            boolean settled = wMax == 0 || changeMax / wMax < TOL;
            if ((settled || sweep == MAX_SWEEPS - 1) && dualityGap(normal, w, gramW, l1) < gapTolerance) return;
        }
    }

    /**
     * The gap between ½‖y − Xw‖² + l1‖w‖₁ and the dual objective at the residual scaled into
     * the dual feasible set, all from XᵀX, Xᵀy and yᵀy (scikit-learn's formula).
     */
    private static double dualityGap(NormalEquations normal, double[] w, double[] gramW, double l1) {
        double[] xty = normal.xty.data;
        double yty = normal.yty;
        double wXty = 0, wGramW = 0, l1Norm = 0, dualNorm = 0;
        for (int j = 0; j < w.length; j++) {
            wXty += w[j] * xty[j];
            wGramW += w[j] * gramW[j];
            l1Norm += Math.abs(w[j]);
            dualNorm = Math.max(dualNorm, Math.abs(xty[j] - gramW[j])); // ‖Xᵀ(y − Xw)‖∞
        }
        double residual2 = yty + wGramW - 2 * wXty;
        double scale = 1, gap = residual2;
        if (dualNorm > l1) {
            scale = l1 / dualNorm;
            gap = 0.5 * (residual2 + residual2 * scale * scale);
        }
        return gap + l1 * l1Norm - scale * yty + scale * wXty;
    }

    private static void axpy(double a, double[] q, int row, double[] target) {
        for (int i = 0; i < target.length; i++) target[i] += a * q[row + i];
    }
}
