package org.loopedicl.nn;

/**
 * A learned embedding of the loop iteration (docs/DESIGN.md §5): row r of {@code weight}
 * [rows, n_embd] is added to every token of the backbone's input at the iterations that use it.
 * Iteration t (1-based) uses row min(t, rows) − 1, so every iteration past the table shares its
 * last row and the loop stays one fixed map there.
 */
public final class LoopEmbedding {
    public final Parameter weight;
    private final int rows, nEmbd;

    public LoopEmbedding(ParameterStore store, String name, int rows, int nEmbd) {
        this.rows = rows;
        this.nEmbd = nEmbd;
        this.weight = store.create(name, rows, nEmbd);
    }

    /** The row iteration {@code it} (0-based) reads. */
    public int row(int it) {
        return Math.min(it, rows - 1);
    }

    /** y = x + weight[row(it)] on each of {@code tokens} rows; y and x may be the same array. */
    public void forward(float[] y, float[] x, int it, int tokens) {
        int off = row(it) * nEmbd;
        float[] w = weight.data;
        for (int r = 0; r < tokens; r++) {
            int base = r * nEmbd;
            for (int c = 0; c < nEmbd; c++) y[base + c] = x[base + c] + w[off + c];
        }
    }

    /** Accumulates the row's gradient: the sum of dy over all tokens. */
    public void backward(float[] dy, int it, int tokens) {
        int off = row(it) * nEmbd;
        float[] g = weight.grad;
        for (int r = 0; r < tokens; r++) {
            int base = r * nEmbd;
            for (int c = 0; c < nEmbd; c++) g[off + c] += dy[base + c];
        }
    }
}
