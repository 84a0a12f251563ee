package org.loopedicl.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The nanoGPT-style GPT-2 body without token embedding: backbone(u) = ln_f(blocks(u + wpe[0:t])).
 * Parameter names follow the reference's {@code _backbone.transformer.*}.
 */
public final class Backbone {
    static final String PREFIX = "_backbone.transformer";
    public final Parameter wpe;
    public final List<Block> blocks;
    public final LayerNorm lnF;
    public final int nEmbd;
    public final int blockSize;

    public Backbone(ParameterStore store, int blockSize, int nEmbd, int nLayer, int nHead) {
        this.nEmbd = nEmbd;
        this.blockSize = blockSize;
        wpe = store.create(PREFIX + ".wpe.weight", blockSize, nEmbd);
        List<Block> bs = new ArrayList<>();
        for (int i = 0; i < nLayer; i++) bs.add(new Block(store, PREFIX + ".h." + i, nEmbd, nHead));
        blocks = List.copyOf(bs);
        lnF = new LayerNorm(store, PREFIX + ".ln_f", nEmbd);
    }

    /** What one backbone call keeps for its backward. */
    public static final class Activations {
        final float[] x0;
        final Block.Activations[] blocks;
        final float[] lnfMean, lnfRstd;
        /** The backbone's output ln_f(…), [batch·t, n_embd]. */
        public final float[] z;

        /** {@code forBackward}: whether a backward pass will read them (see {@link Block.Activations}). */
        public Activations(Backbone bb, int maxBatch, int maxT, boolean forBackward) {
            int rows = maxBatch * maxT;
            x0 = new float[rows * bb.nEmbd];
            blocks = new Block.Activations[bb.blocks.size()];
            for (int i = 0; i < blocks.length; i++)
                blocks[i] = new Block.Activations(maxBatch, maxT, bb.nEmbd, bb.blocks.get(i).nHead, forBackward);
            lnfMean = new float[rows];
            lnfRstd = new float[rows];
            z = new float[rows * bb.nEmbd];
        }
    }

    public void forward(Activations a, float[] u, int batch, int t) {
        if (t > blockSize) throw new IllegalArgumentException("sequence of " + t + " tokens exceeds block size " + blockSize);
        int c = nEmbd;
        for (int b = 0; b < batch; b++) {
            int off = b * t * c;
            for (int i = 0; i < t * c; i++) a.x0[off + i] = u[off + i] + wpe.data[i];
        }
        float[] h = a.x0;
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).forward(a.blocks[i], h, batch, t);
            h = a.blocks[i].out;
        }
        lnF.forward(a.z, a.lnfMean, a.lnfRstd, h, batch * t);
    }

    /** The residual stream [batch·t, n_embd] leaving block i in the last forward into {@code a}. */
    public float[] blockOutput(Activations a, int i) {
        return a.blocks[i].out;
    }

    /** Writes ∂L/∂u into du (overwritten) given dz = ∂L/∂z; accumulates every parameter gradient. */
    public void backward(Activations a, Block.Scratch s, float[] dz, float[] du, int batch, int t) {
        int rows = batch * t, c = nEmbd, last = blocks.size() - 1;
        Arrays.fill(du, 0, rows * c, 0f);
        lnF.backward(du, dz, last < 0 ? a.x0 : a.blocks[last].out, a.lnfMean, a.lnfRstd, rows);
        for (int i = last; i >= 0; i--) {
            float[] in = i == 0 ? a.x0 : a.blocks[i - 1].out;
            blocks.get(i).backward(a.blocks[i], s, in, du, batch, t);
        }
        for (int b = 0; b < batch; b++) {
            int off = b * t * c;
            for (int i = 0; i < t * c; i++) wpe.grad[i] += du[off + i];
        }
    }
}
