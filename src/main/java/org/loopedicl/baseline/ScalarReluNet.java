package org.loopedicl.baseline;

import java.util.Arrays;

/** {@link ReluNet} in plain Java, a point at a time: the reference, and the path without the Vector API. */
final class ScalarReluNet extends ReluNet {
    private final float[] pre, act;

    ScalarReluNet(int dims, int hidden, float learningRate) {
        super(dims, hidden, hidden, 1, learningRate);
        pre = new float[hidden];
        act = new float[hidden];
    }

    @Override
    float predict(float[] x, int point) {
        return forward(x, point * dims);
    }

    @Override
    void gradient(float[] x, float[] y, int[] indices, int count) {
        Arrays.fill(grads, 0);
        for (int i = 0; i < count; i++) {
            int row = indices[i] * dims;
            float dOut = 2f / count * (forward(x, row) - y[indices[i]]);
            grads[b2] += dOut;
            for (int u = 0; u < hidden; u++) {
                grads[w2 + u] += dOut * act[u];
                // pre[u] is reused as ∂loss/∂pre: ReLU passes the gradient where it was active.
                pre[u] = pre[u] > 0 ? dOut * params[w2 + u] : 0f;
                grads[b1 + u] += pre[u];
            }
            for (int j = 0; j < dims; j++) {
                float xj = x[row + j];
                for (int u = 0; u < hidden; u++) grads[j * hidden + u] += xj * pre[u];
            }
        }
    }

    @Override
    void adam(float stepSize, float epsilon) {
        for (int i = 0; i < params.length; i++) {
            float g = grads[i];
            m[i] = BETA1 * m[i] + (1 - BETA1) * g;
            v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
            params[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) + epsilon);
        }
    }

    /** ŷ at the point starting at x[row], leaving pre-activations and activations in pre and act. */
    private float forward(float[] x, int row) {
        System.arraycopy(params, b1, pre, 0, hidden);
        for (int j = 0; j < dims; j++) {
            float xj = x[row + j];
            for (int u = 0; u < hidden; u++) pre[u] += xj * params[j * hidden + u];
        }
        float out = params[b2];
        for (int u = 0; u < hidden; u++) {
            act[u] = Math.max(pre[u], 0f);
            out += act[u] * params[w2 + u];
        }
        return out;
    }
}
