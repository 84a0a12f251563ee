package org.loopedicl.tensor;

/**
 * Every numerical kernel the engine uses. Arrays are flat, row-major and start at index 0;
 * sizes are passed explicitly so that one preallocated buffer can serve any smaller problem.
 * "rows" is the number of token vectors (batch × sequence length).
 *
 * <p>Two implementations: {@link VectorKernels} (jdk.incubator.vector) and {@link ScalarKernels}
 * (plain Java, the reference). They agree within float rounding; {@link #active()} picks one.
 */
public interface Kernels {

    /** Implementation name, logged at start-up. */
    String name();

    /** True when these kernels run on the Vector API, so code beside them (the ReLU-net baseline) may too. */
    boolean vectorApi();

    /** y[r,o] = Σ_i x[r,i]·w[o,i] + b[o]  (PyTorch Linear, w is [out, in]); b may be null. Overwrites y. */
    void linear(float[] y, float[] x, float[] w, float[] b, int rows, int in, int out);

    /**
     * {@link #linear}, then y = r + y: a projection added to the residual stream r (y must not alias r
     * or x). The vector kernels fuse the two.
     */
    default void linearAdd(float[] y, float[] x, float[] w, float[] b, float[] r, int rows, int in, int out) {
        linear(y, x, w, b, rows, in, out);
        add(y, r, y, rows * out);
    }

    /** dx[r,i] = Σ_o dy[r,o]·w[o,i]. Overwrites dx. */
    void linearBackwardInput(float[] dx, float[] dy, float[] w, int rows, int in, int out);

    /** dw[o,i] += Σ_r dy[r,o]·x[r,i]; db[o] += Σ_r dy[r,o] (db may be null). Accumulates. */
    void linearBackwardWeights(float[] dw, float[] db, float[] dy, float[] x, int rows, int in, int out);

    /** y = (x − mean)·rstd·w + b per row, eps 1e-5; stores mean[r] and rstd[r]. Overwrites y. */
    void layerNorm(float[] y, float[] mean, float[] rstd, float[] x, float[] w, float[] b, int rows, int dim);

    /** Accumulates dx += ∂/∂x, dw += ∂/∂w, db += ∂/∂b of the layer norm, given dy. */
    void layerNormBackward(float[] dx, float[] dw, float[] db, float[] dy, float[] x, float[] mean,
                           float[] rstd, float[] w, int rows, int dim);

    /**
     * Causal multi-head attention on qkv [batch·t, 3c] (q, k, v along the row, head h at columns
     * h·c/heads … of each): out [batch·t, c] (heads concatenated, before c_proj), probs
     * [batch, heads, t, t] the softmax of the scaled, masked scores transposed: probs[b, h, j, i] is
     * query i's probability of key j, 0 for j > i (keys along the rows suit the vector kernels: see
     * VectorAttention); null when no backward will follow. Overwrites.
     */
    void attention(float[] out, float[] probs, float[] qkv, int batch, int t, int c, int heads);

    /** dqkv [batch·t, 3c] from dout [batch·t, c], given the forward's qkv and probs. Overwrites dqkv. */
    void attentionBackward(float[] dqkv, float[] dout, float[] qkv, float[] probs, int batch, int t, int c, int heads);

    /** y = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Overwrites y. */
    void gelu(float[] y, float[] x, int n);

    /** dx = dy · gelu'(x). Overwrites dx. */
    void geluBackward(float[] dx, float[] dy, float[] x, int n);

    /** y = a + b (y may alias a or b). */
    void add(float[] y, float[] a, float[] b, int n);

    /**
     * One Adam step as torch.optim.Adam (weightDecay 0) or AdamW (decoupled decay), step ≥ 1:
     * m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p −= lr/(1−β1^step) · m / (√v/√(1−β2^step) + eps).
     */
    void adam(float[] p, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2,
              float eps, float weightDecay, int step);

    /** The implementation in use: the Vector API one where the module is present, unless
     *  {@code -Dlooped.kernels=scalar} is set; wrapped by {@link KernelTimes} while a bench times a step. */
    static Kernels active() {
        return KernelSelector.current;
    }
}
