package org.loopedicl.task;

import java.util.Arrays;

/**
 * Draws batches of prompts of one function class from one prompt distribution, with a fresh f
 * per prompt. xs always has n_dims columns (the model's input width); the dims curriculum
 * leaves columns ≥ d_active at 0, except for classes that ignore it (decision trees).
 */
public final class PromptSampler {
    private final FunctionClass functionClass;
    private final PromptDistribution distribution;
    private final int nDims;

    public PromptSampler(FunctionClass functionClass, PromptDistribution distribution, int nDims) {
        if (nDims < 1) throw new IllegalArgumentException("n_dims must be >= 1, got " + nDims);
        this.functionClass = functionClass;
        this.distribution = distribution;
        this.nDims = nDims;
    }

    /** The training distribution: x ~ N(0, I), labels as f gives them. */
    public PromptSampler(FunctionClass functionClass, int nDims) {
        this(functionClass, PromptDistribution.STANDARD, nDims);
    }

    public FunctionClass functionClass() {
        return functionClass;
    }

    public PromptDistribution distribution() {
        return distribution;
    }

    public int nDims() {
        return nDims;
    }

    /** The number of leading coordinates that are non-zero when the curriculum is at dActive. */
    public int activeDims(int dActive) {
        if (dActive < 1 || dActive > nDims)
            throw new IllegalArgumentException("d_active must be in 1.." + nDims + ", got " + dActive);
        return functionClass.followsDimsCurriculum() ? dActive : nDims;
    }

    /**
     * A batch for training or plain evaluation. For the query samplers the last point of every
     * prompt is the OOD query (asked after the points−1 before it).
     */
    public PromptBatch sample(int batch, int points, int dActive, RandomStream rng) {
        int active = activeDims(dActive);
        int defined = distribution.xSampler().definedQueries(points, active);
        if (defined < points)
            throw new IllegalArgumentException(distribution.name() + " defines queries only at the first " + defined
                    + " positions, asked for " + points + " points; use sampleQueries or fewer points");
        return draw(batch, points, active, rng, false).forQuery(points - 1);
    }

    /** A batch from which {@link QueryPrompts#forQuery} builds the prompt that asks query k, for every k. */
    public QueryPrompts sampleQueries(int batch, int points, int dActive, RandomStream rng) {
        return draw(batch, points, activeDims(dActive), rng, true);
    }

    private QueryPrompts draw(int batch, int points, int active, RandomStream rng, boolean everyQuery) {
        if (batch < 1 || points < 1)
            throw new IllegalArgumentException("batch and points must be >= 1, got " + batch + ", " + points);
        int rowFloats = points * nDims;
        float[] xs = new float[batch * rowFloats];
        float[] queries = new float[batch * rowFloats];
        float[] ys = new float[batch * points];
        float[] queryYs = new float[batch * points];
        LabelShift shift = distribution.labelShift();
        double normalizer = functionClass.normalizer(active);
        for (int b = 0; b < batch; b++) {
            PromptFunction f = functionClass.sample(rng, nDims, active);
            distribution.xSampler().sample(rng, points, nDims, active, xs, queries, b * rowFloats);
            for (int p = 0; p < points; p++) {
                int x = b * rowFloats + p * nDims;
                ys[b * points + p] = (float) shift.apply(f.valueAt(xs, x), normalizer, rng);
                if (!everyQuery && p < points - 1) continue;
                boolean samePoint = Arrays.equals(xs, x, x + nDims, queries, x, x + nDims);
                queryYs[b * points + p] = samePoint ? ys[b * points + p] : (float) shift.apply(f.valueAt(queries, x), normalizer, rng);
            }
        }
        int defined = distribution.xSampler().definedQueries(points, active);
        return new QueryPrompts(xs, ys, queries, queryYs, batch, points, nDims, defined);
    }
}
