package org.loopedicl.task;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A fixed set of prompts drawn once, for sample-efficiency studies (docs/DESIGN.md §7), all at one
 * (points, d_active) — the trainer passes the curriculum's end values, the configuration's full
 * size. Every prompt has a 64-bit hash of its exact content, so that a held-out set can be drawn
 * that provably shares no prompt with a training set ({@link #drawDisjoint}).
 */
public final class FixedDataset {
    private final float[] xs;
    private final float[] ys;
    private final long[] hashes;
    private final int size;
    private final int points;
    private final int dims;

    private FixedDataset(float[] xs, float[] ys, long[] hashes, int size, int points, int dims) {
        this.xs = xs;
        this.ys = ys;
        this.hashes = hashes;
        this.size = size;
        this.points = points;
        this.dims = dims;
    }

    /** {@code size} prompts drawn one after another from {@code rng}. */
    public static FixedDataset draw(PromptSampler sampler, int size, int points, int dActive, RandomStream rng) {
        return drawDisjoint(sampler, size, points, dActive, rng, Set.of());
    }

    /**
     * {@code size} prompts none of which occurs in {@code exclude}: a drawn prompt whose hash
     * matches one of exclude's is dropped and another drawn. Identical prompts have identical
     * hashes, so no prompt can be shared; a mere hash collision only costs a redraw. Pass a
     * stream other than the training set's, or nearly every draw would be dropped.
     */
    public static FixedDataset drawDisjoint(PromptSampler sampler, int size, int points, int dActive,
                                            RandomStream rng, FixedDataset exclude) {
        if (exclude.points != points || exclude.dims != sampler.nDims())
            throw new IllegalArgumentException("held-out prompts must have the training set's shape "
                    + exclude.points + "×" + exclude.dims + ", asked for " + points + "×" + sampler.nDims());
        Set<Long> excluded = new HashSet<>();
        for (long h : exclude.hashes) excluded.add(h);
        return drawDisjoint(sampler, size, points, dActive, rng, excluded);
    }

    private static FixedDataset drawDisjoint(PromptSampler sampler, int size, int points, int dActive,
                                             RandomStream rng, Set<Long> excluded) {
        int dims = sampler.nDims();
        if (size < 1) throw new IllegalArgumentException("a dataset needs >= 1 prompt, got " + size);
        if ((long) size * points * dims > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException(size + " prompts of " + points + "×" + dims + " do not fit one array");
        float[] xs = new float[size * points * dims];
        float[] ys = new float[size * points];
        long[] hashes = new long[size];
        for (int i = 0; i < size; ) {
            PromptBatch prompt = sampler.sample(1, points, dActive, rng);
            long h = hash(prompt.xs(), 0, points * dims, prompt.ys(), 0, points);
            if (excluded.contains(h)) continue;
            System.arraycopy(prompt.xs(), 0, xs, i * points * dims, points * dims);
            System.arraycopy(prompt.ys(), 0, ys, i * points, points);
            hashes[i++] = h;
        }
        return new FixedDataset(xs, ys, hashes, size, points, dims);
    }

    public int size() {
        return size;
    }

    public int points() {
        return points;
    }

    public int dims() {
        return dims;
    }

    /** The hash of prompt i's xs and ys bits. */
    public long promptHash(int i) {
        return hashes[i];
    }

    /** Whether some prompt of this set equals, bit for bit, some prompt of {@code other}. */
    public boolean sharesPromptWith(FixedDataset other) {
        Set<Long> otherHashes = new HashSet<>();
        for (long h : other.hashes) otherHashes.add(h);
        for (int i = 0; i < size; i++) {
            if (!otherHashes.contains(hashes[i])) continue;
            for (int j = 0; j < other.size; j++)
                if (hashes[i] == other.hashes[j] && sameContent(i, other, j)) return true;
        }
        return false;
    }

    /** Prompts from, from+1, …, from+count−1, e.g. to evaluate on a held-out set. */
    public PromptBatch slice(int from, int count) {
        if (from < 0 || count < 1 || from + count > size)
            throw new IllegalArgumentException("slice [" + from + ", " + (from + count) + ") is outside 0.." + size);
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) indices[i] = from + i;
        return gather(indices, 0, count);
    }

    /** The prompts indices[from], …, indices[from+count−1], in that order. */
    PromptBatch gather(int[] indices, int from, int count) {
        int rowFloats = points * dims;
        float[] outXs = new float[count * rowFloats];
        float[] outYs = new float[count * points];
        for (int b = 0; b < count; b++) {
            int i = indices[from + b];
            System.arraycopy(xs, i * rowFloats, outXs, b * rowFloats, rowFloats);
            System.arraycopy(ys, i * points, outYs, b * points, points);
        }
        return new PromptBatch(outXs, outYs, count, points, dims);
    }

    private boolean sameContent(int i, FixedDataset other, int j) {
        int rowFloats = points * dims;
        return points == other.points && dims == other.dims
                && Arrays.equals(xs, i * rowFloats, (i + 1) * rowFloats, other.xs, j * rowFloats, (j + 1) * rowFloats)
                && Arrays.equals(ys, i * points, (i + 1) * points, other.ys, j * points, (j + 1) * points);
    }

    private static long hash(float[] xs, int xFrom, int xCount, float[] ys, int yFrom, int yCount) {
        long h = xCount * 31L + yCount;
        for (int i = 0; i < xCount; i++) h = RandomStream.mix64(h + Float.floatToRawIntBits(xs[xFrom + i]));
        for (int i = 0; i < yCount; i++) h = RandomStream.mix64(h + Float.floatToRawIntBits(ys[yFrom + i]));
        return h;
    }
}
