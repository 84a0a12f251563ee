package org.loopedicl.nn;

import org.loopedicl.tensor.Kernels;

/**
 * One pre-LN GPT-2 block: h = h + Attn(LN1(h)); h = h + MLP(LN2(h)). Forward and backward side
 * by side; every intermediate the backward needs lives in {@link Activations}.
 */
public final class Block {
    public final LayerNorm ln1;
    public final Linear cAttn;
    public final Linear attnProj;
    public final LayerNorm ln2;
    public final Linear cFc;
    public final Linear mlpProj;
    final int nEmbd;
    final int nHead;

    /** @param nHead divides nEmbd ({@code ModelConfig} checks it) */
    public Block(ParameterStore store, String prefix, int nEmbd, int nHead) {
        this.nEmbd = nEmbd;
        this.nHead = nHead;
        ln1 = new LayerNorm(store, prefix + ".ln_1", nEmbd);
        cAttn = new Linear(store, prefix + ".attn.c_attn", nEmbd, 3 * nEmbd);
        attnProj = new Linear(store, prefix + ".attn.c_proj", nEmbd, nEmbd);
        ln2 = new LayerNorm(store, prefix + ".ln_2", nEmbd);
        cFc = new Linear(store, prefix + ".mlp.c_fc", nEmbd, 4 * nEmbd);
        mlpProj = new Linear(store, prefix + ".mlp.c_proj", 4 * nEmbd, nEmbd);
    }

    /**
     * What one forward call of this block keeps for its backward, sized for the largest batch. A set
     * for forward passes only has no attention probabilities (the kernel then keeps none).
     */
    public static final class Activations {
        final float[] ln1, ln1Mean, ln1Rstd, qkv, att, probs, h1, ln2, ln2Mean, ln2Rstd, fc, gelu;
        /** The block's output, the next block's input. */
        public final float[] out;

        public Activations(int maxBatch, int maxT, int nEmbd, int nHead, boolean forBackward) {
            int rows = maxBatch * maxT, rc = rows * nEmbd;
            ln1 = new float[rc];
            ln1Mean = new float[rows];
            ln1Rstd = new float[rows];
            qkv = new float[3 * rc];
            att = new float[rc];
            probs = forBackward ? new float[maxBatch * nHead * maxT * maxT] : null;
            h1 = new float[rc];
            ln2 = new float[rc];
            ln2Mean = new float[rows];
            ln2Rstd = new float[rows];
            fc = new float[4 * rc];
            gelu = new float[4 * rc];
            out = new float[rc];
        }
    }

    /** Buffers a forward or backward needs only for the duration of one call; shared by all blocks. */
    public static final class Scratch {
        final float[] dLn, dAtt, dQkv, dHidden;

        public Scratch(int maxBatch, int maxT, int nEmbd) {
            int rc = maxBatch * maxT * nEmbd;
            dLn = new float[rc];
            dAtt = new float[rc];
            dQkv = new float[3 * rc];
            dHidden = new float[4 * rc];
        }
    }

    public void forward(Activations a, float[] in, int batch, int t) {
        Kernels k = Kernels.active();
        int rows = batch * t;
        ln1.forward(a.ln1, a.ln1Mean, a.ln1Rstd, in, rows);
        cAttn.forward(a.qkv, a.ln1, rows);
        k.attention(a.att, a.probs, a.qkv, batch, t, nEmbd, nHead);
        attnProj.forwardAdd(a.h1, a.att, in, rows);
        ln2.forward(a.ln2, a.ln2Mean, a.ln2Rstd, a.h1, rows);
        cFc.forward(a.fc, a.ln2, rows);
        k.gelu(a.gelu, a.fc, 4 * rows * nEmbd);
        mlpProj.forwardAdd(a.out, a.gelu, a.h1, rows);
    }

    /**
     * Backward in place on the residual stream: dh holds ∂L/∂out on entry and ∂L/∂in on return
     * (each residual add passes the gradient through, each branch adds to it).
     */
    public void backward(Activations a, Scratch s, float[] in, float[] dh, int batch, int t) {
        Kernels k = Kernels.active();
        int rows = batch * t;
        mlpProj.backward(s.dHidden, dh, a.gelu, rows);
        k.geluBackward(s.dHidden, s.dHidden, a.fc, 4 * rows * nEmbd);
        cFc.backward(s.dLn, s.dHidden, a.ln2, rows);
        ln2.backward(dh, s.dLn, a.h1, a.ln2Mean, a.ln2Rstd, rows);
        attnProj.backward(s.dAtt, dh, a.att, rows);
        k.attentionBackward(s.dQkv, s.dAtt, a.qkv, a.probs, batch, t, nEmbd, nHead);
        cAttn.backward(s.dLn, s.dQkv, a.ln1, rows);
        ln1.backward(dh, s.dLn, in, a.ln1Mean, a.ln1Rstd, rows);
    }
}
