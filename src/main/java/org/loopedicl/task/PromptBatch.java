package org.loopedicl.task;

/**
 * A batch of prompts x_1, f(x_1), …, x_n, f(x_n): xs is [batch, points, dims] and ys is
 * [batch, points], both row-major.
 */
public record PromptBatch(float[] xs, float[] ys, int batch, int points, int dims) {
    public PromptBatch {
        if (batch < 1 || points < 1 || dims < 1)
            throw new IllegalArgumentException("prompt batch needs batch, points, dims >= 1, got " + batch + ", " + points + ", " + dims);
        if (xs.length != (long) batch * points * dims)
            throw new IllegalArgumentException("xs holds " + xs.length + " values, expected " + batch + "×" + points + "×" + dims);
        if (ys.length != (long) batch * points)
            throw new IllegalArgumentException("ys holds " + ys.length + " values, expected " + batch + "×" + points);
    }
}
