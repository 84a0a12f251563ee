package org.loopedicl.probe;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A linear probe with intercept from one depth's states to a target, fitted by ridge on a training
 * split and scored on a held-out split (docs/DESIGN.md §8). Only sufficient statistics are kept —
 * [s 1]ᵀ[s 1], [s 1]ᵀy and Σ‖y‖² of each split — so the states stream through and the memory is
 * O((width + 1)²) whatever the number of prompts.
 */
public final class RidgeProbe {
    private final int features, outputs;
    private final Split train, heldOut;

    /** Statistics of one split; the last feature is the constant 1. */
    private static final class Split {
        final DMatrixRMaj gram, cross;
        double yy;
        long count;

        Split(int p, int m) {
            gram = new DMatrixRMaj(p, p);
            cross = new DMatrixRMaj(p, m);
        }
    }

    public RidgeProbe(int width, int outputs) {
        this.features = width + 1;
        this.outputs = outputs;
        train = new Split(features, outputs);
        heldOut = new Split(features, outputs);
    }

    /** Adds rows to a split: {@code states} [rows, width + 1], each ending in 1, and their targets [rows, outputs]. */
    public void add(boolean training, DMatrixRMaj states, DMatrixRMaj targets) {
        Split s = training ? train : heldOut;
        CommonOps_DDRM.multAddTransA(states, states, s.gram);
        CommonOps_DDRM.multAddTransA(states, targets, s.cross);
        for (double v : targets.data) s.yy += v * v;
        s.count += states.numRows;
    }

    /** Columns of the rows {@link #add} takes: the state's width, then the constant 1. */
    public int features() {
        return features;
    }

    /**
     * The held-out error of the ridge fit, Σ‖y − ŷ‖² / Σ‖y − ȳ‖² with ȳ the training mean: about
     * 0 when the target is a linear function of the state, about 1 when it is independent of it.
     * The ridge penalty, α times the mean diagonal of the training Gram, leaves the intercept free.
     */
    public double heldOutError(double alpha) {
        if (train.count < 1 || heldOut.count < 1) throw new IllegalStateException("both splits need rows");
        int p = features, m = outputs;
        DMatrixRMaj a = train.gram.copy();
        double diag = 0;
        for (int i = 0; i < p - 1; i++) diag += a.get(i, i);
        double ridge = alpha * diag / Math.max(1, p - 1);
        for (int i = 0; i < p - 1; i++) a.add(i, i, ridge);
        DMatrixRMaj w = new DMatrixRMaj(p, m);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(p);
        if (!solver.setA(a.copy())) {
            solver = LinearSolverFactory_DDRM.pseudoInverse(true);
            if (!solver.setA(a)) throw new ArithmeticException("the probe's normal equations could not be solved");
        }
        solver.solve(train.cross, w);
        // Σ‖y − Xw‖² = Σ‖y‖² − 2·tr(wᵀXᵀy) + tr(wᵀXᵀXw) over the held-out rows.
        DMatrixRMaj gw = new DMatrixRMaj(p, m);
        CommonOps_DDRM.mult(heldOut.gram, w, gw);
        double residual = heldOut.yy - 2 * dot(w, heldOut.cross) + dot(w, gw);
        // Σ‖y − ȳ‖² = Σ‖y‖² − 2·ȳᵀΣy + n·‖ȳ‖²; the 1 column's row of Xᵀy is Σy.
        double spread = heldOut.yy;
        for (int j = 0; j < m; j++) {
            double mean = train.cross.get(p - 1, j) / train.count, sum = heldOut.cross.get(p - 1, j);
            spread += -2 * mean * sum + heldOut.count * mean * mean;
        }
        return Math.max(0, residual) / spread;
    }

    private static double dot(DMatrixRMaj a, DMatrixRMaj b) {
        double s = 0;
        for (int i = 0; i < a.getNumElements(); i++) s += a.data[i] * b.data[i];
        return s;
    }
}
