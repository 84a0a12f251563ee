package org.loopedicl.tensor;

/** Kernels written with jdk.incubator.vector. Placeholder until the vector kernels land: delegates to the scalar path. */
public final class VectorKernels implements Kernels {
    private final ScalarKernels scalar = new ScalarKernels();
    @Override public String name() { return "vector"; }
    @Override public void linear(float[] y, float[] x, float[] w, float[] b, int rows, int in, int out) { scalar.linear(y, x, w, b, rows, in, out); }
    @Override public void linearBackwardInput(float[] dx, float[] dy, float[] w, int rows, int in, int out) { scalar.linearBackwardInput(dx, dy, w, rows, in, out); }
    @Override public void linearBackwardWeights(float[] dw, float[] db, float[] dy, float[] x, int rows, int in, int out) { scalar.linearBackwardWeights(dw, db, dy, x, rows, in, out); }
    @Override public void layerNorm(float[] y, float[] mean, float[] rstd, float[] x, float[] w, float[] b, int rows, int dim) { scalar.layerNorm(y, mean, rstd, x, w, b, rows, dim); }
    @Override public void layerNormBackward(float[] dx, float[] dw, float[] db, float[] dy, float[] x, float[] mean, float[] rstd, float[] w, int rows, int dim) { scalar.layerNormBackward(dx, dw, db, dy, x, mean, rstd, w, rows, dim); }
    @Override public void attention(float[] out, float[] probs, float[] qkv, int batch, int t, int c, int heads) { scalar.attention(out, probs, qkv, batch, t, c, heads); }
    @Override public void attentionBackward(float[] dqkv, float[] dout, float[] qkv, float[] probs, int batch, int t, int c, int heads) { scalar.attentionBackward(dqkv, dout, qkv, probs, batch, t, c, heads); }
    @Override public void gelu(float[] y, float[] x, int n) { scalar.gelu(y, x, n); }
    @Override public void geluBackward(float[] dx, float[] dy, float[] x, int n) { scalar.geluBackward(dx, dy, x, n); }
    @Override public void add(float[] y, float[] a, float[] b, int n) { scalar.add(y, a, b, n); }
    @Override public void adam(float[] p, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2, float eps, float weightDecay, int step) { scalar.adam(p, g, m, v, n, lr, beta1, beta2, eps, weightDecay, step); }
}
