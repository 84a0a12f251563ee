package org.loopedicl.baseline;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Least squares, ŵ = X⁺y (docs/DESIGN.md §8). With fewer points than dimensions the system is
 * underdetermined and the pseudo-inverse picks the minimum-norm solution, which is what the
 * reference's torch.linalg.lstsq returns and what the transformers are compared against for
 * k < d; the same pseudo-inverse also handles rank-deficient prompts (e.g. zero coordinates
 * under the dimension curriculum). Singular values below ε·max(k, d)·σ_max count as zero, the
 * cut-off of numpy's and LAPACK's lstsq.
 */
final class MinNormLeastSquares extends PerPromptBaseline {
    static final String NAME = "least_squares";

    MinNormLeastSquares() {
        super(NAME, false);
    }

    @Override
    void predictPrefixes(PromptPoints prompt, double[] predictions) {
        int d = prompt.dims();
        LinearSolverDense<DMatrixRMaj> pinv = LinearSolverFactory_DDRM.pseudoInverse(true);
        DMatrixRMaj w = new DMatrixRMaj(d, 1);
        for (int k = 1; k < prompt.points(); k++) {
            DMatrixRMaj x = new DMatrixRMaj(k, d);
            DMatrixRMaj y = new DMatrixRMaj(k, 1);
            for (int i = 0; i < k; i++) {
                System.arraycopy(prompt.x()[i], 0, x.data, i * d, d);
                y.data[i] = prompt.y()[i];
            }
            if (!pinv.setA(x)) throw new ArithmeticException("SVD did not converge for prompt " + prompt.index() + " at k = " + k);
            pinv.solve(y, w);
            predictions[k] = prompt.linearAt(w.data, k);
        }
    }
}
