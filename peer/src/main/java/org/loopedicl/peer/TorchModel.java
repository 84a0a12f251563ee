package org.loopedicl.peer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.nn.Parameter;
import org.loopedicl.task.PromptBatch;

/**
 * The looped-icl model (docs/DESIGN.md §3–§7) as libtorch operations through DJL, with autograd
 * for the backward: read-in, learned positions, pre-LN GPT-2 blocks with causal attention and
 * tanh GELU, the final LayerNorm after every backbone call, the injection of the family, and the
 * windowed squared-error loss whose first K − T iterations run without gradient.
 */
final class TorchModel implements AutoCloseable {
    private static final float LN_EPS = 1e-5f;
    private static final float GELU_A = (float) Math.sqrt(2.0 / Math.PI);
    private static final float GELU_B = 0.044715f;
    private static final String BB = "_backbone.transformer";

    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    /** Additive causal masks (0 on and below the diagonal, −∞ above) by sequence length. */
    private final Map<Integer, NDArray> masks = new LinkedHashMap<>();

    /** A copy of {@code model}'s parameters under their reference names, each requiring a gradient. */
    TorchModel(TransformerModel model, NDManager parent) {
        // The peer mirrors the paper's families only; a loop-encoded model would run here without its table.
        if (model.config().encodesLoops())
            throw new InvalidInputException("loop_encoding learned (docs/DESIGN.md §5) runs on the engine only; the libtorch peer has no loop embedding");
        this.config = model.config();
        this.manager = parent.newSubManager();
        for (Parameter p : model.parameters().all()) {
            NDArray a = manager.create(p.data, new Shape(Arrays.stream(p.shape()).asLongStream().toArray()));
            a.setRequiresGradient(true);
            params.put(p.name(), a);
        }
    }

    ModelConfig config() {
        return config;
    }

    /** The parameters by reference name, in the core's order. */
    Map<String, NDArray> parameters() {
        return params;
    }

    /** The prompt as tokens [B, 2n, n_dims] (§3): x_i zero-padded, then (y_i, 0, …, 0); no query token. */
    NDArray tokens(PromptBatch p, NDManager m) {
        int n = p.points(), d = p.dims(), nd = config.nDims(), t = 2 * n;
        float[] tok = new float[p.batch() * t * nd];
        for (int b = 0; b < p.batch(); b++) {
            for (int i = 0; i < n; i++) {
                int x = (b * t + 2 * i) * nd;
                System.arraycopy(p.xs(), (b * n + i) * d, tok, x, d);
                tok[x + nd] = p.ys()[b * n + i];
            }
        }
        return m.create(tok, new Shape(p.batch(), t, nd));
    }

    /** The labels [B, n]. */
    static NDArray labels(PromptBatch p, NDManager m) {
        return m.create(p.ys(), new Shape(p.batch(), p.points()));
    }

    /**
     * The training loss: the mean squared error at the x tokens, averaged over the last
     * min(K, T) iterations (tied: the last one, trained through all K). Recorded for backward when
     * called inside a gradient collector; the arrays it makes belong to the tokens' manager.
     */
    NDArray loss(NDArray tokens, NDArray ys, int loops, int window) {
        int k = config.family() == Family.STANDARD ? 1 : loops;
        boolean tied = config.family() == Family.TIED;
        int gradFrom = tied ? 0 : Math.max(0, k - window);
        int lossFrom = tied ? k - 1 : gradFrom;
        boolean recording = JniUtils.isGradMode();
        NDArray e = linear(tokens, "_read_in");
        NDArray z = null, sum = null;
        try {
            for (int it = 0; it < k; it++) {
                JniUtils.setGradMode(recording && it >= gradFrom);
                NDArray u;
                if (it == 0) u = e; // z_0 + e = e, z_0 ⊙ e = e (z_0 = 1), and tied starts from z_0 = e
                else if (tied) u = z;
                else if (config.loopFunc() == LoopFunc.MUL) u = z.mul(e);
                else u = z.add(e);
                z = backbone(u);
                if (it >= lossFrom) {
                    NDArray pred = linear(z, "_read_out").get(new NDIndex(":, ::2, 0"));
                    NDArray se = pred.sub(ys).square().mean();
                    sum = sum == null ? se : sum.add(se);
                }
            }
        } finally {
            JniUtils.setGradMode(recording);
        }
        return sum.div(k - lossFrom);
    }

    /** ln_f(blocks(u + wpe[0:t])) (§4). */
    private NDArray backbone(NDArray u) {
        long t = u.getShape().get(1);
        NDArray pos = params.get(BB + ".wpe.weight").get(new NDIndex("0:{}", t));
        pos.attach(u.getManager());
        NDArray h = u.add(pos);
        for (int i = 0; i < config.nLayer(); i++) h = block(h, BB + ".h." + i);
        return layerNorm(h, BB + ".ln_f");
    }

    private NDArray block(NDArray h, String prefix) {
        NDArray att = attention(linear(layerNorm(h, prefix + ".ln_1"), prefix + ".attn.c_attn"));
        h = h.add(linear(att, prefix + ".attn.c_proj"));
        NDArray fc = linear(layerNorm(h, prefix + ".ln_2"), prefix + ".mlp.c_fc");
        return h.add(linear(gelu(fc), prefix + ".mlp.c_proj"));
    }

    /** Causal multi-head self-attention on qkv [B, t, 3C]; returns [B, t, C]. */
    private NDArray attention(NDArray qkv) {
        Shape s = qkv.getShape();
        long b = s.get(0), t = s.get(1), c = s.get(2) / 3, heads = config.nHead(), hs = c / heads;
        NDList parts = qkv.split(3, 2);
        NDArray q = parts.get(0).reshape(b, t, heads, hs).transpose(0, 2, 1, 3);
        NDArray kT = parts.get(1).reshape(b, t, heads, hs).transpose(0, 2, 3, 1);
        NDArray v = parts.get(2).reshape(b, t, heads, hs).transpose(0, 2, 1, 3);
        NDArray scores = q.matMul(kT).mul((float) (1.0 / Math.sqrt(hs))).add(mask((int) t));
        return scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, c);
    }

    private NDArray mask(int t) {
        return masks.computeIfAbsent(t, n -> {
            float[] m = new float[n * n];
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) m[i * n + j] = Float.NEGATIVE_INFINITY;
            return manager.create(m, new Shape(n, n));
        });
    }

    /** GELU, tanh form: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))); DJL's gelu is the erf form. */
    private static NDArray gelu(NDArray x) {
        NDArray inner = x.pow(3).mul(GELU_B).add(x).mul(GELU_A);
        return x.mul(0.5f).mul(inner.tanh().add(1f));
    }

    private NDArray linear(NDArray x, String prefix) {
        return Linear.linear(x, params.get(prefix + ".weight"), params.get(prefix + ".bias")).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, String prefix) {
        return LayerNorm.layerNorm(x, new Shape(config.nEmbd()), params.get(prefix + ".weight"),
                params.get(prefix + ".bias"), LN_EPS).singletonOrThrow();
    }

    @Override
    public void close() {
        manager.close();
    }
}
