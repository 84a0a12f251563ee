package org.loopedicl.baseline;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ReluNet} with the Vector API, along the hidden units (padded to whole vectors): the
 * minibatch goes through in blocks of {@value #BLOCK} points, each block's points broadcast
 * against one vector of weights at a time, so each weight load feeds five fused multiply-adds
 * and five independent accumulators hide their latency. Nothing is allocated per step.
 */
final class VectorReluNet extends ReluNet {
    private static final VectorSpecies<Float> S = VectorSpecies.ofPreferred(float.class);
    private static final int L = S.length();
    /** Points per block: enough accumulators for the FMA latency, and nn_gd's minibatch of 10 splits evenly. */
    private static final int BLOCK = 5;

    /** x offsets of the points in flight, padded to whole blocks with copies of the first. */
    private final int[] rows;
    /** [point][stride]: relu of the pre-activations, then ∂loss/∂pre-activation. */
    private final float[] act;
    /** [point]: ŷ, then ∂loss/∂ŷ (0 for the padding). */
    private final float[] out;
    /** One vector's lanes, summed in lane order: reduceLanes(ADD) leaves the order open, and the
     *  interpreter and the compiled code do differ, which would make results depend on timing. */
    private final float[] lanes = new float[L];

    VectorReluNet(int dims, int hidden, int maxBatch, float learningRate) {
        super(dims, hidden, (hidden + L - 1) / L * L, L, learningRate);
        int padded = (Math.max(1, maxBatch) + BLOCK - 1) / BLOCK * BLOCK;
        rows = new int[padded];
        act = new float[padded * stride];
        out = new float[padded];
    }

    @Override
    float predict(float[] x, int point) {
        rows[0] = point * dims;
        return forward(x, 1)[0];
    }

    @Override
    void gradient(float[] x, float[] y, int[] indices, int count) {
        for (int p = 0; p < count; p++) rows[p] = indices[p] * dims;
        forward(x, count);
        int padded = padded(count);
        float scale = 2f / count, db2 = 0;
        for (int p = 0; p < padded; p++) {
            out[p] = p < count ? scale * (out[p] - y[indices[p]]) : 0f;
            db2 += out[p];
        }
        grads[b2] = db2;
        for (int u = 0; u < stride; u += L) {
            FloatVector w = FloatVector.fromArray(S, params, w2 + u);
            FloatVector dw2 = FloatVector.zero(S), db1 = FloatVector.zero(S);
            for (int p = 0, a = u; p < padded; p++, a += stride) {
                FloatVector activation = FloatVector.fromArray(S, act, a);
                dw2 = activation.fma(FloatVector.broadcast(S, out[p]), dw2);
                // ReLU passes the gradient where the unit was active.
                FloatVector dPre = w.mul(out[p]).blend(FloatVector.zero(S), activation.compare(VectorOperators.LE, 0f));
                dPre.intoArray(act, a);
                db1 = db1.add(dPre);
            }
            dw2.intoArray(grads, w2 + u);
            db1.intoArray(grads, b1 + u);
        }
        for (int u = 0; u < stride; u += L) {
            for (int p = 0; p < padded; p += BLOCK) {
                int r0 = rows[p], r1 = rows[p + 1], r2 = rows[p + 2], r3 = rows[p + 3], r4 = rows[p + 4];
                int a = p * stride + u;
                FloatVector d0 = FloatVector.fromArray(S, act, a);
                FloatVector d1 = FloatVector.fromArray(S, act, a + stride);
                FloatVector d2 = FloatVector.fromArray(S, act, a + 2 * stride);
                FloatVector d3 = FloatVector.fromArray(S, act, a + 3 * stride);
                FloatVector d4 = FloatVector.fromArray(S, act, a + 4 * stride);
                for (int j = 0, g = u; j < dims; j++, g += stride) {
                    FloatVector sum = p == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, grads, g);
                    sum = d0.fma(FloatVector.broadcast(S, x[r0 + j]), sum);
                    sum = d1.fma(FloatVector.broadcast(S, x[r1 + j]), sum);
                    sum = d2.fma(FloatVector.broadcast(S, x[r2 + j]), sum);
                    sum = d3.fma(FloatVector.broadcast(S, x[r3 + j]), sum);
                    d4.fma(FloatVector.broadcast(S, x[r4 + j]), sum).intoArray(grads, g);
                }
            }
        }
    }

    @Override
    void adam(float stepSize, float epsilon) {
        // The scalar path's operations in its order: the same gradients give the same bits.
        for (int i = 0; i < params.length; i += L) {
            FloatVector g = FloatVector.fromArray(S, grads, i);
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(BETA1).add(g.mul(1 - BETA1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(BETA2).add(g.mul(1 - BETA2).mul(g));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector step = mi.mul(stepSize).div(vi.lanewise(VectorOperators.SQRT).add(epsilon));
            FloatVector.fromArray(S, params, i).sub(step).intoArray(params, i);
        }
    }

    /** ŷ of the first {@code count} entries of rows into out, relu of the pre-activations into act. */
    private float[] forward(float[] x, int count) {
        int padded = padded(count);
        for (int p = count; p < padded; p++) rows[p] = rows[0];
        for (int u = 0; u < stride; u += L) {
            FloatVector bias = FloatVector.fromArray(S, params, b1 + u);
            for (int p = 0; p < padded; p += BLOCK) {
                int r0 = rows[p], r1 = rows[p + 1], r2 = rows[p + 2], r3 = rows[p + 3], r4 = rows[p + 4];
                FloatVector s0 = bias, s1 = bias, s2 = bias, s3 = bias, s4 = bias;
                for (int j = 0, w = u; j < dims; j++, w += stride) {
                    FloatVector wj = FloatVector.fromArray(S, params, w);
                    s0 = wj.fma(FloatVector.broadcast(S, x[r0 + j]), s0);
                    s1 = wj.fma(FloatVector.broadcast(S, x[r1 + j]), s1);
                    s2 = wj.fma(FloatVector.broadcast(S, x[r2 + j]), s2);
                    s3 = wj.fma(FloatVector.broadcast(S, x[r3 + j]), s3);
                    s4 = wj.fma(FloatVector.broadcast(S, x[r4 + j]), s4);
                }
                int a = p * stride + u;
                s0.max(0f).intoArray(act, a);
                s1.max(0f).intoArray(act, a + stride);
                s2.max(0f).intoArray(act, a + 2 * stride);
                s3.max(0f).intoArray(act, a + 3 * stride);
                s4.max(0f).intoArray(act, a + 4 * stride);
            }
        }
        for (int p = 0; p < count; p++) {
            FloatVector sum = FloatVector.zero(S);
            for (int u = 0, a = p * stride; u < stride; u += L, a += L)
                sum = FloatVector.fromArray(S, act, a).fma(FloatVector.fromArray(S, params, w2 + u), sum);
            sum.intoArray(lanes, 0);
            float total = params[b2];
            for (float lane : lanes) total += lane;
            out[p] = total;
        }
        return out;
    }

    private static int padded(int count) {
        return (count + BLOCK - 1) / BLOCK * BLOCK;
    }
}
