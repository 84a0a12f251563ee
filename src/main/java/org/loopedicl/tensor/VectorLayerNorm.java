package org.loopedicl.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Layer norm over rows, forward and backward, with the vector API. One instance per calling thread
 * carries a call's operands to the pool's workers, so a call allocates nothing.
 */
final class VectorLayerNorm implements Parallel.RangeBody {
    private static final VectorSpecies<Float> S = VectorSpecies.ofPreferred(float.class);
    private static final int L = S.length();
    /** Elements below which a part is not worth another thread. */
    private static final int MIN_PART = 1 << 15;

    private static final ThreadLocal<VectorLayerNorm> PER_CALLER = ThreadLocal.withInitial(VectorLayerNorm::new);

    private boolean backward;
    private float[] y, dx, dy, x, mean, rstd, w, b;
    /** Backward: each part's dw and db sums, [parts][2][dim]. */
    private float[] partial = new float[0];
    private int rows, dim, parts;

    private VectorLayerNorm() {}

    private static int minRows(int dim) {
        return Math.max(1, MIN_PART / Math.max(1, dim));
    }

    static void forward(float[] y, float[] mean, float[] rstd, float[] x, float[] w, float[] b, int rows, int dim) {
        VectorLayerNorm k = PER_CALLER.get();
        k.backward = false;
        k.y = y;
        k.mean = mean;
        k.rstd = rstd;
        k.x = x;
        k.w = w;
        k.b = b;
        k.dim = dim;
        Parallel.forRange(rows, minRows(dim), k);
        k.release();
    }

    /**
     * Each part sums its rows' dw and db contributions into its own slice; the slices are then
     * added in part order, so the result depends on the thread count but not on scheduling.
     */
    static void backward(float[] dx, float[] dw, float[] db, float[] dy, float[] x, float[] mean,
                         float[] rstd, float[] w, int rows, int dim) {
        VectorLayerNorm k = PER_CALLER.get();
        int parts = Math.min(Parallel.threads(), Math.max(1, rows / minRows(dim)));
        if (k.partial.length < 2 * parts * dim) k.partial = new float[2 * parts * dim];
        float[] part = k.partial;
        Arrays.fill(part, 0, 2 * parts * dim, 0f);
        k.backward = true;
        k.dx = dx;
        k.dy = dy;
        k.x = x;
        k.mean = mean;
        k.rstd = rstd;
        k.w = w;
        k.rows = rows;
        k.dim = dim;
        k.parts = parts;
        Parallel.forRange(parts, 1, k);
        k.release();
        for (int i = 0; i < dim; i++) {
            float sw = part[i], sb = part[dim + i];
            for (int p = 1; p < parts; p++) {
                sw += part[2 * p * dim + i];
                sb += part[2 * p * dim + dim + i];
            }
            dw[i] += sw;
            db[i] += sb;
        }
    }

    private void release() {
        y = dx = dy = x = mean = rstd = w = b = null;
    }

    @Override
    public void run(int lo, int hi) {
        if (backward) for (int p = lo; p < hi; p++) backwardPart(p);
        else forwardRows(lo, hi);
    }

    private void forwardRows(int lo, int hi) {
        int bound = S.loopBound(dim);
        for (int r = lo; r < hi; r++) {
            int o = r * dim;
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < bound; i += L) acc = acc.add(FloatVector.fromArray(S, x, o + i));
            float sum = VectorMath.sum(acc);
            for (int i = bound; i < dim; i++) sum += x[o + i];
            float m = sum / dim;
            acc = FloatVector.zero(S);
            for (int i = 0; i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, o + i).sub(m);
                acc = d.fma(d, acc);
            }
            float var = VectorMath.sum(acc);
            for (int i = bound; i < dim; i++) var += (x[o + i] - m) * (x[o + i] - m);
            float s = (float) (1.0 / Math.sqrt(var / dim + ScalarKernels.LN_EPS));
            for (int i = 0; i < bound; i += L) {
                FloatVector xh = FloatVector.fromArray(S, x, o + i).sub(m).mul(s);
                xh.fma(FloatVector.fromArray(S, w, i), FloatVector.fromArray(S, b, i)).intoArray(y, o + i);
            }
            for (int i = bound; i < dim; i++) y[o + i] = (x[o + i] - m) * s * w[i] + b[i];
            mean[r] = m;
            rstd[r] = s;
        }
    }

    private void backwardPart(int p) {
        float[] part = partial;
        int bound = S.loopBound(dim), dwo = 2 * p * dim, dbo = dwo + dim;
        for (int r = Parallel.bound(rows, p, parts); r < Parallel.bound(rows, p + 1, parts); r++) {
            int o = r * dim;
            float m = mean[r], s = rstd[r];
            FloatVector accG = FloatVector.zero(S), accGx = FloatVector.zero(S);
            for (int i = 0; i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(S, dy, o + i);
                FloatVector xh = FloatVector.fromArray(S, x, o + i).sub(m).mul(s);
                FloatVector g = d.mul(FloatVector.fromArray(S, w, i));
                accG = accG.add(g);
                accGx = g.fma(xh, accGx);
                d.fma(xh, FloatVector.fromArray(S, part, dwo + i)).intoArray(part, dwo + i);
                d.add(FloatVector.fromArray(S, part, dbo + i)).intoArray(part, dbo + i);
            }
            float sumG = VectorMath.sum(accG), sumGx = VectorMath.sum(accGx);
            for (int i = bound; i < dim; i++) {
                float xh = (x[o + i] - m) * s, g = dy[o + i] * w[i];
                sumG += g;
                sumGx += g * xh;
                part[dwo + i] += dy[o + i] * xh;
                part[dbo + i] += dy[o + i];
            }
            float meanG = sumG / dim, meanGx = sumGx / dim;
            for (int i = 0; i < bound; i += L) {
                FloatVector xh = FloatVector.fromArray(S, x, o + i).sub(m).mul(s);
                FloatVector g = FloatVector.fromArray(S, dy, o + i).mul(FloatVector.fromArray(S, w, i));
                g.sub(meanG).sub(xh.mul(meanGx)).mul(s).add(FloatVector.fromArray(S, dx, o + i)).intoArray(dx, o + i);
            }
            for (int i = bound; i < dim; i++) {
                float xh = (x[o + i] - m) * s;
                dx[o + i] += (dy[o + i] * w[i] - meanG - xh * meanGx) * s;
            }
        }
    }
}
