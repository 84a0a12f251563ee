package org.loopedicl.task;

/**
 * x = A z with z ~ N(0, I_{n_dims}) and a fixed symmetric A (so Cov x = A²), drawn once per
 * sampler as in Garg et al.'s {@code sample_transformation}; coordinates ≥ dActive are zeroed
 * after the map, as the reference truncates after scaling. Queries are the points.
 *
 * @param matrix A, [nDims, nDims] row-major
 */
public record LinearMapSampler(String name, int nDims, double[] matrix) implements XSampler {
    public LinearMapSampler {
        if (matrix.length != nDims * nDims)
            throw new IllegalArgumentException("A must be " + nDims + "×" + nDims + ", has " + matrix.length + " entries");
    }

    /**
     * Skewed covariance: A = c·U diag(1, 1/2, …, 1/d) Uᵀ with U Haar-random orthogonal and
     * c = √(d / Σ 1/i²), so Cov x has eigenvalues ∝ 1/i² and trace d (E|x|² as for N(0, I)).
     */
    public static LinearMapSampler skewed(int nDims, RandomStream rng) {
        double[] root = new double[nDims];
        for (int i = 0; i < nDims; i++) root[i] = 1.0 / (i + 1);
        return new LinearMapSampler("skewed", nDims, normalizedTransform(root, rng));
    }

    /**
     * Inputs in a random ⌊d/2⌋-dimensional subspace: A = c·P with P the orthogonal projector on
     * it and c = √(d / ⌊d/2⌋), again keeping trace(Cov x) = d.
     */
    public static LinearMapSampler halfSubspace(int nDims, RandomStream rng) {
        if (nDims < 2) throw new IllegalArgumentException("half_subspace needs n_dims >= 2, got " + nDims);
        double[] root = new double[nDims];
        for (int i = 0; i < nDims / 2; i++) root[i] = 1;
        return new LinearMapSampler("half_subspace", nDims, normalizedTransform(root, rng));
    }

    /** x = factor·z (Garg's U·factor·I·Uᵀ is factor·I whatever U is). */
    public static LinearMapSampler scaled(String name, int nDims, double factor) {
        double[] a = new double[nDims * nDims];
        for (int i = 0; i < nDims; i++) a[i * nDims + i] = factor;
        return new LinearMapSampler(name, nDims, a);
    }

    @Override
    public void sample(RandomStream rng, int points, int nDims, int dActive, float[] prompt, float[] queries, int offset) {
        if (nDims != this.nDims)
            throw new IllegalArgumentException(name + " was drawn for n_dims " + this.nDims + ", asked for " + nDims);
        double[] z = new double[nDims];
        for (int p = 0; p < points; p++) {
            for (int j = 0; j < nDims; j++) z[j] = rng.nextGaussian();
            int row = offset + p * nDims;
            for (int i = 0; i < nDims; i++) {
                double x = 0;
                if (i < dActive) for (int j = 0; j < nDims; j++) x += matrix[i * nDims + j] * z[j];
                prompt[row + i] = (float) x;
            }
        }
        System.arraycopy(prompt, offset, queries, offset, points * nDims);
    }

    /** c·U diag(root) Uᵀ with c = √(d / Σ root²). */
    private static double[] normalizedTransform(double[] root, RandomStream rng) {
        int d = root.length;
        double sumSquares = 0;
        for (double r : root) sumSquares += r * r;
        double c = Math.sqrt(d / sumSquares);
        double[] u = randomOrthogonal(d, rng);
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += u[i * d + k] * root[k] * u[j * d + k];
                a[i * d + j] = c * s;
            }
        return a;
    }

    /**
     * Haar-random orthogonal [d, d] (columns orthonormal): Gram–Schmidt of a Gaussian matrix,
     * which is Q of its QR with R's diagonal positive, the Haar-distributed choice.
     */
    private static double[] randomOrthogonal(int d, RandomStream rng) {
        double[][] cols = new double[d][d];
        for (int c = 0; c < d; c++) {
            double[] v = cols[c];
            for (int i = 0; i < d; i++) v[i] = rng.nextGaussian();
            for (int pass = 0; pass < 2; pass++) // twice is enough for orthogonality to rounding
                for (int p = 0; p < c; p++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) dot += v[i] * cols[p][i];
                    for (int i = 0; i < d; i++) v[i] -= dot * cols[p][i];
                }
            double norm = 0;
            for (double x : v) norm += x * x;
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) v[i] /= norm;
        }
        double[] u = new double[d * d];
        for (int c = 0; c < d; c++) for (int i = 0; i < d; i++) u[i * d + c] = cols[c][i];
        return u;
    }
}
