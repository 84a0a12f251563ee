package org.loopedicl.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels written with jdk.incubator.vector. The matmuls go through {@link Gemm} and attention
 * through {@link VectorAttention}; the rest are row or element loops here.
 *
 * <p>Element-wise kernels split their range at multiples of the vector length, so every element
 * takes the same path (vector body or the one scalar tail) whatever the thread count.
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Up to this many outputs a matmul is a few dot products, cheaper than padding a Gemm panel. */
    private static final int NARROW = 8;
    /** Work (multiply-adds or elements) below which a part is not worth another thread. */
    private static final int MIN_PART_WORK = 1 << 15;

    private static final ThreadLocal<float[]> ACCUMULATORS = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PARTIALS = ThreadLocal.withInitial(() -> new float[0]);

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public void linear(float[] y, float[] x, float[] w, float[] b, int rows, int in, int out) {
        if (out > NARROW) {
            Gemm.multiply(y, false, b, x, in, 1, w, 1, in, rows, out, in);
            return;
        }
        Parallel.forRange(rows, minRows(in * out), (lo, hi) -> {
            for (int r = lo; r < hi; r++)
                for (int o = 0; o < out; o++) y[r * out + o] = (b == null ? 0f : b[o]) + dot(x, r * in, w, o * in, in);
        });
    }

    @Override
    public void linearBackwardInput(float[] dx, float[] dy, float[] w, int rows, int in, int out) {
        if (out > NARROW) {
            Gemm.multiply(dx, false, null, dy, out, 1, w, in, 1, rows, in, out);
            return;
        }
        Parallel.forRange(rows, minRows(in * out), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int xo = r * in;
                Arrays.fill(dx, xo, xo + in, 0f);
                for (int o = 0; o < out; o++) axpy(dy[r * out + o], w, o * in, dx, xo, in);
            }
        });
    }

    @Override
    public void linearBackwardWeights(float[] dw, float[] db, float[] dy, float[] x, int rows, int in, int out) {
        if (out > NARROW) Gemm.multiply(dw, true, null, dy, 1, out, x, in, 1, out, in, rows);
        else narrowWeightGradient(dw, dy, x, rows, in, out);
        if (db != null) columnSums(db, dy, rows, out);
    }

    /**
     * dw[o, ·] += Σ_r dy[r, o]·x[r, ·] for few outputs: columns of x split over threads at vector
     * boundaries; each part sweeps the rows in order (memory order) into its own accumulators, so
     * every element still sums its rows in order whatever the split.
     */
    private static void narrowWeightGradient(float[] dw, float[] dy, float[] x, int rows, int in, int out) {
        int vectors = (in + L - 1) / L;
        Parallel.forRange(vectors, Math.max(1, MIN_PART_WORK / Math.max(1, rows * out * L)), (lo, hi) -> {
            int i0 = lo * L, i1 = Math.min(in, hi * L), body = i0 + S.loopBound(i1 - i0);
            float[] acc = accumulators(out * in);
            for (int o = 0; o < out; o++) Arrays.fill(acc, o * in + i0, o * in + i1, 0f);
            for (int r = 0; r < rows; r++) {
                int xo = r * in;
                for (int o = 0; o < out; o++) {
                    float g = dy[r * out + o];
                    int ao = o * in;
                    for (int i = i0; i < body; i += L)
                        FloatVector.fromArray(S, x, xo + i).fma(FloatVector.broadcast(S, g), FloatVector.fromArray(S, acc, ao + i))
                                .intoArray(acc, ao + i);
                    for (int i = body; i < i1; i++) acc[ao + i] += g * x[xo + i];
                }
            }
            for (int o = 0; o < out; o++)
                for (int i = i0; i < i1; i++) dw[o * in + i] += acc[o * in + i];
        });
    }

    /** sums[j] += Σ_r m[r, j]: columns split over threads, rows swept in memory order, each column summed in row order. */
    private static void columnSums(float[] sums, float[] m, int rows, int cols) {
        int vectors = (cols + L - 1) / L;
        Parallel.forRange(vectors, Math.max(1, MIN_PART_WORK / Math.max(1, rows * L)), (lo, hi) -> {
            int j0 = lo * L, j1 = Math.min(cols, hi * L), body = j0 + S.loopBound(j1 - j0);
            float[] acc = accumulators(cols);
            Arrays.fill(acc, j0, j1, 0f);
            for (int r = 0; r < rows; r++) {
                int mo = r * cols;
                for (int j = j0; j < body; j += L)
                    FloatVector.fromArray(S, acc, j).add(FloatVector.fromArray(S, m, mo + j)).intoArray(acc, j);
                for (int j = body; j < j1; j++) acc[j] += m[mo + j];
            }
            for (int j = j0; j < j1; j++) sums[j] += acc[j];
        });
    }

    /** This thread's accumulator buffer of at least n floats. */
    private static float[] accumulators(int n) {
        float[] a = ACCUMULATORS.get();
        if (a.length < n) ACCUMULATORS.set(a = new float[n]);
        return a;
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L)
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        float s = VectorMath.sum(acc);
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    /** y[yo ..] += alpha·x[xo ..] over n elements. */
    private static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L)
            FloatVector.fromArray(S, x, xo + i).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, y, yo + i))
                    .intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    private static int minRows(int workPerRow) {
        return Math.max(1, MIN_PART_WORK / Math.max(1, workPerRow));
    }

    @Override
    public void layerNorm(float[] y, float[] mean, float[] rstd, float[] x, float[] w, float[] b, int rows, int dim) {
        int bound = S.loopBound(dim);
        Parallel.forRange(rows, minRows(dim), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r * dim;
                FloatVector acc = FloatVector.zero(S);
                for (int i = 0; i < bound; i += L) acc = acc.add(FloatVector.fromArray(S, x, o + i));
                float sum = VectorMath.sum(acc);
                for (int i = bound; i < dim; i++) sum += x[o + i];
                float m = sum / dim;
                acc = FloatVector.zero(S);
                for (int i = 0; i < bound; i += L) {
                    FloatVector d = FloatVector.fromArray(S, x, o + i).sub(m);
                    acc = d.fma(d, acc);
                }
                float var = VectorMath.sum(acc);
                for (int i = bound; i < dim; i++) var += (x[o + i] - m) * (x[o + i] - m);
                float s = (float) (1.0 / Math.sqrt(var / dim + ScalarKernels.LN_EPS));
                for (int i = 0; i < bound; i += L) {
                    FloatVector xh = FloatVector.fromArray(S, x, o + i).sub(m).mul(s);
                    xh.fma(FloatVector.fromArray(S, w, i), FloatVector.fromArray(S, b, i)).intoArray(y, o + i);
                }
                for (int i = bound; i < dim; i++) y[o + i] = (x[o + i] - m) * s * w[i] + b[i];
                mean[r] = m;
                rstd[r] = s;
            }
        });
    }

    @Override
    public void layerNormBackward(float[] dx, float[] dw, float[] db, float[] dy, float[] x, float[] mean,
                                  float[] rstd, float[] w, int rows, int dim) {
        // Each part sums its rows' dw and db contributions into its own slice; the slices are then
        // added in part order, so the result depends on the thread count but not on scheduling.
        int parts = Math.min(Parallel.threads(), Math.max(1, rows / minRows(dim)));
        float[] partial = PARTIALS.get();
        if (partial.length < 2 * parts * dim) PARTIALS.set(partial = new float[2 * parts * dim]);
        Arrays.fill(partial, 0, 2 * parts * dim, 0f);
        float[] part = partial;
        int bound = S.loopBound(dim);
        Parallel.forRange(parts, 1, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int dwo = 2 * p * dim, dbo = dwo + dim;
                for (int r = Parallel.bound(rows, p, parts); r < Parallel.bound(rows, p + 1, parts); r++) {
                    int o = r * dim;
                    float m = mean[r], s = rstd[r];
                    FloatVector accG = FloatVector.zero(S), accGx = FloatVector.zero(S);
                    for (int i = 0; i < bound; i += L) {
                        FloatVector d = FloatVector.fromArray(S, dy, o + i);
                        FloatVector xh = FloatVector.fromArray(S, x, o + i).sub(m).mul(s);
                        FloatVector g = d.mul(FloatVector.fromArray(S, w, i));
                        accG = accG.add(g);
                        accGx = g.fma(xh, accGx);
                        d.fma(xh, FloatVector.fromArray(S, part, dwo + i)).intoArray(part, dwo + i);
                        d.add(FloatVector.fromArray(S, part, dbo + i)).intoArray(part, dbo + i);
                    }
                    float sumG = VectorMath.sum(accG), sumGx = VectorMath.sum(accGx);
                    for (int i = bound; i < dim; i++) {
                        float xh = (x[o + i] - m) * s, g = dy[o + i] * w[i];
                        sumG += g;
                        sumGx += g * xh;
                        part[dwo + i] += dy[o + i] * xh;
                        part[dbo + i] += dy[o + i];
                    }
                    float meanG = sumG / dim, meanGx = sumGx / dim;
                    for (int i = 0; i < bound; i += L) {
                        FloatVector xh = FloatVector.fromArray(S, x, o + i).sub(m).mul(s);
                        FloatVector g = FloatVector.fromArray(S, dy, o + i).mul(FloatVector.fromArray(S, w, i));
                        g.sub(meanG).sub(xh.mul(meanGx)).mul(s).add(FloatVector.fromArray(S, dx, o + i)).intoArray(dx, o + i);
                    }
                    for (int i = bound; i < dim; i++) {
                        float xh = (x[o + i] - m) * s;
                        dx[o + i] += (dy[o + i] * w[i] - meanG - xh * meanGx) * s;
                    }
                }
            }
        });
        for (int i = 0; i < dim; i++) {
            float sw = part[i], sb = part[dim + i];
            for (int p = 1; p < parts; p++) {
                sw += part[2 * p * dim + i];
                sb += part[2 * p * dim + dim + i];
            }
            dw[i] += sw;
            db[i] += sb;
        }
    }

    @Override
    public void attention(float[] out, float[] probs, float[] qkv, int batch, int t, int c, int heads) {
        VectorAttention.forward(out, probs, qkv, batch, t, c, heads);
    }

    @Override
    public void attentionBackward(float[] dqkv, float[] dout, float[] qkv, float[] probs, int batch, int t, int c, int heads) {
        VectorAttention.backward(dqkv, dout, qkv, probs, batch, t, c, heads);
    }

    /** Runs body over [0, n) split at multiples of the vector length. */
    private static void forVectors(int n, Parallel.RangeBody body) {
        int vectors = (n + L - 1) / L;
        Parallel.forRange(vectors, MIN_PART_WORK / L, (lo, hi) -> body.run(lo * L, Math.min(n, hi * L)));
    }

    /*
     * GELU through the logistic form of the same function: 0.5·(1 + tanh(u)) = 1 / (1 + e^(−2u)),
     * so gelu(x) = x / (1 + e^(−2u)) with u = √(2/π)·(x + 0.044715·x³): one exp and one division
     * per vector instead of tanh's exp, division, series and blends. The scalar path keeps the
     * tanh form; the two agree within float rounding (and this one has no cancellation for x ≪ 0).
     */

    @Override
    public void gelu(float[] y, float[] x, int n) {
        float m2a = -2f * ScalarKernels.GELU_A, m2ab = m2a * ScalarKernels.GELU_B;
        forVectors(n, (lo, hi) -> {
            int i = lo;
            for (int bound = lo + S.loopBound(hi - lo); i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, i);
                FloatVector e = VectorMath.exp(v.mul(v).fma(m2ab, m2a).mul(v));
                v.div(e.add(1f)).intoArray(y, i);
            }
            for (; i < hi; i++) {
                float v = x[i];
                float th = (float) Math.tanh(ScalarKernels.GELU_A * (v + ScalarKernels.GELU_B * v * v * v));
                y[i] = 0.5f * v * (1f + th);
            }
        });
    }

    /** With s = 1 / (1 + e^(−2u)): gelu'(x) = s + x·2s(1 − s)·√(2/π)·(1 + 3·0.044715·x²). */
    @Override
    public void geluBackward(float[] dx, float[] dy, float[] x, int n) {
        float a = ScalarKernels.GELU_A, ab = ScalarKernels.GELU_A * ScalarKernels.GELU_B;
        float m2a = -2f * a, m2ab = -2f * ab;
        FloatVector one = FloatVector.broadcast(S, 1f);
        forVectors(n, (lo, hi) -> {
            int i = lo;
            for (int bound = lo + S.loopBound(hi - lo); i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, i);
                FloatVector v2 = v.mul(v);
                FloatVector s = one.div(VectorMath.exp(v2.fma(m2ab, m2a).mul(v)).add(1f));
                FloatVector du = v2.fma(3f * ab, a).mul(v).mul(2f);
                FloatVector local = s.sub(s.mul(s)).fma(du, s);
                local.mul(FloatVector.fromArray(S, dy, i)).intoArray(dx, i);
            }
            for (; i < hi; i++) {
                float v = x[i];
                float th = (float) Math.tanh(a * (v + ScalarKernels.GELU_B * v * v * v));
                float dth = (1f - th * th) * a * (1f + 3f * ScalarKernels.GELU_B * v * v);
                dx[i] = dy[i] * (0.5f * (1f + th) + 0.5f * v * dth);
            }
        });
    }

    @Override
    public void add(float[] y, float[] a, float[] b, int n) {
        forVectors(n, (lo, hi) -> {
            int i = lo;
            for (int bound = lo + S.loopBound(hi - lo); i < bound; i += L)
                FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(y, i);
            for (; i < hi; i++) y[i] = a[i] + b[i];
        });
    }

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2,
                     float eps, float weightDecay, int step) {
        float stepSize = (float) (lr / (1.0 - Math.pow(beta1, step)));
        float bc2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        float decay = 1f - lr * weightDecay;
        // Same operations in the same order as the scalar path (no fused multiply-adds): identical bits.
        forVectors(n, (lo, hi) -> {
            int i = lo;
            for (int bound = lo + S.loopBound(hi - lo); i < bound; i += L) {
                FloatVector gi = FloatVector.fromArray(S, g, i);
                FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(gi.mul(1f - beta1));
                FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(gi.mul(1f - beta2).mul(gi));
                mi.intoArray(m, i);
                vi.intoArray(v, i);
                FloatVector denom = vi.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
                FloatVector.fromArray(S, p, i).mul(decay).sub(mi.mul(stepSize).div(denom)).intoArray(p, i);
            }
            for (; i < hi; i++) {
                float gi = g[i];
                m[i] = beta1 * m[i] + (1f - beta1) * gi;
                v[i] = beta2 * v[i] + (1f - beta2) * gi * gi;
                float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
                p[i] = p[i] * decay - stepSize * m[i] / denom;
            }
        });
    }
}
