package org.loopedicl.nn;

import java.util.Arrays;

/** A trainable tensor under its reference PyTorch name, with the gradient accumulated into it. */
public final class Parameter {
    private final String name;
    private final int[] shape;
    public final float[] data;
    public final float[] grad;

    Parameter(String name, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        int n = 1;
        for (int s : shape) n = Math.multiplyExact(n, s);
        this.data = new float[n];
        this.grad = new float[n];
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return data.length;
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
