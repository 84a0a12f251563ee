package org.loopedicl.tensor;

/**
 * Plain-Java kernels: the reference the vector path is tested against, and what runs when
 * jdk.incubator.vector is absent. Straightforward loops, parallel over rows.
 */
public final class ScalarKernels implements Kernels {
    static final float LN_EPS = 1e-5f;
    static final float GELU_A = (float) Math.sqrt(2.0 / Math.PI);
    static final float GELU_B = 0.044715f;
    private static final int MIN_ROWS = 16;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public boolean vectorApi() {
        return false;
    }

    @Override
    public void linear(float[] y, float[] x, float[] w, float[] b, int rows, int in, int out) {
        Parallel.forRange(rows, MIN_ROWS, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int xo = r * in, yo = r * out;
                for (int o = 0; o < out; o++) {
                    float s = b == null ? 0f : b[o];
                    int wo = o * in;
                    for (int i = 0; i < in; i++) s += x[xo + i] * w[wo + i];
                    y[yo + o] = s;
                }
            }
        });
    }

    @Override
    public void linearBackwardInput(float[] dx, float[] dy, float[] w, int rows, int in, int out) {
        Parallel.forRange(rows, MIN_ROWS, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int xo = r * in, yo = r * out;
                for (int i = 0; i < in; i++) dx[xo + i] = 0f;
                for (int o = 0; o < out; o++) {
                    float d = dy[yo + o];
                    int wo = o * in;
                    for (int i = 0; i < in; i++) dx[xo + i] += d * w[wo + i];
                }
            }
        });
    }

    @Override
    public void linearBackwardWeights(float[] dw, float[] db, float[] dy, float[] x, int rows, int in, int out) {
        // Split over output features: each thread owns whole rows of dw, so no reduction is shared.
        Parallel.forRange(out, 1, (lo, hi) -> {
            for (int o = lo; o < hi; o++) {
                int wo = o * in;
                float bsum = 0f;
                for (int r = 0; r < rows; r++) {
                    float d = dy[r * out + o];
                    bsum += d;
                    int xo = r * in;
                    for (int i = 0; i < in; i++) dw[wo + i] += d * x[xo + i];
                }
                if (db != null) db[o] += bsum;
            }
        });
    }

    @Override
    public void layerNorm(float[] y, float[] mean, float[] rstd, float[] x, float[] w, float[] b, int rows, int dim) {
        Parallel.forRange(rows, MIN_ROWS, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * dim;
                float m = 0f;
                for (int i = 0; i < dim; i++) m += x[o + i];
                m /= dim;
                float var = 0f;
                for (int i = 0; i < dim; i++) {
                    float d = x[o + i] - m;
                    var += d * d;
                }
                var /= dim;
                float s = (float) (1.0 / Math.sqrt(var + LN_EPS));
                for (int i = 0; i < dim; i++) y[o + i] = (x[o + i] - m) * s * w[i] + b[i];
                mean[r] = m;
                rstd[r] = s;
            }
        });
    }

    @Override
    public void layerNormBackward(float[] dx, float[] dw, float[] db, float[] dy, float[] x, float[] mean,
                                  float[] rstd, float[] w, int rows, int dim) {
        Parallel.forRange(rows, MIN_ROWS, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * dim;
                float m = mean[r], s = rstd[r];
                float meanG = 0f, meanGx = 0f;
                for (int i = 0; i < dim; i++) {
                    float g = dy[o + i] * w[i];
                    meanG += g;
                    meanGx += g * (x[o + i] - m) * s;
                }
                meanG /= dim;
                meanGx /= dim;
                for (int i = 0; i < dim; i++) {
                    float xh = (x[o + i] - m) * s;
                    dx[o + i] += (dy[o + i] * w[i] - meanG - xh * meanGx) * s;
                }
            }
        });
        Parallel.forRange(dim, 1, (lo, hi) -> {
            for (int r = 0; r < rows; r++) {
                int o = r * dim;
                float m = mean[r], s = rstd[r];
                for (int i = lo; i < hi; i++) {
                    dw[i] += dy[o + i] * (x[o + i] - m) * s;
                    db[i] += dy[o + i];
                }
            }
        });
    }

    @Override
    public void attention(float[] out, float[] probs, float[] qkv, int batch, int t, int c, int heads) {
        int hs = c / heads, c3 = 3 * c;
        float scale = (float) (1.0 / Math.sqrt(hs));
        Parallel.forRange(batch * heads, 1, (lo, hi) -> {
            float[] p = probs != null ? probs : new float[t * t];
            for (int bh = lo; bh < hi; bh++) {
                int b = bh / heads, h = bh % heads;
                int base = b * t * c3, po = probs != null ? bh * t * t : 0;
                for (int i = 0; i < t; i++) {
                    int qo = base + i * c3 + h * hs;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        int ko = base + j * c3 + c + h * hs;
                        float s = 0f;
                        for (int k = 0; k < hs; k++) s += qkv[qo + k] * qkv[ko + k];
                        s *= scale;
                        p[po + j * t + i] = s;
                        if (s > max) max = s;
                    }
                    float sum = 0f;
                    for (int j = 0; j <= i; j++) {
                        float e = (float) Math.exp(p[po + j * t + i] - max);
                        p[po + j * t + i] = e;
                        sum += e;
                    }
                    float inv = 1f / sum;
                    for (int j = 0; j <= i; j++) p[po + j * t + i] *= inv;
                    for (int j = i + 1; j < t; j++) p[po + j * t + i] = 0f;
                    int oo = (b * t + i) * c + h * hs;
                    for (int k = 0; k < hs; k++) out[oo + k] = 0f;
                    for (int j = 0; j <= i; j++) {
                        float pij = p[po + j * t + i];
                        int vo = base + j * c3 + 2 * c + h * hs;
                        for (int k = 0; k < hs; k++) out[oo + k] += pij * qkv[vo + k];
                    }
                }
            }
        });
    }

    @Override
    public void attentionBackward(float[] dqkv, float[] dout, float[] qkv, float[] probs, int batch, int t, int c, int heads) {
        int hs = c / heads, c3 = 3 * c;
        float scale = (float) (1.0 / Math.sqrt(hs));
        Parallel.forRange(batch * heads, 1, (lo, hi) -> {
            float[] dp = new float[t];
            for (int bh = lo; bh < hi; bh++) {
                int b = bh / heads, h = bh % heads;
                int base = b * t * c3, po = bh * t * t;
                for (int i = 0; i < t; i++) {
                    int row = base + i * c3 + h * hs;
                    for (int k = 0; k < hs; k++) {
                        dqkv[row + k] = 0f;
                        dqkv[row + c + k] = 0f;
                        dqkv[row + 2 * c + k] = 0f;
                    }
                }
                for (int i = 0; i < t; i++) {
                    int doo = (b * t + i) * c + h * hs;
                    float dot = 0f;
                    for (int j = 0; j <= i; j++) {
                        int vo = base + j * c3 + 2 * c + h * hs;
                        float p = probs[po + j * t + i];
                        float s = 0f;
                        for (int k = 0; k < hs; k++) {
                            s += dout[doo + k] * qkv[vo + k];
                            dqkv[vo + k] += p * dout[doo + k];
                        }
                        dp[j] = s;
                        dot += p * s;
                    }
                    int qo = base + i * c3 + h * hs;
                    for (int j = 0; j <= i; j++) {
                        float ds = probs[po + j * t + i] * (dp[j] - dot) * scale;
                        int ko = base + j * c3 + c + h * hs;
                        for (int k = 0; k < hs; k++) {
                            dqkv[qo + k] += ds * qkv[ko + k];
                            dqkv[ko + k] += ds * qkv[qo + k];
                        }
                    }
                }
            }
        });
    }

    @Override
    public void gelu(float[] y, float[] x, int n) {
        Parallel.forRange(n, 4096, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float v = x[i];
                float th = (float) Math.tanh(GELU_A * (v + GELU_B * v * v * v));
                y[i] = 0.5f * v * (1f + th);
            }
        });
    }

    @Override
    public void geluBackward(float[] dx, float[] dy, float[] x, int n) {
        Parallel.forRange(n, 4096, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float v = x[i];
                float th = (float) Math.tanh(GELU_A * (v + GELU_B * v * v * v));
                float dth = (1f - th * th) * GELU_A * (1f + 3f * GELU_B * v * v);
                dx[i] = dy[i] * (0.5f * (1f + th) + 0.5f * v * dth);
            }
        });
    }

    @Override
    public void add(float[] y, float[] a, float[] b, int n) {
        Parallel.forRange(n, 4096, (lo, hi) -> {
            for (int i = lo; i < hi; i++) y[i] = a[i] + b[i];
        });
    }

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2,
                     float eps, float weightDecay, int step) {
        float stepSize = (float) (lr / (1.0 - Math.pow(beta1, step)));
        float bc2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        float decay = 1f - lr * weightDecay;
        Parallel.forRange(n, 4096, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                float gi = g[i];
                m[i] = beta1 * m[i] + (1f - beta1) * gi;
                v[i] = beta2 * v[i] + (1f - beta2) * gi * gi;
                float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
                p[i] = p[i] * decay - stepSize * m[i] / denom;
            }
        });
    }
}
