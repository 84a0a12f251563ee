package org.loopedicl.io;

import java.util.Arrays;
import java.util.Objects;

/** A named float tensor in C order, as stored in a safetensors file. */
public record NamedArray(String name, int[] shape, float[] data) {

    public NamedArray {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long numel = elementCount(shape);
        if (numel != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + " (" + numel + " elements) but " + data.length + " values");
        }
    }

    public int numel() {
        return data.length;
    }

    /**
     * Product of the dimensions (a 0-d shape has one element), saturating at Long.MAX_VALUE so that
     * a corrupt file's shape compares as "too big" instead of overflowing. Refuses negative dimensions.
     */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = ArraySize.product(n, dim);
        }
        return n;
    }

    /** numel × bytes per element, saturating like {@link #elementCount}. */
    static long byteCount(long numel, int elementBytes) {
        return ArraySize.product(numel, elementBytes);
    }
}
