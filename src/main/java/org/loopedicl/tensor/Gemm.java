package org.loopedicl.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A·B + bias, or C += A·B, for a row-major C [m, n], with A [m, k] and B [k, n] read through
 * arbitrary strides so that one routine serves all three matmul kernels.
 *
 * <p>The speed comes from register blocking and packing: B is packed once per call into panels of
 * {@link #NR} columns laid out [k][NR] (zero-padded) — except a weight gradient's X, whose panels
 * each thread copies where it streams them — and a micro-kernel keeps an MR × 4-vector tile of C
 * in registers while it streams a B panel and broadcasts MR rows of A. 6 × 4 (24 of the 32
 * AVX-512 registers) keeps both FMA units of a Zen 5 core fed: it ran the paper-looped step 13%
 * and the small step 20% faster than 4 × 4 (docs/PERFORMANCE.md). A is read in place when its
 * rows are contiguous; stored transposed (the output gradient of a weight gradient) it is packed
 * per thread into panels of {@link #MR} rows laid out [MR][kc], so the micro-kernel reads both
 * operands at offsets that are its loop counter times a constant (see {@link #kernel}); a weight
 * gradient sums its bias gradient on the way ({@link #weightGradient}). Every element of C sums
 * its k products in the same order whatever the thread count or tile position, so results do not
 * depend on the partition.
 *
 * <p>One instance per calling thread holds the packed B and the call's operands (workers read them
 * while the caller waits); each thread keeps its own A block. Buffers grow on demand and are reused.
 */
final class Gemm implements Parallel.RangeBody {
    static final VectorSpecies<Float> S = VectorSpecies.ofPreferred(float.class);
    private static final int L = S.length();
    static final int MR = 6;
    static final int NR = 4 * L;
    private static final int KC = 512;
    /** Rows per block when A is read in place; a packed (transposed) A is blocked in MC_PACKED rows. */
    private static final int MC = 96;
    /**
     * A weight gradient's transposed A is packed from rows 3–4 KB apart; larger blocks cut how
     * often the block's X panel is streamed again for it. 192 against 96: dW +3–8% on the paper
     * shapes; 258 (a whole 256-wide dW in one block) against 192 with the tiled transpose, +0–10%
     * (paired, docs/PERFORMANCE.md); for A read in place larger blocks slowed small.
     */
    private static final int MC_PACKED = 258;
    /** Below this many multiply-adds per part, handing work to another thread costs more than it saves. */
    private static final long MIN_PART_MACS = 1L << 17;

    private static final ThreadLocal<Gemm> PER_CALLER = ThreadLocal.withInitial(Gemm::new);
    private static final ThreadLocal<float[]> A_BLOCK = ThreadLocal.withInitial(() -> new float[MC_PACKED * KC]);
    private static final ThreadLocal<float[]> B_PANEL = ThreadLocal.withInitial(() -> new float[KC * NR]);
    /** Running sums of the rows of A a thread packs (see weightGradient), grown on demand. */
    private static final ThreadLocal<float[][]> ROW_SUMS = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<float[]> EDGE_TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);
    private static final float[] ZERO_ROW = new float[NR];

    private float[] packedB = new float[0];
    /** Where B is read from: packedB, or b itself when its rows already hold whole panels (see run). */
    private float[] bSrc;
    private float[] bias = new float[0];

    private float[] c, a, b, aSums, residual;
    private int aRow, aCol, bRow, bCol, m, n, k, mPanels, nPanels;
    private boolean accumulate, packing, splitRows;

    private Gemm() {}

    /**
     * C[i, j] = Σ_p A(i, p)·B(p, j) + bias[j] (bias may be null), or C[i, j] += Σ_p A(i, p)·B(p, j)
     * when {@code accumulate}; A(i, p) = a[i·aRow + p·aCol], B(p, j) = b[p·bRow + j·bCol], C has row
     * stride n.
     */
    static void multiply(float[] c, boolean accumulate, float[] bias, float[] a, int aRow, int aCol,
                         float[] b, int bRow, int bCol, int m, int n, int k) {
        PER_CALLER.get().run(c, accumulate, bias, a, aRow, aCol, b, bRow, bCol, m, n, k, null, null);
    }

    /**
     * C = residual + (A·B + bias), as {@link #multiply} (not accumulating) followed by an add: a
     * projection added to the residual stream. Each block of C's rows gets the residual as soon as
     * its last k-block is summed, while it is in cache, instead of in a separate pass that writes
     * the product out and reads it back (fwd 1024 → 256 with the add 2–3% faster than the two apart,
     * docs/PERFORMANCE.md).
     */
    static void multiplyAdd(float[] c, float[] bias, float[] residual, float[] a, int aRow, int aCol,
                            float[] b, int bRow, int bCol, int m, int n, int k) {
        PER_CALLER.get().run(c, false, bias, a, aRow, aCol, b, bRow, bCol, m, n, k, null, residual);
    }

    /**
     * dW += dYᵀ·X for dY [rows, out], X [rows, in] and dW [out, in], and db[o] += Σ_r dY[r, o] when db
     * is not null. The sums are taken while dYᵀ is packed, so dY is read once instead of twice (the
     * separate pass was ~0.7% of a paper-looped step); they run over r in order, as
     * {@link NarrowMatmul#columnSums} does, so the bits are the same.
     */
    static void weightGradient(float[] dw, float[] db, float[] dy, float[] x, int rows, int in, int out) {
        if (in == 0) { // dW is empty, but db still sums dY
            if (db != null) NarrowMatmul.columnSums(db, dy, rows, out);
            return;
        }
        PER_CALLER.get().run(dw, true, null, dy, 1, out, x, in, 1, out, in, rows, db, null);
    }

    private void run(float[] c, boolean accumulate, float[] bias, float[] a, int aRow, int aCol,
                     float[] b, int bRow, int bCol, int m, int n, int k, float[] aSums, float[] residual) {
        if (m == 0 || n == 0) return;
        this.c = c;
        this.a = a;
        this.aSums = aSums;
        this.residual = residual;
        this.b = b;
        this.aRow = aRow;
        this.aCol = aCol;
        this.bRow = bRow;
        this.bCol = bCol;
        this.m = m;
        this.n = n;
        this.k = k;
        this.accumulate = accumulate;
        mPanels = (m + MR - 1) / MR;
        nPanels = (n + NR - 1) / NR;
        int width = nPanels * NR;
        if (packedB.length < (long) k * width) packedB = new float[Math.max(k * width, packedB.length * 3 / 2)];
        if (this.bias.length < width) this.bias = new float[width];
        for (int j = 0; j < width; j++) this.bias[j] = bias != null && j < n ? bias[j] : 0f;
        if (k == 0) {
            if (!accumulate) computeRange(0, mPanels, 0, nPanels);
            this.c = this.a = this.b = this.aSums = this.residual = null;
            return;
        }
        // A weight gradient's B (X, [rows, in]) is large and each of its panels serves only the
        // few row blocks of dW: each thread copies a panel where it uses it (computeRange), not
        // all of X first. Any other B (a weight, reused by every block of rows) is packed first.
        if (bCol == 1 && n % NR == 0 && aCol != 1) {
            bSrc = b;
        } else {
            packing = true;
            Parallel.forRange(nPanels, chunk((long) k * NR * MR), this);
            packing = false;
            bSrc = packedB;
        }
        long macsPerMPanel = (long) MR * n * k, macsPerNPanel = (long) m * NR * k;
        splitRows = mPanels >= nPanels || mPanels >= 4L * Parallel.threads();
        // A weight gradient split by rows of dW has every thread read all of X and its share of
        // dY; split by columns, all of dY (packed by each thread) and its share of X. The second
        // reads less when X is the wider (in > out): dW 1024 → 256 +10% together with the 258-row
        // blocks, which make its dY one block (docs/PERFORMANCE.md). Only while there are column
        // panels for every thread: a 64-wide X is one panel, one thread.
        if (bSrc == b && n > m && nPanels >= Parallel.threads()) splitRows = false;
        if (splitRows) Parallel.forRange(mPanels, chunk(macsPerMPanel), this);
        else Parallel.forRange(nPanels, chunk(macsPerNPanel), this);
        this.c = this.a = this.b = this.aSums = this.residual = bSrc = null;
    }

    private static int chunk(long macsPerUnit) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, MIN_PART_MACS / Math.max(1, macsPerUnit)));
    }

    @Override
    public void run(int lo, int hi) {
        if (packing) for (int q = lo; q < hi; q++) packPanelOfB(q);
        else if (splitRows) computeRange(lo, hi, 0, nPanels);
        else computeRange(0, mPanels, lo, hi);
    }

    private void packPanelOfB(int q) {
        float[] bp = packedB;
        int n0 = q * NR, nw = Math.min(NR, n - n0), base = q * k * NR;
        if (bCol == 1) {
            for (int p = 0; p < k; p++) {
                int src = p * bRow + n0, dst = base + p * NR;
                System.arraycopy(b, src, bp, dst, nw);
                for (int j = nw; j < NR; j++) bp[dst + j] = 0f;
            }
        } else {
            // B stored transposed (a PyTorch weight): walk each source row contiguously.
            for (int j = 0; j < nw; j++) {
                int src = (n0 + j) * bCol;
                for (int p = 0; p < k; p++) bp[base + p * NR + j] = b[src + p * bRow];
            }
            for (int j = nw; j < NR; j++) for (int p = 0; p < k; p++) bp[base + p * NR + j] = 0f;
        }
    }

    /**
     * Packs rows [i0, i0 + mc) × columns [p0, p0 + kc) of A into MR-row panels, each laid out
     * [MR][kc], so that the micro-kernel walks every row of a panel with stride 1 as it walks a row
     * of A read in place. Only used when A is stored transposed (the output gradient of a weight
     * gradient), so each source row A(·, p) is contiguous; the panels of a block together are
     * [mc][kc], the block's transpose. With 16-float vectors it is transposed in 16 × 16 tiles
     * ({@link #transposeTiles}); what the tiles leave, and every block on other vector sizes, is
     * copied six columns (a panel's width) at a time.
     */
    private void packBlockOfA(float[] ap, int i0, int mc, int p0, int kc, float[] sums) {
        int tileCols = 0, tileK = 0;
        if (aRow == 1 && L == TILE) {
            tileCols = mc / TILE * TILE;
            tileK = kc / TILE * TILE;
            transposeTiles(ap, i0, tileCols, p0, tileK, kc, sums);
        }
        packColumns(ap, i0, tileCols, mc, p0, 0, kc, sums);
        packColumns(ap, i0, 0, tileCols, p0, tileK, kc, sums);
    }

    /**
     * ap[c·kc + q] = A(i0 + c, p0 + q) for columns c0 ≤ c < c1 and q0 ≤ q < kc, adding each value to
     * sums[i0 + c] in order of q. Six adjacent columns at a time where A's are adjacent: the reads
     * stay on one cache line of each source row. Walking all panels per source row instead (reads
     * in order, writes 16 panels apart) made packing 22% of a weight gradient. Plain copies: a
     * 128-bit vector here was sometimes left to the Vector API's Java fallback by the JIT,
     * allocating 250 MB per mid step.
     */
    private void packColumns(float[] ap, int i0, int c0, int c1, int p0, int q0, int kc, float[] sums) {
        int six = aRow == 1 ? c0 + (c1 - c0) / MR * MR : c0;
        for (int col = c0; col < six; col += MR) {
            int dst = col * kc, src = i0 + col + (p0 + q0) * aCol, row = i0 + col;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f;
            if (sums != null) {
                s0 = sums[row];
                s1 = sums[row + 1];
                s2 = sums[row + 2];
                s3 = sums[row + 3];
                s4 = sums[row + 4];
                s5 = sums[row + 5];
            }
            for (int q = q0; q < kc; q++, src += aCol) {
                float v0 = a[src], v1 = a[src + 1], v2 = a[src + 2], v3 = a[src + 3], v4 = a[src + 4], v5 = a[src + 5];
                ap[dst + q] = v0;
                ap[dst + kc + q] = v1;
                ap[dst + 2 * kc + q] = v2;
                ap[dst + 3 * kc + q] = v3;
                ap[dst + 4 * kc + q] = v4;
                ap[dst + 5 * kc + q] = v5;
                s0 += v0;
                s1 += v1;
                s2 += v2;
                s3 += v3;
                s4 += v4;
                s5 += v5;
            }
            if (sums != null) {
                sums[row] = s0;
                sums[row + 1] = s1;
                sums[row + 2] = s2;
                sums[row + 3] = s3;
                sums[row + 4] = s4;
                sums[row + 5] = s5;
            }
        }
        // The last panel's rows past mc are left as they are: the micro-kernel repeats the last row.
        for (int col = six; col < c1; col++) {
            int src = (i0 + col) * aRow + (p0 + q0) * aCol, dst = col * kc;
            float s = sums != null ? sums[i0 + col] : 0f;
            for (int q = q0; q < kc; q++, src += aCol) s += ap[dst + q] = a[src];
            if (sums != null) sums[i0 + col] = s;
        }
    }

    /** The side of a square tile {@link #transposeTiles} transposes in registers: one vector of floats. */
    private static final int TILE = 16;
    /**
     * Stage s of the tile transpose swaps blocks of 2^s lanes between vectors 2^s apart: UP moves
     * lane l − 2^s to lane l and DOWN lane l + 2^s to lane l, HIGH selects the lanes with bit s set.
     * Only built when vectors hold TILE floats.
     */
    private static final VectorShuffle<Float>[] UP = tileShuffles(-1), DOWN = tileShuffles(1);
    private static final VectorMask<Float>[] HIGH = tileMasks();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] tileShuffles(int direction) {
        VectorShuffle<Float>[] shuffles = new VectorShuffle[4];
        if (L != TILE) return shuffles;
        for (int stage = 0; stage < 4; stage++) {
            int block = 1 << stage;
            int[] from = new int[L];
            for (int l = 0; l < L; l++) {
                boolean high = (l & block) != 0;
                from[l] = direction < 0 ? (high ? l - block : l) : (high ? l : l + block);
            }
            shuffles[stage] = VectorShuffle.fromArray(S, from, 0);
        }
        return shuffles;
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[] tileMasks() {
        VectorMask<Float>[] masks = new VectorMask[4];
        if (L != TILE) return masks;
        for (int stage = 0; stage < 4; stage++) {
            boolean[] high = new boolean[L];
            for (int l = 0; l < L; l++) high[l] = (l & (1 << stage)) != 0;
            masks[stage] = VectorMask.fromArray(S, high, 0);
        }
        return masks;
    }

    /**
     * ap[c·kc + q] = A(i0 + c, p0 + q) for c < cols and q < ks (both multiples of 16, vectors of 16
     * floats), adding to sums[i0 + c] in order of q: sixteen source rows are loaded as vectors,
     * summed lane by lane (the order of the scalar sums, so the bias gradient's bits do not move),
     * transposed in four stages of lane permutes and blends, and stored as sixteen rows of the
     * block. Packing a weight gradient's dYᵀ six values at a time took ~1.5 cycles per value, a
     * sixth of the multiply's time on the 256-wide paper shapes; tiled, dW +2–12% (docs/PERFORMANCE.md).
     * Written out in sixteen variables: an array of vectors would not stay in registers.
     */
    private void transposeTiles(float[] ap, int i0, int cols, int p0, int ks, int kc, float[] sums) {
        VectorShuffle<Float> u0 = UP[0], u1 = UP[1], u2 = UP[2], u3 = UP[3];
        VectorShuffle<Float> d0 = DOWN[0], d1 = DOWN[1], d2 = DOWN[2], d3 = DOWN[3];
        VectorMask<Float> h0 = HIGH[0], h1 = HIGH[1], h2 = HIGH[2], h3 = HIGH[3];
        for (int c0 = 0; c0 < cols; c0 += TILE) {
            FloatVector sum = sums != null ? FloatVector.fromArray(S, sums, i0 + c0) : FloatVector.zero(S);
            for (int q = 0; q < ks; q += TILE) {
                int src = (p0 + q) * aCol + i0 + c0;
                FloatVector v0 = FloatVector.fromArray(S, a, src), v1 = FloatVector.fromArray(S, a, src + aCol);
                FloatVector v2 = FloatVector.fromArray(S, a, src + 2 * aCol), v3 = FloatVector.fromArray(S, a, src + 3 * aCol);
                FloatVector v4 = FloatVector.fromArray(S, a, src + 4 * aCol), v5 = FloatVector.fromArray(S, a, src + 5 * aCol);
                FloatVector v6 = FloatVector.fromArray(S, a, src + 6 * aCol), v7 = FloatVector.fromArray(S, a, src + 7 * aCol);
                FloatVector v8 = FloatVector.fromArray(S, a, src + 8 * aCol), v9 = FloatVector.fromArray(S, a, src + 9 * aCol);
                FloatVector v10 = FloatVector.fromArray(S, a, src + 10 * aCol), v11 = FloatVector.fromArray(S, a, src + 11 * aCol);
                FloatVector v12 = FloatVector.fromArray(S, a, src + 12 * aCol), v13 = FloatVector.fromArray(S, a, src + 13 * aCol);
                FloatVector v14 = FloatVector.fromArray(S, a, src + 14 * aCol), v15 = FloatVector.fromArray(S, a, src + 15 * aCol);
                sum = sum.add(v0).add(v1).add(v2).add(v3).add(v4).add(v5).add(v6).add(v7)
                        .add(v8).add(v9).add(v10).add(v11).add(v12).add(v13).add(v14).add(v15);
                FloatVector t;
                // blocks of 8 lanes, between vectors 8 apart
                t = v0.blend(v8.rearrange(u3), h3); v8 = v0.rearrange(d3).blend(v8, h3); v0 = t;
                t = v1.blend(v9.rearrange(u3), h3); v9 = v1.rearrange(d3).blend(v9, h3); v1 = t;
                t = v2.blend(v10.rearrange(u3), h3); v10 = v2.rearrange(d3).blend(v10, h3); v2 = t;
                t = v3.blend(v11.rearrange(u3), h3); v11 = v3.rearrange(d3).blend(v11, h3); v3 = t;
                t = v4.blend(v12.rearrange(u3), h3); v12 = v4.rearrange(d3).blend(v12, h3); v4 = t;
                t = v5.blend(v13.rearrange(u3), h3); v13 = v5.rearrange(d3).blend(v13, h3); v5 = t;
                t = v6.blend(v14.rearrange(u3), h3); v14 = v6.rearrange(d3).blend(v14, h3); v6 = t;
                t = v7.blend(v15.rearrange(u3), h3); v15 = v7.rearrange(d3).blend(v15, h3); v7 = t;
                // blocks of 4 lanes, between vectors 4 apart
                t = v0.blend(v4.rearrange(u2), h2); v4 = v0.rearrange(d2).blend(v4, h2); v0 = t;
                t = v1.blend(v5.rearrange(u2), h2); v5 = v1.rearrange(d2).blend(v5, h2); v1 = t;
                t = v2.blend(v6.rearrange(u2), h2); v6 = v2.rearrange(d2).blend(v6, h2); v2 = t;
                t = v3.blend(v7.rearrange(u2), h2); v7 = v3.rearrange(d2).blend(v7, h2); v3 = t;
                t = v8.blend(v12.rearrange(u2), h2); v12 = v8.rearrange(d2).blend(v12, h2); v8 = t;
                t = v9.blend(v13.rearrange(u2), h2); v13 = v9.rearrange(d2).blend(v13, h2); v9 = t;
                t = v10.blend(v14.rearrange(u2), h2); v14 = v10.rearrange(d2).blend(v14, h2); v10 = t;
                t = v11.blend(v15.rearrange(u2), h2); v15 = v11.rearrange(d2).blend(v15, h2); v11 = t;
                // blocks of 2 lanes, between vectors 2 apart
                t = v0.blend(v2.rearrange(u1), h1); v2 = v0.rearrange(d1).blend(v2, h1); v0 = t;
                t = v1.blend(v3.rearrange(u1), h1); v3 = v1.rearrange(d1).blend(v3, h1); v1 = t;
                t = v4.blend(v6.rearrange(u1), h1); v6 = v4.rearrange(d1).blend(v6, h1); v4 = t;
                t = v5.blend(v7.rearrange(u1), h1); v7 = v5.rearrange(d1).blend(v7, h1); v5 = t;
                t = v8.blend(v10.rearrange(u1), h1); v10 = v8.rearrange(d1).blend(v10, h1); v8 = t;
                t = v9.blend(v11.rearrange(u1), h1); v11 = v9.rearrange(d1).blend(v11, h1); v9 = t;
                t = v12.blend(v14.rearrange(u1), h1); v14 = v12.rearrange(d1).blend(v14, h1); v12 = t;
                t = v13.blend(v15.rearrange(u1), h1); v15 = v13.rearrange(d1).blend(v15, h1); v13 = t;
                // blocks of 1 lane, between vectors 1 apart
                t = v0.blend(v1.rearrange(u0), h0); v1 = v0.rearrange(d0).blend(v1, h0); v0 = t;
                t = v2.blend(v3.rearrange(u0), h0); v3 = v2.rearrange(d0).blend(v3, h0); v2 = t;
                t = v4.blend(v5.rearrange(u0), h0); v5 = v4.rearrange(d0).blend(v5, h0); v4 = t;
                t = v6.blend(v7.rearrange(u0), h0); v7 = v6.rearrange(d0).blend(v7, h0); v6 = t;
                t = v8.blend(v9.rearrange(u0), h0); v9 = v8.rearrange(d0).blend(v9, h0); v8 = t;
                t = v10.blend(v11.rearrange(u0), h0); v11 = v10.rearrange(d0).blend(v11, h0); v10 = t;
                t = v12.blend(v13.rearrange(u0), h0); v13 = v12.rearrange(d0).blend(v13, h0); v12 = t;
                t = v14.blend(v15.rearrange(u0), h0); v15 = v14.rearrange(d0).blend(v15, h0); v14 = t;
                v0.intoArray(ap, (c0 + 0) * kc + q); v1.intoArray(ap, (c0 + 1) * kc + q);
                v2.intoArray(ap, (c0 + 2) * kc + q); v3.intoArray(ap, (c0 + 3) * kc + q);
                v4.intoArray(ap, (c0 + 4) * kc + q); v5.intoArray(ap, (c0 + 5) * kc + q);
                v6.intoArray(ap, (c0 + 6) * kc + q); v7.intoArray(ap, (c0 + 7) * kc + q);
                v8.intoArray(ap, (c0 + 8) * kc + q); v9.intoArray(ap, (c0 + 9) * kc + q);
                v10.intoArray(ap, (c0 + 10) * kc + q); v11.intoArray(ap, (c0 + 11) * kc + q);
                v12.intoArray(ap, (c0 + 12) * kc + q); v13.intoArray(ap, (c0 + 13) * kc + q);
                v14.intoArray(ap, (c0 + 14) * kc + q); v15.intoArray(ap, (c0 + 15) * kc + q);
            }
            if (sums != null) sum.intoArray(sums, i0 + c0);
        }
    }

    private void computeRange(int mp0, int mp1, int np0, int np1) {
        float[] ap = A_BLOCK.get(), panel = B_PANEL.get();
        int rowEnd = Math.min(m, mp1 * MR);
        if (k == 0) {
            int j0 = np0 * NR, j1 = Math.min(n, np1 * NR);
            for (int i = mp0 * MR; i < rowEnd; i++) for (int j = j0; j < j1; j++) c[i * n + j] = bias[j];
            addResidual(mp0 * MR, rowEnd - mp0 * MR, j0, j1 - j0);
            return;
        }
        // A with contiguous rows is read in place; otherwise (a weight gradient's dYᵀ) it is packed.
        // Either way the micro-kernel walks each row of A with stride 1.
        boolean direct = aCol == 1;
        // Equal row blocks: a short last block would stream all of B for little work.
        int mc0 = direct ? MC : MC_PACKED, rowStart = mp0 * MR, blocks = (rowEnd - rowStart + mc0 - 1) / mc0;
        int blockRows = ((rowEnd - rowStart + blocks - 1) / blocks + MR - 1) / MR * MR;
        // Row sums of a packed A: kept per thread over the k-blocks, added once at the end. When
        // threads split the columns of C instead, each packs all of A, and only the first sums it.
        float[] sums = null;
        if (aSums != null && np0 == 0) {
            float[][] held = ROW_SUMS.get();
            if (held[0].length < m) held[0] = new float[m];
            sums = held[0];
            Arrays.fill(sums, rowStart, rowEnd, 0f);
        }
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            boolean add = accumulate || p0 > 0, last = p0 + kc == k;
            for (int i0 = rowStart; i0 < rowEnd; i0 += blockRows) {
                int mc = Math.min(blockRows, rowEnd - i0);
                if (!direct) packBlockOfA(ap, i0, mc, p0, kc, sums);
                for (int q = np0; q < np1; q++) {
                    int n0 = q * NR, nw = Math.min(NR, n - n0);
                    float[] bp = packedB;
                    int bOff = q * k * NR + p0 * NR;
                    if (bSrc == b) {
                        // B read in place (a row of X per p): its panel is copied contiguous for the
                        // row tiles of this block. Strided B cost a weight gradient 14%; vector
                        // copies, as System.arraycopy per 256-byte row cost it 5–10% against them.
                        for (int p = 0, src = p0 * bRow + n0; p < kc; p++, src += bRow) {
                            FloatVector.fromArray(S, b, src).intoArray(panel, p * NR);
                            FloatVector.fromArray(S, b, src + L).intoArray(panel, p * NR + L);
                            FloatVector.fromArray(S, b, src + 2 * L).intoArray(panel, p * NR + 2 * L);
                            FloatVector.fromArray(S, b, src + 3 * L).intoArray(panel, p * NR + 3 * L);
                        }
                        bp = panel;
                        bOff = 0;
                    }
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        float[] src = direct ? a : ap;
                        int r0 = direct ? (i0 + ir) * aRow + p0 : ir * kc, step = direct ? aRow : kc;
                        // Rows past the edge repeat the last one; edgeTile drops their results.
                        int lastRow = (mr - 1) * step;
                        if (mr == MR && nw == NR) kernel(src, r0, step, lastRow, bp, bOff, kc, c, (i0 + ir) * n + n0, n, add, bias, n0);
                        else edgeTile(src, r0, step, lastRow, bp, bOff, kc, i0 + ir, mr, n0, nw, add);
                    }
                }
                // The block's rows of C are final. Row by row, so the residual is read in order:
                // per tile (six pieces of rows 1–4 KB apart) its reads waited on memory.
                if (last) addResidual(i0, mc, np0 * NR, Math.min(n, np1 * NR) - np0 * NR);
            }
        }
        if (sums != null) for (int i = rowStart; i < rowEnd; i++) aSums[i] += sums[i];
    }

    /** C = residual + C on rows [i0, i0 + rows) × columns [j0, j0 + cols), when there is a residual. */
    private void addResidual(int i0, int rows, int j0, int cols) {
        if (residual == null) return;
        for (int i = i0; i < i0 + rows; i++) VectorElementwise.addRange(c, residual, c, i * n + j0, i * n + j0 + cols);
    }

    /** A tile that sticks out of C: compute it whole into a scratch tile, then merge the part inside. */
    private void edgeTile(float[] a, int a0, int step, int last, float[] bp, int bOff, int kc, int i0, int mr, int n0, int nw, boolean add) {
        float[] tile = EDGE_TILE.get();
        kernel(a, a0, step, last, bp, bOff, kc, tile, 0, NR, false, ZERO_ROW, 0);
        for (int r = 0; r < mr; r++) {
            int o = (i0 + r) * n + n0;
            for (int j = 0; j < nw; j++) c[o + j] = (add ? c[o + j] : bias[n0 + j]) + tile[r * NR + j];
        }
    }

    /**
     * Row r of the tile is A's row from a0 + r·step, read at a0 + r·step + p (rows past mr repeat row
     * mr − 1, offset a0 + last: edgeTile drops their results); B's panel row p is at bOff + p·NR.
     * Both offsets are the loop counter times a constant, so that C2 hoists the bounds checks out
     * of the loop: with the strides as arguments (an earlier version) it checked all ten loads on
     * every p and kept the offsets on the stack; the forward was 7–12% slower on the paper shapes
     * ("A micro-kernel without bounds checks", docs/PERFORMANCE.md).
     */
    private static void kernel(float[] ap, int a0, int step, int last, float[] bp, int bOff, int kc, float[] c, int cOff, int ldc,
                               boolean add, float[] bias, int biasOff) {
        int a1 = a0 + Math.min(step, last), a2 = a0 + Math.min(2 * step, last), a3 = a0 + Math.min(3 * step, last);
        int a4 = a0 + Math.min(4 * step, last), a5 = a0 + Math.min(5 * step, last);
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z;
        FloatVector c10 = z, c11 = z, c12 = z, c13 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c23 = z;
        FloatVector c30 = z, c31 = z, c32 = z, c33 = z;
        FloatVector c40 = z, c41 = z, c42 = z, c43 = z;
        FloatVector c50 = z, c51 = z, c52 = z, c53 = z;
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bo + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bo + 3 * L);
            FloatVector x0 = FloatVector.broadcast(S, ap[a0 + p]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(S, ap[a1 + p]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(S, ap[a2 + p]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(S, ap[a3 + p]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
            FloatVector x4 = FloatVector.broadcast(S, ap[a4 + p]);
            c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41); c42 = x4.fma(b2, c42); c43 = x4.fma(b3, c43);
            FloatVector x5 = FloatVector.broadcast(S, ap[a5 + p]);
            c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51); c52 = x5.fma(b2, c52); c53 = x5.fma(b3, c53);
        }
        // C = acc + C when accumulating, else acc + bias: one branch-free store for both. Written
        // out, not through a helper: this method is big enough for C2 to stop inlining ordinary
        // calls (NodeCountInliningCutoff), and a vector passed to a call left out of line is boxed
        // on the heap — 32 MB per small training step before. The Vector API's own methods are
        // force-inlined past that limit.
        float[] base = add ? c : bias;
        int bo = add ? cOff : biasOff, bld = add ? ldc : 0;
        c00.add(FloatVector.fromArray(S, base, bo)).intoArray(c, cOff);
        c01.add(FloatVector.fromArray(S, base, bo + L)).intoArray(c, cOff + L);
        c02.add(FloatVector.fromArray(S, base, bo + 2 * L)).intoArray(c, cOff + 2 * L);
        c03.add(FloatVector.fromArray(S, base, bo + 3 * L)).intoArray(c, cOff + 3 * L);
        cOff += ldc;
        bo += bld;
        c10.add(FloatVector.fromArray(S, base, bo)).intoArray(c, cOff);
        c11.add(FloatVector.fromArray(S, base, bo + L)).intoArray(c, cOff + L);
        c12.add(FloatVector.fromArray(S, base, bo + 2 * L)).intoArray(c, cOff + 2 * L);
        c13.add(FloatVector.fromArray(S, base, bo + 3 * L)).intoArray(c, cOff + 3 * L);
        cOff += ldc;
        bo += bld;
        c20.add(FloatVector.fromArray(S, base, bo)).intoArray(c, cOff);
        c21.add(FloatVector.fromArray(S, base, bo + L)).intoArray(c, cOff + L);
        c22.add(FloatVector.fromArray(S, base, bo + 2 * L)).intoArray(c, cOff + 2 * L);
        c23.add(FloatVector.fromArray(S, base, bo + 3 * L)).intoArray(c, cOff + 3 * L);
        cOff += ldc;
        bo += bld;
        c30.add(FloatVector.fromArray(S, base, bo)).intoArray(c, cOff);
        c31.add(FloatVector.fromArray(S, base, bo + L)).intoArray(c, cOff + L);
        c32.add(FloatVector.fromArray(S, base, bo + 2 * L)).intoArray(c, cOff + 2 * L);
        c33.add(FloatVector.fromArray(S, base, bo + 3 * L)).intoArray(c, cOff + 3 * L);
        cOff += ldc;
        bo += bld;
        c40.add(FloatVector.fromArray(S, base, bo)).intoArray(c, cOff);
        c41.add(FloatVector.fromArray(S, base, bo + L)).intoArray(c, cOff + L);
        c42.add(FloatVector.fromArray(S, base, bo + 2 * L)).intoArray(c, cOff + 2 * L);
        c43.add(FloatVector.fromArray(S, base, bo + 3 * L)).intoArray(c, cOff + 3 * L);
        cOff += ldc;
        bo += bld;
        c50.add(FloatVector.fromArray(S, base, bo)).intoArray(c, cOff);
        c51.add(FloatVector.fromArray(S, base, bo + L)).intoArray(c, cOff + L);
        c52.add(FloatVector.fromArray(S, base, bo + 2 * L)).intoArray(c, cOff + 2 * L);
        c53.add(FloatVector.fromArray(S, base, bo + 3 * L)).intoArray(c, cOff + 3 * L);
    }
}
