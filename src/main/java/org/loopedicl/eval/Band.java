package org.loopedicl.eval;

/** Per column: the mean over prompts and the bootstrap band around it. */
public record Band(double[] mean, double[] low, double[] high) {
    public Band {
        if (mean.length != low.length || mean.length != high.length)
            throw new IllegalArgumentException("band arrays differ in length: " + mean.length + ", " + low.length + ", " + high.length);
    }
}
