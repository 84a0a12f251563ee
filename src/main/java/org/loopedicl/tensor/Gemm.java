package org.loopedicl.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
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
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 6;
    static final int NR = 4 * L;
    private static final int KC = 512;
    /** Rows per block when A is read in place; a packed (transposed) A is blocked in MC_PACKED rows. */
    private static final int MC = 96;
    /**
     * A weight gradient's transposed A is packed from rows 3–4 KB apart, a slow gather; larger
     * blocks halve how often the block's X panel is streamed again for it. 192 against 96: dW
     * +3–8% on the paper shapes (paired, docs/PERFORMANCE.md); for A read in place it slowed small.
     */
    private static final int MC_PACKED = 192;
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

    private float[] c, a, b, aSums;
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
        PER_CALLER.get().run(c, accumulate, bias, a, aRow, aCol, b, bRow, bCol, m, n, k, null);
    }

    /**
     * dW += dYᵀ·X for dY [rows, out], X [rows, in] and dW [out, in], and db[o] += Σ_r dY[r, o] when db
     * is not null. The sums are taken while dYᵀ is packed, so dY is read once instead of twice (the
     * separate pass was ~0.7% of a paper-looped step); they run over r in order, as
     * {@link NarrowMatmul#columnSums} does, so the bits are the same.
     */
    static void weightGradient(float[] dw, float[] db, float[] dy, float[] x, int rows, int in, int out) {
        PER_CALLER.get().run(dw, true, null, dy, 1, out, x, in, 1, out, in, rows, db);
    }

    private void run(float[] c, boolean accumulate, float[] bias, float[] a, int aRow, int aCol,
                     float[] b, int bRow, int bCol, int m, int n, int k, float[] aSums) {
        if (m == 0 || n == 0) return;
        this.c = c;
        this.a = a;
        this.aSums = aSums;
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
            this.c = this.a = this.b = this.aSums = null;
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
        if (splitRows) Parallel.forRange(mPanels, chunk(macsPerMPanel), this);
        else Parallel.forRange(nPanels, chunk(macsPerNPanel), this);
        this.c = this.a = this.b = this.aSums = bSrc = null;
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
     * [MR][kc], so that the micro-kernel walks every row of a
     * panel with stride 1 as it walks a row of A read in place. Only used when A is stored
     * transposed (the output gradient of a weight gradient), so each source row A(·, p) is
     * contiguous: its six values for a panel are read together and written to six row streams.
     */
    private void packBlockOfA(float[] ap, int i0, int mc, int p0, int kc, float[] sums) {
        int full = aRow == 1 ? mc / MR : 0;
        // One panel at a time: the reads stay on one cache line of each source row. Walking all
        // panels per source row instead (reads in order, writes 16 panels apart) made packing 22%
        // of a weight gradient. Plain copies: a 128-bit vector here was sometimes left to the
        // Vector API's Java fallback by the JIT, allocating 250 MB per mid step.
        for (int ir = 0; ir < full; ir++) {
            int dst = ir * MR * kc, src = i0 + ir * MR + p0 * aCol, row = i0 + ir * MR;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f;
            if (sums != null) {
                s0 = sums[row];
                s1 = sums[row + 1];
                s2 = sums[row + 2];
                s3 = sums[row + 3];
                s4 = sums[row + 4];
                s5 = sums[row + 5];
            }
            for (int p = 0; p < kc; p++, src += aCol) {
                float v0 = a[src], v1 = a[src + 1], v2 = a[src + 2], v3 = a[src + 3], v4 = a[src + 4], v5 = a[src + 5];
                ap[dst + p] = v0;
                ap[dst + kc + p] = v1;
                ap[dst + 2 * kc + p] = v2;
                ap[dst + 3 * kc + p] = v3;
                ap[dst + 4 * kc + p] = v4;
                ap[dst + 5 * kc + p] = v5;
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
        for (int row = full * MR; row < mc; row++) {
            int src = (i0 + row) * aRow + p0 * aCol, dst = row * kc;
            float s = sums != null ? sums[i0 + row] : 0f;
            for (int p = 0; p < kc; p++, src += aCol) s += ap[dst + p] = a[src];
            if (sums != null) sums[i0 + row] = s;
        }
    }

    private void computeRange(int mp0, int mp1, int np0, int np1) {
        float[] ap = A_BLOCK.get(), panel = B_PANEL.get();
        int rowEnd = Math.min(m, mp1 * MR);
        if (k == 0) {
            for (int i = mp0 * MR; i < rowEnd; i++)
                for (int j = np0 * NR; j < Math.min(n, np1 * NR); j++) c[i * n + j] = bias[j];
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
            boolean add = accumulate || p0 > 0;
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
                        int last = (mr - 1) * step;
                        if (mr == MR && nw == NR) kernel(src, r0, step, last, bp, bOff, kc, c, (i0 + ir) * n + n0, n, add, bias, n0);
                        else edgeTile(src, r0, step, last, bp, bOff, kc, i0 + ir, mr, n0, nw, add);
                    }
                }
            }
        }
        if (sums != null) for (int i = rowStart; i < rowEnd; i++) aSums[i] += sums[i];
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
     * (docs/PERFORMANCE.md, session 9).
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
