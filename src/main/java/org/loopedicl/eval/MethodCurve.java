package org.loopedicl.eval;

/**
 * One method's score against the number of in-context examples k, with the 90% bootstrap band:
 * an entry of results.json's {@code methods}.
 */
public record MethodCurve(int[] k, double[] mean, double[] low, double[] high) {
    public MethodCurve {
        if (k.length != mean.length || k.length != low.length || k.length != high.length)
            throw new IllegalArgumentException("curve arrays differ in length");
    }

    /** The curve over k = 0 … columns−1 of per-prompt scores [prompts, columns]. */
    public static MethodCurve of(double[] scores, int columns, Bootstrap bootstrap) {
        Band b = bootstrap.band(scores, columns);
        int[] k = new int[columns];
        for (int i = 0; i < columns; i++) k[i] = i;
        return new MethodCurve(k, b.mean(), b.low(), b.high());
    }
}
