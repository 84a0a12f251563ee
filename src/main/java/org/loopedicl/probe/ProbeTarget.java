package org.loopedicl.probe;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.loopedicl.task.PromptBatch;

/**
 * What a probe reads from the hidden state at a prompt's last x token (docs/DESIGN.md §8): a
 * quantity of the least-squares solution on the n − 1 in-context examples before that token.
 */
public enum ProbeTarget {
    /** Xᵀy, d values. */
    XTY("xty"),
    /** ŵ = X⁺y, the minimum-norm least-squares weights (the least_squares baseline's), d values. */
    W_OLS("w_ols"),
    /** ŵᵀx_query, the least-squares prediction at the last x: one value. */
    OLS_PREDICTION("ols_prediction");

    private final String key;

    ProbeTarget(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static ProbeTarget parse(String s) {
        for (ProbeTarget t : values()) if (t.key.equals(s)) return t;
        throw new IllegalArgumentException("unknown probe target '" + s + "', expected xty, w_ols or ols_prediction");
    }

    /** Values per prompt at dimension d. */
    public int width(int dims) {
        return this == OLS_PREDICTION ? 1 : dims;
    }

    /** The target of every prompt, [batch][width]. */
    public double[][] of(PromptBatch p) {
        int n = p.points(), d = p.dims(), k = n - 1;
        if (k < 1) throw new IllegalArgumentException("probing needs prompts of at least 2 points, got " + n);
        double[][] out = new double[p.batch()][];
        LinearSolverDense<DMatrixRMaj> pinv = LinearSolverFactory_DDRM.pseudoInverse(true);
        DMatrixRMaj x = new DMatrixRMaj(k, d), y = new DMatrixRMaj(k, 1), w = new DMatrixRMaj(d, 1);
        for (int b = 0; b < p.batch(); b++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < d; j++) x.data[i * d + j] = p.xs()[(b * n + i) * d + j];
                y.data[i] = p.ys()[b * n + i];
            }
            if (this == XTY) {
                double[] v = new double[d];
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < d; j++) v[j] += x.data[i * d + j] * y.data[i];
                out[b] = v;
                continue;
            }
            if (!pinv.setA(x)) throw new ArithmeticException("SVD did not converge for prompt " + b);
            pinv.solve(y, w);
            if (this == W_OLS) {
                out[b] = w.data.clone();
            } else {
                double s = 0;
                for (int j = 0; j < d; j++) s += w.data[j] * p.xs()[(b * n + k) * d + j];
                out[b] = new double[] {s};
            }
        }
        return out;
    }
}
