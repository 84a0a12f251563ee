package org.loopedicl.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matmuls with few outputs (read-out has one), where a Gemm panel would be mostly padding:
 * forward rows as dot products, the input gradient as axpys, the weight gradient by columns of x;
 * and the column sums that give every bias gradient. One instance per calling thread carries a
 * call's operands to the pool's workers, so a call allocates nothing.
 */
final class NarrowMatmul implements Parallel.RangeBody {
    private static final VectorSpecies<Float> S = VectorSpecies.ofPreferred(float.class);
    private static final int L = S.length();
    /** Work (multiply-adds or elements) below which a part is not worth another thread. */
    private static final int MIN_PART_WORK = 1 << 15;

    private enum Op { FORWARD, BACKWARD_INPUT, WEIGHT_GRADIENT, COLUMN_SUMS }

    private static final ThreadLocal<NarrowMatmul> PER_CALLER = ThreadLocal.withInitial(NarrowMatmul::new);
    /** Per-thread accumulators of the column-split kernels, owned by whichever thread runs a part. */
    private static final ThreadLocal<float[]> ACCUMULATORS = ThreadLocal.withInitial(() -> new float[0]);

    private Op op;
    /** The operands under the forward's names: y = x·wᵀ + b (each kernel says what they hold). */
    private float[] y, x, w, b;
    private int rows, in, out;

    private NarrowMatmul() {}

    /** y[r, o] = b[o] + Σ_i x[r, i]·w[o, i] (b may be null). */
    static void forward(float[] y, float[] x, float[] w, float[] b, int rows, int in, int out) {
        start(Op.FORWARD, y, x, w, b, rows, in, out).runRows(rows, in * out);
    }

    /** dx[r, i] = Σ_o dy[r, o]·w[o, i]. */
    static void backwardInput(float[] dx, float[] dy, float[] w, int rows, int in, int out) {
        start(Op.BACKWARD_INPUT, dx, dy, w, null, rows, in, out).runRows(rows, in * out);
    }

    /**
     * dw[o, ·] += Σ_r dy[r, o]·x[r, ·]: columns of x split over threads at vector boundaries; each
     * part sweeps the rows in order (memory order) into its own accumulators, so every element
     * still sums its rows in order whatever the split.
     */
    static void weightGradient(float[] dw, float[] dy, float[] x, int rows, int in, int out) {
        start(Op.WEIGHT_GRADIENT, dw, x, dy, null, rows, in, out).runColumns(in, rows * out);
    }

    /** sums[j] += Σ_r m[r, j]: columns split over threads, rows swept in memory order, each column summed in row order. */
    static void columnSums(float[] sums, float[] m, int rows, int cols) {
        start(Op.COLUMN_SUMS, sums, m, null, null, rows, cols, 0).runColumns(cols, rows);
    }

    private static NarrowMatmul start(Op op, float[] y, float[] x, float[] w, float[] b, int rows, int in, int out) {
        NarrowMatmul k = PER_CALLER.get();
        k.op = op;
        k.y = y;
        k.x = x;
        k.w = w;
        k.b = b;
        k.rows = rows;
        k.in = in;
        k.out = out;
        return k;
    }

    private void runRows(int rows, int workPerRow) {
        Parallel.forRange(rows, Math.max(1, MIN_PART_WORK / Math.max(1, workPerRow)), this);
        y = x = w = b = null;
    }

    private void runColumns(int columns, int workPerColumn) {
        int vectors = (columns + L - 1) / L;
        Parallel.forRange(vectors, Math.max(1, MIN_PART_WORK / Math.max(1, workPerColumn * L)), this);
        y = x = w = b = null;
    }

    @Override
    public void run(int lo, int hi) {
        switch (op) {
            case FORWARD -> forwardRows(lo, hi);
            case BACKWARD_INPUT -> backwardInputRows(lo, hi);
            case WEIGHT_GRADIENT -> weightGradientColumns(lo * L, Math.min(in, hi * L));
            case COLUMN_SUMS -> columnSums(lo * L, Math.min(in, hi * L));
        }
    }

    private void forwardRows(int lo, int hi) {
        for (int r = lo; r < hi; r++)
            for (int o = 0; o < out; o++) y[r * out + o] = (b == null ? 0f : b[o]) + dot(x, r * in, w, o * in, in);
    }

    /** Here y is dx and x is dy. */
    private void backwardInputRows(int lo, int hi) {
        for (int r = lo; r < hi; r++) {
            int xo = r * in;
            Arrays.fill(y, xo, xo + in, 0f);
            for (int o = 0; o < out; o++) axpy(x[r * out + o], w, o * in, y, xo, in);
        }
    }

    /** Here y is dw and w is dy. */
    private void weightGradientColumns(int i0, int i1) {
        int body = i0 + S.loopBound(i1 - i0);
        float[] acc = accumulators(out * in);
        for (int o = 0; o < out; o++) Arrays.fill(acc, o * in + i0, o * in + i1, 0f);
        for (int r = 0; r < rows; r++) {
            int xo = r * in;
            for (int o = 0; o < out; o++) {
                float g = w[r * out + o];
                int ao = o * in;
                for (int i = i0; i < body; i += L)
                    FloatVector.fromArray(S, x, xo + i).fma(FloatVector.broadcast(S, g), FloatVector.fromArray(S, acc, ao + i))
                            .intoArray(acc, ao + i);
                for (int i = body; i < i1; i++) acc[ao + i] += g * x[xo + i];
            }
        }
        for (int o = 0; o < out; o++)
            for (int i = i0; i < i1; i++) y[o * in + i] += acc[o * in + i];
    }

    /** Here y is the sums and x the matrix, {@code in} its columns. */
    private void columnSums(int j0, int j1) {
        int body = j0 + S.loopBound(j1 - j0);
        float[] acc = accumulators(in);
        Arrays.fill(acc, j0, j1, 0f);
        for (int r = 0; r < rows; r++) {
            int mo = r * in;
            for (int j = j0; j < body; j += L)
                FloatVector.fromArray(S, acc, j).add(FloatVector.fromArray(S, x, mo + j)).intoArray(acc, j);
            for (int j = body; j < j1; j++) acc[j] += x[mo + j];
        }
        for (int j = j0; j < j1; j++) y[j] += acc[j];
    }

    /** The running thread's accumulator buffer of at least n floats. */
    private static float[] accumulators(int n) {
        float[] a = ACCUMULATORS.get();
        if (a.length < n) ACCUMULATORS.set(a = new float[n]);
        return a;
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L)
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        float s = VectorMath.sum(acc);
        for (; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }

    /** y[yo ..] += alpha·x[xo ..] over n elements. */
    private static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L)
            FloatVector.fromArray(S, x, xo + i).fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, y, yo + i))
                    .intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }
}
