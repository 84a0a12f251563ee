package org.loopedicl.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Causal attention, one (batch, head) pair at a time, with the layouts of {@link Kernels#attention}.
 *
 * <p>Heads are small (8–32 wide) and sequences short (≤ ~200), so each head is copied into
 * per-thread scratch first: one operand transposed to [head][t] — the queries in the forward
 * pass, the output gradients in the backward pass, so that both work on Pᵀ [key][query] a vector
 * of queries at a time — and the others as [t][hp] rows zero-padded to a whole number of vectors.
 * The probabilities are kept as Pᵀ too (the layout of {@link Kernels#attention}): the forward pass
 * writes its rows as they lie, and the softmax's backward needs no reduction across lanes. All products then run on eight rows at once with independent accumulators (four
 * chains left the FMA units waiting on their own latency); the padding lanes are zero and never
 * written back.
 */
final class VectorAttention implements Parallel.RangeBody {
    private static final VectorSpecies<Float> S = VectorSpecies.ofPreferred(float.class);
    private static final int L = S.length();
    /** Rows (or columns) handled together by the small products. */
    private static final int B = 8;
    /** Floats in a 64-byte cache line. */
    private static final int FLOATS_PER_LINE = 16;

    /**
     * L × −∞ then L zeros, and L zeros then L ones: read at offset L − n they give a vector whose
     * first n lanes are masked, as plain loads (masked vector operations are slow in places, see below).
     */
    private static final float[] DEAD = new float[2 * L], LIVE = new float[2 * L];

    static {
        Arrays.fill(DEAD, 0, L, Float.NEGATIVE_INFINITY);
        Arrays.fill(LIVE, L, 2 * L, 1f);
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** A call's operands, read by the pool's workers while the caller waits: a capturing lambda would allocate per call. */
    private static final ThreadLocal<VectorAttention> PER_CALLER = ThreadLocal.withInitial(VectorAttention::new);

    private boolean backward;
    private float[] out, probs, qkv, dqkv, dout;
    private int t, c, heads;

    private VectorAttention() {}

    private static void run(boolean backward, float[] out, float[] dqkv, float[] dout, float[] qkv, float[] probs,
                            int batch, int t, int c, int heads) {
        VectorAttention k = PER_CALLER.get();
        k.backward = backward;
        k.out = out;
        k.dqkv = dqkv;
        k.dout = dout;
        k.qkv = qkv;
        k.probs = probs;
        k.t = t;
        k.c = c;
        k.heads = heads;
        Parallel.forRange(batch * heads, 1, k);
        k.out = k.dqkv = k.dout = k.qkv = k.probs = null;
    }

    static void forward(float[] out, float[] probs, float[] qkv, int batch, int t, int c, int heads) {
        run(false, out, null, null, qkv, probs, batch, t, c, heads);
    }

    static void backward(float[] dqkv, float[] dout, float[] qkv, float[] probs, int batch, int t, int c, int heads) {
        run(true, null, dqkv, dout, qkv, probs, batch, t, c, heads);
    }

    @Override
    public void run(int lo, int hi) {
        if (backward) backwardHeads(lo, hi);
        else forwardHeads(lo, hi);
    }

    /** Per-thread buffers, grown on demand. */
    private static final class Scratch {
        float[] transposed = new float[0]; // [hs][tp]: queries (forward) or values (backward)
        float[] a = new float[0], b = new float[0], d = new float[0], e = new float[0]; // [tb][hp] rows
        float[] p = new float[0], ds = new float[0]; // [tb][tp] probability / score rows
        float[] rows = new float[0]; // [B][tp]
        float[] block = new float[0]; // [B][hp]
        /** Where {@link #touch} leaves its sums. */
        float sink;
        private final int[] lanes = new int[L];
        private int lanesStride = -1;

        /** The gather offsets 0, stride, 2·stride, … of one vector's lanes. */
        int[] lanes(int stride) {
            if (stride != lanesStride) {
                for (int i = 0; i < L; i++) lanes[i] = i * stride;
                lanesStride = stride;
            }
            return lanes;
        }

        void ensure(int t, int tp, int hs, int hp) {
            int tb = roundUp(t, B);
            if (transposed.length < hs * tp) transposed = new float[hs * tp];
            if (a.length < tb * hp) {
                a = new float[tb * hp];
                b = new float[tb * hp];
                d = new float[tb * hp];
                e = new float[tb * hp];
            }
            if (p.length < tb * tp) {
                p = new float[tb * tp];
                ds = new float[tb * tp];
            }
            if (rows.length < B * tp) rows = new float[B * tp];
            if (block.length < B * hp) block = new float[B * hp];
        }
    }

    /**
     * Reads one float per cache line of a[off ..< off + n], in order, and returns their sum (kept,
     * so that the loads stay). A head reads its 32–128 bytes from each of t rows 1–3 KB apart, a
     * stride the hardware prefetchers do not follow, so every head waited on memory for each row;
     * touching all rows of a sequence once, in order, before its first head brings them into L2
     * for all its heads (with the gathered transpose, paper-looped's attention ran 21% faster
     * forward and 16% backward: docs/PERFORMANCE.md).
     */
    private static float touch(float[] a, int off, int n) {
        float s = 0f;
        for (int i = off; i < off + n; i += FLOATS_PER_LINE) s += a[i];
        return s;
    }

    private static int roundUp(int n, int m) {
        return (n + m - 1) / m * m;
    }

    /** Width of a padded score row: whole vectors, and room for a block of B columns past any j < t. */
    private static int paddedT(int t) {
        return roundUp(roundUp(t, B), L);
    }

    /**
     * Works on the transposed scores Sᵀ [key j][query i], a vector of queries at a time: the
     * softmax over j is then lane-wise maxima and sums across vectors, with no reduction across
     * lanes (those dominated the row-wise form at these short rows).
     */
    private void forwardHeads(int lo, int hi) {
        int hs = c / heads, hp = roundUp(hs, L), tp = paddedT(t), c3 = 3 * c;
        float scale = (float) (1.0 / Math.sqrt(hs));
        Scratch sc = SCRATCH.get();
        sc.ensure(t, tp, hs, hp);
        float[] pt = sc.p;
        // Heads of whole vectors are read and written where they lie; others go through
        // zero-padded copies.
        boolean inPlace = hs == hp;
        for (int bh = lo; bh < hi; bh++) {
            int b = bh / heads, h = bh % heads;
            int base = b * t * c3 + h * hs, po = bh * t * t;
            if (h == 0 || bh == lo) sc.sink += touch(qkv, b * t * c3, t * c3);
            transpose(qkv, base, c3, t, hs, sc.transposed, tp, sc);
            float[] k = qkv, v = qkv;
            int kOff = base + c, vOff = base + 2 * c, kvStride = c3;
            if (!inPlace) {
                gather(qkv, kOff, c3, t, hs, k = sc.a, hp);
                gather(qkv, vOff, c3, t, hs, v = sc.b, hp);
                kOff = vOff = 0;
                kvStride = hp;
            }
            for (int i0 = 0; i0 < t; i0 += L)
                softmaxColumns(k, kOff, kvStride, t, sc.transposed, tp, hs, i0, roundUp(Math.min(t, i0 + L), B), scale, pt);
            // out_i = Σ_{j ≤ i} P[i, j]·v_j; Pᵀ is exactly 0 above the diagonal, so a block of B
            // queries can sum over the keys of its last row.
            for (int i0 = 0; i0 < t; i0 += B) {
                int rows = Math.min(B, t - i0), o = (b * t + i0) * c + h * hs;
                if (inPlace) {
                    columnsTimesRows(pt, i0, tp, 0, i0 + rows, v, vOff, kvStride, hp, out, o, c, rows);
                } else {
                    columnsTimesRows(pt, i0, tp, 0, i0 + rows, v, vOff, kvStride, hp, sc.block, 0, hp, B);
                    for (int r = 0; r < rows; r++) scatter(sc.block, r * hp, hs, out, o + r * c);
                }
            }
            // Row j of Pᵀ from the lane block that holds its diagonal on: below that, pt keeps what
            // earlier heads left (softmaxColumns stops at the last key of each block's queries).
            for (int j = 0; probs != null && j < t; j++) {
                int from = j / L * L, o = po + j * t;
                Arrays.fill(probs, o, o + from, 0f);
                copyRow(pt, j * tp + from, t - from, probs, o + from, t - from);
            }
        }
    }

    /**
     * Pᵀ[j][i0 ..< i0 + L] for keys j < jRows (a whole number of blocks): the scaled scores
     * k_j·q_i (key j at k[kOff + j·kStride], rows past t repeating the last), then the softmax
     * over j of each lane i, with keys j > i masked out (−∞ before the max, exactly 0 after exp).
     */
    private static void softmaxColumns(float[] k, int kOff, int kStride, int t, float[] qt, int tp, int hs, int i0, int jRows,
                                       float scale, float[] pt) {
        FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j0 = 0; j0 < jRows; j0 += B) {
            rowsTimesTransposed(k, kOff, kStride, j0, t - 1, qt, i0, tp, hs, L, pt, j0 * tp + i0, scale);
            for (int j = j0; j < j0 + B; j++) {
                int o = j * tp + i0;
                FloatVector x = FloatVector.fromArray(S, pt, o).add(FloatVector.fromArray(S, DEAD, deadBelow(j - i0)));
                x.intoArray(pt, o);
                max = max.max(x);
            }
        }
        for (int j = 0; j < jRows; j++) {
            int o = j * tp + i0;
            FloatVector.fromArray(S, pt, o).sub(max).intoArray(pt, o);
        }
        VectorMath.exp(pt, i0, tp, jRows);
        FloatVector sum = FloatVector.zero(S);
        for (int j = 0; j < jRows; j++) {
            int o = j * tp + i0;
            FloatVector e = FloatVector.fromArray(S, pt, o).mul(FloatVector.fromArray(S, LIVE, deadBelow(j - i0)));
            e.intoArray(pt, o);
            sum = sum.add(e);
        }
        FloatVector inv = FloatVector.broadcast(S, 1f).div(sum);
        for (int j = 0; j < jRows; j++) {
            int o = j * tp + i0;
            FloatVector.fromArray(S, pt, o).mul(inv).intoArray(pt, o);
        }
    }

    /** Offset into DEAD or LIVE of the vector whose first {@code n} lanes are masked (n clamped to 0 … L). */
    private static int deadBelow(int n) {
        return L - Math.max(0, Math.min(n, L));
    }

    /**
     * The forward pass transposed once more: dPᵀ = V·dOᵀ and dSᵀ = Pᵀ ⊙ (dPᵀ − Σ_j Pᵀ ⊙ dPᵀ)·scale a
     * vector of queries at a time; then dQ = dS·K gathers columns of dSᵀ (as P·V does), and
     * dK = dSᵀ·Q and dV = Pᵀ·dO its rows from the diagonal on.
     */
    private void backwardHeads(int lo, int hi) {
        int hs = c / heads, hp = roundUp(hs, L), tp = paddedT(t), c3 = 3 * c, tb = roundUp(t, B);
        float scale = (float) (1.0 / Math.sqrt(hs));
        Scratch sc = SCRATCH.get();
        sc.ensure(t, tp, hs, hp);
        boolean inPlace = hs == hp; // as in the forward pass
        for (int bh = lo; bh < hi; bh++) {
            int b = bh / heads, h = bh % heads;
            int base = b * t * c3 + h * hs, po = bh * t * t, dOff = b * t * c + h * hs;
            if (h == 0 || bh == lo) sc.sink += touch(qkv, b * t * c3, t * c3) + touch(dout, b * t * c, t * c);
            float[] pt = sc.p, dst = sc.ds, q = qkv, k = qkv, v = qkv, dO = dout;
            int qOff = base, kOff = base + c, vOff = base + 2 * c, qkvStride = c3, dOOff = dOff, dOStride = c;
            transpose(dout, dOff, c, t, hs, sc.transposed, tp, sc);
            if (!inPlace) {
                gather(qkv, qOff, c3, t, hs, q = sc.a, hp);
                gather(qkv, kOff, c3, t, hs, k = sc.b, hp);
                gather(qkv, vOff, c3, t, hs, v = sc.e, hp);
                gather(dout, dOff, c, t, hs, dO = sc.d, hp);
                qOff = kOff = vOff = dOOff = 0;
                qkvStride = dOStride = hp;
            }
            for (int j = 0; j < t; j++) copyRow(probs, po + j * t, t, pt, j * tp, tp);
            Arrays.fill(pt, t * tp, tb * tp, 0f); // whole blocks of rows
            for (int i0 = 0; i0 < t; i0 += L)
                softmaxBackwardColumns(v, vOff, qkvStride, t, sc.transposed, tp, hs, i0, roundUp(Math.min(t, i0 + L), B), scale, pt, dst);
            for (int i0 = 0; i0 < t; i0 += B) {
                int rows = Math.min(B, t - i0), dq = base + i0 * c3;
                if (inPlace) {
                    columnsTimesRows(dst, i0, tp, 0, i0 + rows, k, kOff, qkvStride, hp, dqkv, dq, c3, rows);
                } else {
                    columnsTimesRows(dst, i0, tp, 0, i0 + rows, k, kOff, qkvStride, hp, sc.block, 0, hp, B);
                    for (int r = 0; r < rows; r++) scatter(sc.block, r * hp, hs, dqkv, dq + r * c3);
                }
            }
            for (int j0 = 0; j0 < t; j0 += B) {
                int rows = Math.min(B, t - j0), dk = base + c + j0 * c3, dv = dk + c;
                if (inPlace) {
                    rowsTimesRows(dst, j0 * tp, tp, j0, t, q, qOff, qkvStride, hp, dqkv, dk, c3, rows);
                    rowsTimesRows(pt, j0 * tp, tp, j0, t, dO, dOOff, dOStride, hp, dqkv, dv, c3, rows);
                } else {
                    rowsTimesRows(dst, j0 * tp, tp, j0, t, q, qOff, qkvStride, hp, sc.block, 0, hp, B);
                    for (int r = 0; r < rows; r++) scatter(sc.block, r * hp, hs, dqkv, dk + r * c3);
                    rowsTimesRows(pt, j0 * tp, tp, j0, t, dO, dOOff, dOStride, hp, sc.block, 0, hp, B);
                    for (int r = 0; r < rows; r++) scatter(sc.block, r * hp, hs, dqkv, dv + r * c3);
                }
            }
        }
    }

    /**
     * dSᵀ[j][i0 ..< i0 + L] for keys j < jRows (a whole number of blocks, rows past t repeating the
     * last value): dPᵀ = v_j·dO_i, then Pᵀ ⊙ (dPᵀ − Σ_j Pᵀ ⊙ dPᵀ)·scale lane by lane. Pᵀ is exactly 0
     * above the diagonal and past t, so neither the sum nor dSᵀ needs a mask.
     */
    private static void softmaxBackwardColumns(float[] v, int vOff, int vStride, int t, float[] dOt, int tp, int hs, int i0, int jRows,
                                               float scale, float[] pt, float[] dst) {
        for (int j0 = 0; j0 < jRows; j0 += B)
            rowsTimesTransposed(v, vOff, vStride, j0, t - 1, dOt, i0, tp, hs, L, dst, j0 * tp + i0, 1f);
        FloatVector dot = FloatVector.zero(S);
        for (int j = 0; j < jRows; j++) {
            int o = j * tp + i0;
            dot = FloatVector.fromArray(S, pt, o).fma(FloatVector.fromArray(S, dst, o), dot);
        }
        for (int j = 0; j < jRows; j++) {
            int o = j * tp + i0;
            FloatVector.fromArray(S, pt, o).mul(FloatVector.fromArray(S, dst, o).sub(dot)).mul(scale).intoArray(dst, o);
        }
    }

    /**
     * dst[k·tp + j] = src[off + j·stride + k] for j < t, zero for t ≤ j < tp. Whole vectors of j are
     * gathered (one load per vector of dst instead of one per element: the scalar loop was a fifth
     * of the forward pass); the last, partial vector is copied element by element.
     */
    private static void transpose(float[] src, int off, int stride, int t, int hs, float[] dst, int tp, Scratch sc) {
        int[] map = sc.lanes(stride);
        int full = t / L * L;
        for (int j0 = 0; j0 < full; j0 += L) {
            int o = off + j0 * stride;
            for (int k = 0; k < hs; k++) FloatVector.fromArray(S, src, o + k, map, 0).intoArray(dst, k * tp + j0);
        }
        for (int k = 0; k < hs; k++)
            for (int j = full; j < tp; j++) dst[k * tp + j] = j < t ? src[off + j * stride + k] : 0f;
    }

    /*
     * No masked loads or stores below: a masked store whose vector would reach past the array's
     * end takes a lane-by-lane bounds check in Java (VectorMask.firstTrue), and the last rows of
     * every buffer are such stores. Whole vectors where they fit, plain copies for the rest.
     */

    /** dst[do ..< do + width] = src[so ..< so + n] followed by zeros (n ≤ width, width a multiple of L). */
    private static void copyRow(float[] src, int so, int n, float[] dst, int dOff, int width) {
        int j = 0;
        for (; j + L <= n; j += L) FloatVector.fromArray(S, src, so + j).intoArray(dst, dOff + j);
        for (; j < n; j++) dst[dOff + j] = src[so + j];
        for (; j < width; j++) dst[dOff + j] = 0f;
    }

    /** dst[j·hp + k] = src[off + j·stride + k] for k < hs, zero for hs ≤ k < hp; zero rows up to a whole block. */
    private static void gather(float[] src, int off, int stride, int t, int hs, float[] dst, int hp) {
        for (int j = 0; j < t; j++) copyRow(src, off + j * stride, hs, dst, j * hp, hp);
        Arrays.fill(dst, t * hp, roundUp(t, B) * hp, 0f);
    }

    /** dst[off + k] = row[ro + k] for k < hs. */
    private static void scatter(float[] row, int ro, int hs, float[] dst, int off) {
        int k = 0;
        for (; k + L <= hs; k += L) FloatVector.fromArray(S, row, ro + k).intoArray(dst, off + k);
        for (; k < hs; k++) dst[off + k] = row[ro + k];
    }

    /**
     * out[outOff + r·tp + j] = scale · Σ_k a[off + (i0+r)·stride + k] · bt[k·tp + col0 + j] for the B
     * rows from i0 (rows past iMax repeat iMax and are ignored by the caller) and j below width
     * rounded up to a vector.
     */
    private static void rowsTimesTransposed(float[] a, int off, int stride, int i0, int iMax, float[] bt, int col0, int tp,
                                            int hs, int width, float[] out, int outOff, float scale) {
        int a0 = off + i0 * stride, a1 = off + Math.min(i0 + 1, iMax) * stride;
        int a2 = off + Math.min(i0 + 2, iMax) * stride, a3 = off + Math.min(i0 + 3, iMax) * stride;
        int a4 = off + Math.min(i0 + 4, iMax) * stride, a5 = off + Math.min(i0 + 5, iMax) * stride;
        int a6 = off + Math.min(i0 + 6, iMax) * stride, a7 = off + Math.min(i0 + 7, iMax) * stride;
        for (int j = 0; j < width; j += L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int k = 0; k < hs; k++) {
                FloatVector kv = FloatVector.fromArray(S, bt, k * tp + col0 + j);
                s0 = FloatVector.broadcast(S, a[a0 + k]).fma(kv, s0);
                s1 = FloatVector.broadcast(S, a[a1 + k]).fma(kv, s1);
                s2 = FloatVector.broadcast(S, a[a2 + k]).fma(kv, s2);
                s3 = FloatVector.broadcast(S, a[a3 + k]).fma(kv, s3);
                s4 = FloatVector.broadcast(S, a[a4 + k]).fma(kv, s4);
                s5 = FloatVector.broadcast(S, a[a5 + k]).fma(kv, s5);
                s6 = FloatVector.broadcast(S, a[a6 + k]).fma(kv, s6);
                s7 = FloatVector.broadcast(S, a[a7 + k]).fma(kv, s7);
            }
            s0.mul(scale).intoArray(out, outOff + j);
            s1.mul(scale).intoArray(out, outOff + tp + j);
            s2.mul(scale).intoArray(out, outOff + 2 * tp + j);
            s3.mul(scale).intoArray(out, outOff + 3 * tp + j);
            s4.mul(scale).intoArray(out, outOff + 4 * tp + j);
            s5.mul(scale).intoArray(out, outOff + 5 * tp + j);
            s6.mul(scale).intoArray(out, outOff + 6 * tp + j);
            s7.mul(scale).intoArray(out, outOff + 7 * tp + j);
        }
    }

    /**
     * Row r < rows of dst (at dOff + r·dStride, hp wide) = Σ_{from ≤ j < to} w[wo + r·tp + j] ·
     * m[mOff + j·mStride ..] for the B rows of w from wo.
     */
    private static void rowsTimesRows(float[] w, int wo, int tp, int from, int to, float[] m, int mOff, int mStride, int hp,
                                      float[] dst, int dOff, int dStride, int rows) {
        for (int k = 0; k < hp; k += L) {
            FloatVector o0 = FloatVector.zero(S), o1 = o0, o2 = o0, o3 = o0, o4 = o0, o5 = o0, o6 = o0, o7 = o0;
            for (int j = from; j < to; j++) {
                FloatVector mv = FloatVector.fromArray(S, m, mOff + j * mStride + k);
                o0 = FloatVector.broadcast(S, w[wo + j]).fma(mv, o0);
                o1 = FloatVector.broadcast(S, w[wo + tp + j]).fma(mv, o1);
                o2 = FloatVector.broadcast(S, w[wo + 2 * tp + j]).fma(mv, o2);
                o3 = FloatVector.broadcast(S, w[wo + 3 * tp + j]).fma(mv, o3);
                o4 = FloatVector.broadcast(S, w[wo + 4 * tp + j]).fma(mv, o4);
                o5 = FloatVector.broadcast(S, w[wo + 5 * tp + j]).fma(mv, o5);
                o6 = FloatVector.broadcast(S, w[wo + 6 * tp + j]).fma(mv, o6);
                o7 = FloatVector.broadcast(S, w[wo + 7 * tp + j]).fma(mv, o7);
            }
            storeRows(o0, o1, o2, o3, o4, o5, o6, o7, dst, dOff + k, dStride, rows);
        }
    }

    /**
     * Row r < rows of dst (at dOff + r·dStride, hp wide) = Σ_{from ≤ i < to} w[i·tp + col0 + r] ·
     * m[mOff + i·mStride ..] for the B columns of w from col0.
     */
    private static void columnsTimesRows(float[] w, int col0, int tp, int from, int to, float[] m, int mOff, int mStride, int hp,
                                         float[] dst, int dOff, int dStride, int rows) {
        for (int k = 0; k < hp; k += L) {
            FloatVector o0 = FloatVector.zero(S), o1 = o0, o2 = o0, o3 = o0, o4 = o0, o5 = o0, o6 = o0, o7 = o0;
            for (int i = from; i < to; i++) {
                FloatVector mv = FloatVector.fromArray(S, m, mOff + i * mStride + k);
                int wo = i * tp + col0;
                o0 = FloatVector.broadcast(S, w[wo]).fma(mv, o0);
                o1 = FloatVector.broadcast(S, w[wo + 1]).fma(mv, o1);
                o2 = FloatVector.broadcast(S, w[wo + 2]).fma(mv, o2);
                o3 = FloatVector.broadcast(S, w[wo + 3]).fma(mv, o3);
                o4 = FloatVector.broadcast(S, w[wo + 4]).fma(mv, o4);
                o5 = FloatVector.broadcast(S, w[wo + 5]).fma(mv, o5);
                o6 = FloatVector.broadcast(S, w[wo + 6]).fma(mv, o6);
                o7 = FloatVector.broadcast(S, w[wo + 7]).fma(mv, o7);
            }
            storeRows(o0, o1, o2, o3, o4, o5, o6, o7, dst, dOff + k, dStride, rows);
        }
    }

    /** The first {@code rows} of a block's eight result vectors, one per row of dst from dOff. */
    private static void storeRows(FloatVector o0, FloatVector o1, FloatVector o2, FloatVector o3, FloatVector o4, FloatVector o5,
                                  FloatVector o6, FloatVector o7, float[] dst, int dOff, int dStride, int rows) {
        o0.intoArray(dst, dOff);
        if (rows > 1) o1.intoArray(dst, dOff + dStride);
        if (rows > 2) o2.intoArray(dst, dOff + 2 * dStride);
        if (rows > 3) o3.intoArray(dst, dOff + 3 * dStride);
        if (rows > 4) o4.intoArray(dst, dOff + 4 * dStride);
        if (rows > 5) o5.intoArray(dst, dOff + 5 * dStride);
        if (rows > 6) o6.intoArray(dst, dOff + 6 * dStride);
        if (rows > 7) o7.intoArray(dst, dOff + 7 * dStride);
    }
}
