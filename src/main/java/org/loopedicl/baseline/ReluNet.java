package org.loopedicl.baseline;

import java.util.Arrays;

import org.loopedicl.task.RandomStream;
import org.loopedicl.tensor.Kernels;

/**
 * A 2-layer ReLU network x ↦ W2ᵀ relu(W1ᵀx + b1) + b2 and its Adam state: the learner nn_gd fits
 * to every prefix. PyTorch's defaults throughout: nn.Linear's U(±1/√fan_in) initialisation and
 * torch.optim.Adam's β = (0.9, 0.999), ε = 1e-8.
 *
 * <p>The parameters, their gradients and Adam's moments are flat buffers laid out as rows of
 * {@code stride} floats — W1 (a row per input coordinate), b1, W2 — then b2, so every inner loop
 * runs along the hidden units. Entries past {@code hidden} in a row (and past b2) are padding
 * that stays exactly 0: its weights start at 0 and get gradient 0.
 *
 * <p>Two implementations, chosen like the tensor kernels: {@link VectorReluNet}
 * (jdk.incubator.vector) and {@link ScalarReluNet} (plain Java, the reference). They agree within
 * float rounding.
 */
abstract class ReluNet {
    static final float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;

    final int dims, hidden, stride;
    final int b1, w2, b2;
    final float[] params, grads, m, v;
    private final float learningRate;
    private double beta1Power, beta2Power;

    ReluNet(int dims, int hidden, int stride, int b2Width, float learningRate) {
        this.dims = dims;
        this.hidden = hidden;
        this.stride = stride;
        this.learningRate = learningRate;
        b1 = dims * stride;
        w2 = b1 + stride;
        b2 = w2 + stride;
        params = new float[b2 + b2Width];
        grads = new float[params.length];
        m = new float[params.length];
        v = new float[params.length];
    }

    /** The implementation the active kernels call for (scalar without the Vector API module). */
    static ReluNet create(int dims, int hidden, int maxBatch, float learningRate) {
        return Kernels.active().vectorApi()
                ? new VectorReluNet(dims, hidden, maxBatch, learningRate)
                : new ScalarReluNet(dims, hidden, learningRate);
    }

    /**
     * Fresh weights, U(±1/√fan_in) as nn.Linear draws them, and a fresh optimiser. The draws come
     * in the order W1 row by row, b1, W2, b2, whatever the stride.
     */
    final void initialise(RandomStream rng) {
        float bound1 = (float) (1 / Math.sqrt(dims)), bound2 = (float) (1 / Math.sqrt(hidden));
        Arrays.fill(params, 0);
        for (int row = 0; row <= dims + 1; row++) // W1's rows, b1, W2
            for (int u = 0; u < hidden; u++) params[row * stride + u] = uniform(rng, row <= dims ? bound1 : bound2);
        params[b2] = uniform(rng, bound2);
        Arrays.fill(m, 0);
        Arrays.fill(v, 0);
        beta1Power = 1;
        beta2Power = 1;
    }

    /**
     * One Adam step on the mean squared error of points indices[0 … count−1] (count ≤ the
     * maxBatch it was created with), where point i is x[i·dims …] with label y[i].
     */
    final void step(float[] x, float[] y, int[] indices, int count) {
        gradient(x, y, indices, count);
        beta1Power *= BETA1;
        beta2Power *= BETA2;
        // lr/c1 · m / (√v/√c2 + ε) = (lr·√c2/c1) · m / (√v + ε·√c2): one division per weight
        // instead of PyTorch's two, the same value up to rounding.
        double sqrtC2 = Math.sqrt(1 - beta2Power);
        adam((float) (learningRate * sqrtC2 / (1 - beta1Power)), (float) (EPS * sqrtC2));
    }

    /** The network's output at point {@code point} of x. */
    abstract float predict(float[] x, int point);

    /** Writes into {@link #grads} the gradient of the mean squared error of those points. */
    abstract void gradient(float[] x, float[] y, int[] indices, int count);

    /** m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g·g; p −= stepSize · m / (√v + epsilon). */
    abstract void adam(float stepSize, float epsilon);

    private static float uniform(RandomStream rng, float bound) {
        return (float) ((2 * rng.nextDouble() - 1) * bound);
    }
}
