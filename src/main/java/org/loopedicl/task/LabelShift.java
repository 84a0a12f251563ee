package org.loopedicl.task;

/**
 * A change applied to f's outputs at evaluation (docs/DESIGN.md §2's scaled y and noisy labels):
 * y' = scale · (y + noiseStd·ε) · √(N / (N + noiseStd²)), ε ~ N(0, 1), N the class's normaliser.
 * The last factor keeps E[y'²] = scale²·N — Garg et al.'s renormalize_ys, taken in expectation
 * rather than from each batch's empirical std so a prompt's labels do not depend on its batch.
 */
public record LabelShift(double scale, double noiseStd) {
    public static final LabelShift NONE = new LabelShift(1, 0);

    public LabelShift {
        if (!Double.isFinite(scale) || !(noiseStd >= 0) || Double.isInfinite(noiseStd))
            throw new IllegalArgumentException("label shift needs a finite scale and noise std >= 0, got " + scale + ", " + noiseStd);
    }

    /** Draws from {@code rng} only when there is noise, so a pure rescaling leaves the stream as it was. */
    public double apply(double y, double normalizer, RandomStream rng) {
        if (noiseStd == 0) return scale * y;
        return scale * (y + noiseStd * rng.nextGaussian()) * Math.sqrt(normalizer / (normalizer + noiseStd * noiseStd));
    }
}
