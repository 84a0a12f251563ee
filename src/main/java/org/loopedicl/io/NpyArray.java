package org.loopedicl.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * A numeric array from a .npy file, in C order. Values are held as double, which represents every
 * float32 exactly, so float32 data round-trips; {@code float64} says which dtype to write back.
 */
public record NpyArray(int[] shape, double[] data, boolean float64) {

    public NpyArray {
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long numel = NamedArray.elementCount(shape);
        if (numel != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " (" + numel + " elements) but "
                    + data.length + " values");
        }
    }

    public static NpyArray ofFloats(float[] data, int... shape) {
        double[] wide = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            wide[i] = data[i];
        }
        return new NpyArray(shape, wide, false);
    }

    public static NpyArray ofDoubles(double[] data, int... shape) {
        return new NpyArray(shape, data, true);
    }

    public int numel() {
        return data.length;
    }

    /** A new float array (rounding, if the data is float64). */
    public float[] toFloats() {
        float[] narrow = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            narrow[i] = (float) data[i];
        }
        return narrow;
    }

    /** A copy of the values. */
    public double[] toDoubles() {
        return data.clone();
    }

    /**
     * Checks the number of dimensions and returns the shape, e.g. {@code requireDims("xs.npy", "B", "n", "d")};
     * otherwise fails with "xs.npy: expected 3 dimensions [B, n, d], got [4, 5]".
     */
    public int[] requireDims(String source, String... dimNames) {
        if (shape.length != dimNames.length) {
            throw new InvalidInputException(source + ": expected " + dimNames.length + " dimensions "
                    + Arrays.toString(dimNames) + ", got " + Arrays.toString(shape));
        }
        return shape.clone();
    }

    /** Checks the exact shape; otherwise fails with "source: expected shape [4, 41], got [4, 40]". */
    public void requireShape(String source, int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new InvalidInputException(source + ": expected shape " + Arrays.toString(expected) + ", got "
                    + Arrays.toString(shape));
        }
    }
}
