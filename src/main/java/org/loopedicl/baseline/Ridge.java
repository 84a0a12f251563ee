package org.loopedicl.baseline;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Ridge regression without intercept, scikit-learn's objective ‖y − Xw‖² + α‖w‖² (the sum, not
 * the mean, of squared residuals), solved from the normal equations (XᵀX + αI)w = Xᵀy by
 * Cholesky. XᵀX and Xᵀy grow by one point per k, so each refit costs one d×d factorisation.
 */
final class Ridge extends PerPromptBaseline {
    static final String PREFIX = "ridge_";

    private final double alpha;

    Ridge(double alpha) {
        super(PREFIX + Baselines.formatAlpha(alpha), false);
        // α > 0 keeps XᵀX + αI positive definite for every k; α = 0 is least_squares.
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("ridge needs a finite alpha > 0, got " + alpha);
        this.alpha = alpha;
    }

    @Override
    void predictPrefixes(PromptPoints prompt, double[] predictions) {
        int d = prompt.dims();
        NormalEquations normal = new NormalEquations(d);
        DMatrixRMaj system = new DMatrixRMaj(d, d);
        DMatrixRMaj w = new DMatrixRMaj(d, 1);
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.symmPosDef(d);
        for (int k = 1; k < prompt.points(); k++) {
            normal.add(prompt.x()[k - 1], prompt.y()[k - 1]);
            system.setTo(normal.gram);
            for (int j = 0; j < d; j++) system.add(j, j, alpha);
            if (!cholesky.setA(system)) throw new ArithmeticException("XᵀX + αI is not positive definite for prompt " + prompt.index() + " at k = " + k);
            cholesky.solve(normal.xty, w);
            predictions[k] = prompt.linearAt(w.data, k);
        }
    }
}
