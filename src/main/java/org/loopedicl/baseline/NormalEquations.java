package org.loopedicl.baseline;

import org.ejml.data.DMatrixRMaj;

/**
 * XᵀX, Xᵀy and yᵀy of the points seen so far: everything a squared-error linear fit needs, kept
 * up to date one point at a time so that refitting on k + 1 points costs O(d²), not O(k·d²).
 */
final class NormalEquations {
    final DMatrixRMaj gram;
    final DMatrixRMaj xty;
    double yty;

    NormalEquations(int dims) {
        gram = new DMatrixRMaj(dims, dims);
        xty = new DMatrixRMaj(dims, 1);
    }

    void add(double[] x, double y) {
        int d = x.length;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) gram.data[i * d + j] += x[i] * x[j];
            xty.data[i] += x[i] * y;
        }
        yty += y * y;
    }
}
