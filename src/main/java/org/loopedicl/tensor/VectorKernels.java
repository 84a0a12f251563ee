package org.loopedicl.tensor;

/**
 * Kernels written with jdk.incubator.vector: the wide matmuls go through {@link Gemm}, the narrow
 * ones and the bias sums through {@link NarrowMatmul}, layer norm through {@link VectorLayerNorm},
 * attention through {@link VectorAttention} and the element-wise kernels through
 * {@link VectorElementwise}. None of them allocates once warm: their parallel bodies are reused
 * per-thread objects, not capturing lambdas.
 */
public final class VectorKernels implements Kernels {
    /** Up to this many outputs a matmul is a few dot products, cheaper than padding a Gemm panel. */
    private static final int NARROW = 8;

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public boolean vectorApi() {
        return true;
    }

    @Override
    public void linear(float[] y, float[] x, float[] w, float[] b, int rows, int in, int out) {
        if (out > NARROW) Gemm.multiply(y, false, b, x, in, 1, w, 1, in, rows, out, in);
        else NarrowMatmul.forward(y, x, w, b, rows, in, out);
    }

    @Override
    public void linearAdd(float[] y, float[] x, float[] w, float[] b, float[] r, int rows, int in, int out) {
        if (out > NARROW) Gemm.multiplyAdd(y, b, r, x, in, 1, w, 1, in, rows, out, in);
        else Kernels.super.linearAdd(y, x, w, b, r, rows, in, out);
    }

    @Override
    public void linearBackwardInput(float[] dx, float[] dy, float[] w, int rows, int in, int out) {
        if (out > NARROW) Gemm.multiply(dx, false, null, dy, out, 1, w, in, 1, rows, in, out);
        else NarrowMatmul.backwardInput(dx, dy, w, rows, in, out);
    }

    @Override
    public void linearBackwardWeights(float[] dw, float[] db, float[] dy, float[] x, int rows, int in, int out) {
        if (out > NARROW) {
            Gemm.weightGradient(dw, db, dy, x, rows, in, out);
        } else {
            NarrowMatmul.weightGradient(dw, dy, x, rows, in, out);
            if (db != null) NarrowMatmul.columnSums(db, dy, rows, out);
        }
    }

    @Override
    public void layerNorm(float[] y, float[] mean, float[] rstd, float[] x, float[] w, float[] b, int rows, int dim) {
        VectorLayerNorm.forward(y, mean, rstd, x, w, b, rows, dim);
    }

    @Override
    public void layerNormBackward(float[] dx, float[] dw, float[] db, float[] dy, float[] x, float[] mean,
                                  float[] rstd, float[] w, int rows, int dim) {
        VectorLayerNorm.backward(dx, dw, db, dy, x, mean, rstd, w, rows, dim);
    }

    @Override
    public void attention(float[] out, float[] probs, float[] qkv, int batch, int t, int c, int heads) {
        VectorAttention.forward(out, probs, qkv, batch, t, c, heads);
    }

    @Override
    public void attentionBackward(float[] dqkv, float[] dout, float[] qkv, float[] probs, int batch, int t, int c, int heads) {
        VectorAttention.backward(dqkv, dout, qkv, probs, batch, t, c, heads);
    }

    @Override
    public void gelu(float[] y, float[] x, int n) {
        VectorElementwise.gelu(y, x, n);
    }

    @Override
    public void geluBackward(float[] dx, float[] dy, float[] x, int n) {
        VectorElementwise.geluBackward(dx, dy, x, n);
    }

    @Override
    public void add(float[] y, float[] a, float[] b, int n) {
        VectorElementwise.add(y, a, b, n);
    }

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2,
                     float eps, float weightDecay, int step) {
        VectorElementwise.adam(p, g, m, v, n, lr, beta1, beta2, eps, weightDecay, step);
    }
}
