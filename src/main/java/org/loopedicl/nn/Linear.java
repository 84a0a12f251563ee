package org.loopedicl.nn;

import org.loopedicl.tensor.Kernels;

/** y = x·Wᵀ + b with W stored [out, in], as torch.nn.Linear. */
public final class Linear {
    public final Parameter weight;
    public final Parameter bias;
    public final int in;
    public final int out;

    public Linear(ParameterStore store, String prefix, int in, int out) {
        this.in = in;
        this.out = out;
        this.weight = store.create(prefix + ".weight", out, in);
        this.bias = store.create(prefix + ".bias", out);
    }

    public void forward(float[] y, float[] x, int rows) {
        Kernels.active().linear(y, x, weight.data, bias.data, rows, in, out);
    }

    /** y = r + x·Wᵀ + b: the layer's output added to the residual stream r (three distinct arrays). */
    public void forwardAdd(float[] y, float[] x, float[] r, int rows) {
        Kernels.active().linearAdd(y, x, weight.data, bias.data, r, rows, in, out);
    }

    /** Accumulates the weight and bias gradients; writes dx unless it is null. */
    public void backward(float[] dx, float[] dy, float[] x, int rows) {
        Kernels k = Kernels.active();
        k.linearBackwardWeights(weight.grad, bias.grad, dy, x, rows, in, out);
        if (dx != null) k.linearBackwardInput(dx, dy, weight.data, rows, in, out);
    }
}
