package org.loopedicl.nn;

import org.loopedicl.tensor.Kernels;

/** LayerNorm over the last dimension, eps 1e-5, with weight and bias. */
public final class LayerNorm {
    public final Parameter weight;
    public final Parameter bias;
    public final int dim;

    public LayerNorm(ParameterStore store, String prefix, int dim) {
        this.dim = dim;
        this.weight = store.create(prefix + ".weight", dim);
        this.bias = store.create(prefix + ".bias", dim);
    }

    public void forward(float[] y, float[] mean, float[] rstd, float[] x, int rows) {
        Kernels.active().layerNorm(y, mean, rstd, x, weight.data, bias.data, rows, dim);
    }

    /** Accumulates into dx (the residual stream's gradient) and into the parameter gradients. */
    public void backward(float[] dx, float[] dy, float[] x, float[] mean, float[] rstd, int rows) {
        Kernels.active().layerNormBackward(dx, weight.grad, bias.grad, dy, x, mean, rstd, weight.data, rows, dim);
    }
}
