package org.loopedicl.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise vector kernels: GELU and its gradient, the residual add, the Adam update.
 *
 * <p>Ranges split at multiples of the vector length, so every element takes the same path (vector
 * body or the one scalar tail) whatever the thread count. Each kernel is a body object, one per
 * calling thread, that carries the call's operands to the pool's workers: a lambda capturing them
 * would be a new object on every call, hundreds per training step.
 */
abstract class VectorElementwise implements Parallel.RangeBody {
    static final VectorSpecies<Float> S = VectorSpecies.ofPreferred(float.class);
    static final int L = S.length();
    /** Elements below which a part is not worth another thread. */
    private static final int MIN_PART = 1 << 15;

    private static final ThreadLocal<Gelu> GELU = ThreadLocal.withInitial(Gelu::new);
    private static final ThreadLocal<GeluBackward> GELU_BACKWARD = ThreadLocal.withInitial(GeluBackward::new);
    private static final ThreadLocal<Add> ADD = ThreadLocal.withInitial(Add::new);
    private static final ThreadLocal<AdamUpdate> ADAM = ThreadLocal.withInitial(AdamUpdate::new);

    private int n;

    /** Handles elements [from, to). */
    abstract void range(int from, int to);

    /** Drops the operands so that the per-thread body does not keep arrays alive. */
    abstract void release();

    @Override
    public final void run(int lo, int hi) {
        range(lo * L, Math.min(n, hi * L));
    }

    final void runOver(int n) {
        this.n = n;
        Parallel.forRange((n + L - 1) / L, MIN_PART / L, this);
        release();
    }

    /*
     * GELU through the logistic form of the same function: 0.5·(1 + tanh(u)) = 1 / (1 + e^(−2u)),
     * so gelu(x) = x / (1 + e^(−2u)) with u = √(2/π)·(x + 0.044715·x³): one exp and one division
     * per vector instead of tanh's exp, division, series and blends. The scalar path keeps the
     * tanh form; the two agree within float rounding (and this one has no cancellation for x ≪ 0).
     */

    static void gelu(float[] y, float[] x, int n) {
        Gelu k = GELU.get();
        k.y = y;
        k.x = x;
        k.runOver(n);
    }

    static void geluBackward(float[] dx, float[] dy, float[] x, int n) {
        GeluBackward k = GELU_BACKWARD.get();
        k.dx = dx;
        k.dy = dy;
        k.x = x;
        k.runOver(n);
    }

    static void add(float[] y, float[] a, float[] b, int n) {
        Add k = ADD.get();
        k.y = y;
        k.a = a;
        k.b = b;
        k.runOver(n);
    }

    static void adam(float[] p, float[] g, float[] m, float[] v, int n, float lr, float beta1, float beta2,
                     float eps, float weightDecay, int step) {
        AdamUpdate k = ADAM.get();
        k.p = p;
        k.g = g;
        k.m = m;
        k.v = v;
        k.beta1 = beta1;
        k.beta2 = beta2;
        k.eps = eps;
        k.stepSize = (float) (lr / (1.0 - Math.pow(beta1, step)));
        k.bc2Sqrt = (float) Math.sqrt(1.0 - Math.pow(beta2, step));
        k.decay = 1f - lr * weightDecay;
        k.runOver(n);
    }

    private static final class Gelu extends VectorElementwise {
        float[] y, x;

        @Override
        void range(int lo, int hi) {
            float m2a = -2f * ScalarKernels.GELU_A, m2ab = m2a * ScalarKernels.GELU_B;
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
        }

        @Override
        void release() {
            y = x = null;
        }
    }

    /** With s = 1 / (1 + e^(−2u)): gelu'(x) = s + x·2s(1 − s)·√(2/π)·(1 + 3·0.044715·x²). */
    private static final class GeluBackward extends VectorElementwise {
        float[] dx, dy, x;

        @Override
        void range(int lo, int hi) {
            float a = ScalarKernels.GELU_A, ab = ScalarKernels.GELU_A * ScalarKernels.GELU_B;
            float m2a = -2f * a, m2ab = -2f * ab;
            FloatVector one = FloatVector.broadcast(S, 1f);
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
        }

        @Override
        void release() {
            dx = dy = x = null;
        }
    }

    /** y[i] = a[i] + b[i] for lo ≤ i < hi (y may alias a or b); also {@link Gemm#multiplyAdd}'s residual. */
    static void addRange(float[] y, float[] a, float[] b, int lo, int hi) {
        int i = lo;
        for (int bound = lo + S.loopBound(hi - lo); i < bound; i += L)
            FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(y, i);
        for (; i < hi; i++) y[i] = a[i] + b[i];
    }

    private static final class Add extends VectorElementwise {
        float[] y, a, b;

        @Override
        void range(int lo, int hi) {
            addRange(y, a, b, lo, hi);
        }

        @Override
        void release() {
            y = a = b = null;
        }
    }

    /** Same operations in the same order as the scalar path (no fused multiply-adds): identical bits. */
    private static final class AdamUpdate extends VectorElementwise {
        float[] p, g, m, v;
        float beta1, beta2, eps, stepSize, bc2Sqrt, decay;

        @Override
        void range(int lo, int hi) {
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
        }

        @Override
        void release() {
            p = g = m = v = null;
        }
    }
}
