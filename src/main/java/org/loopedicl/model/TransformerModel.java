package org.loopedicl.model;

import java.util.Arrays;
import org.loopedicl.nn.Backbone;
import org.loopedicl.nn.Linear;
import org.loopedicl.nn.LoopEmbedding;
import org.loopedicl.nn.Parameter;
import org.loopedicl.nn.ParameterStore;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.tensor.Kernels;

/**
 * The in-context learner of docs/DESIGN.md §5: e = read_in(tokens); z_t = backbone(inject(z_{t−1}, e));
 * ŷ⁽ᵗ⁾ = read_out(z_t) at the x tokens. The family decides z_0 and the injection:
 * standard — one iteration of z_0 = 0, z + e; looped — z_0 = 0, z + e (add) or z_0 = 1, z ⊙ e
 * (mul); tied — z_0 = e and no injection. With {@code loop_encoding: learned} the looped input
 * also gets the iteration's row of a learned table, u_t = inject(z_{t−1}, e) + loop_emb[min(t, n_loops_max) − 1].
 *
 * <p>Training (docs/DESIGN.md §7): of K iterations the first max(0, K − T) run without gradient, and the
 * loss averages the last min(K, T) predictions; tied models are trained through all K
 * iterations on the last prediction, as the reference does.
 */
public final class TransformerModel {
    private final ModelConfig config;
    private final ParameterStore params = new ParameterStore();
    final Linear readIn;
    final Backbone backbone;
    final Linear readOut;
    /** The learned loop embedding, or null without one (docs/DESIGN.md §5). */
    final LoopEmbedding loopEmbedding;
    private Workspace ws;

    /** The loop embedding's parameter name (docs/DESIGN.md §6); registered last, so older layouts keep their order. */
    public static final String LOOP_EMBEDDING = "_loop_embedding.weight";

    private TransformerModel(ModelConfig config) {
        ModelSize.checkModel(config, ModelSize.FLOATS_PER_PARAMETER, ModelSize.Blame.PLAIN);
        this.config = config;
        readIn = new Linear(params, "_read_in", config.nDims(), config.nEmbd());
        backbone = new Backbone(params, config.blockSize(), config.nEmbd(), config.nLayer(), config.nHead());
        readOut = new Linear(params, "_read_out", config.nEmbd(), 1);
        loopEmbedding = config.encodesLoops() ? new LoopEmbedding(params, LOOP_EMBEDDING, config.nLoopsMax(), config.nEmbd()) : null;
    }

    /** A model initialised as docs/DESIGN.md §6 from the seed. */
    public static TransformerModel initialize(ModelConfig config, long seed) {
        TransformerModel m = new TransformerModel(config);
        Initialization.apply(m, seed);
        return m;
    }

    /** A model with all parameters zero, to be filled by a loader. */
    public static TransformerModel empty(ModelConfig config) {
        return new TransformerModel(config);
    }

    public ModelConfig config() {
        return config;
    }

    public ParameterStore parameters() {
        return params;
    }

    /** nanoGPT's count: everything but wpe, read_in and read_out (and the loop embedding, a table like wpe). */
    public long nonEmbeddingParameterCount() {
        return params.count() - backbone.wpe.size() - readIn.weight.size() - readIn.bias.size()
                - readOut.weight.size() - readOut.bias.size() - (loopEmbedding == null ? 0 : loopEmbedding.weight.size());
    }

    /** Standard models run exactly one iteration whatever is asked. */
    public int effectiveLoops(int loops) {
        if (loops < 1) throw new IllegalArgumentException("loops must be >= 1, got " + loops);
        return config.family() == Family.STANDARD ? 1 : loops;
    }

    /**
     * Predictions [K, batch, points] after every iteration 1…K (K = 1 for standard), without
     * gradient. Large batches are processed in chunks so memory stays bounded.
     */
    public float[] predict(PromptBatch p, int loops) {
        return predict(p, loops, null);
    }

    /**
     * As {@link #predict(PromptBatch, int)}, and, when {@code stateChange} is not null, fills it
     * [K, batch] with how far each iteration moved each prompt's hidden state:
     * stateChange[(t−1)·batch + b] = ‖z_t − z_{t−1}‖ / ‖z_{t−1}‖ over all tokens of prompt b, for
     * t = 2…K; the entry of t = 1 is +∞, as there is no earlier output to compare with. Adaptive
     * depth stops a prompt once its state has settled; the cost is one copy of z per iteration.
     */
    public float[] predict(PromptBatch p, int loops, float[] stateChange) {
        int k = effectiveLoops(loops), b = p.batch(), n = p.points();
        if (stateChange != null && stateChange.length != k * b)
            throw new IllegalArgumentException("stateChange holds " + stateChange.length + " values, expected " + k + "×" + b);
        ModelSize.checkPredictions(config, k, b, n, ModelSize.Blame.PLAIN);
        float[] out = new float[k * b * n];
        int chunk = ModelSize.PREDICT_CHUNK;
        StateChange track = stateChange == null ? null
                : new StateChange(new float[Math.min(b, chunk) * 2 * n * config.nEmbd()], stateChange, b, config.nEmbd());
        for (int start = 0; start < b; start += chunk) {
            PromptBatch part = slice(p, start, Math.min(b, start + chunk));
            int pb = part.batch();
            if (track != null) track.firstPrompt = start;
            forward(part, k, k, 0, track);
            for (int it = 0; it < k; it++)
                System.arraycopy(ws.preds(it), 0, out, (it * b + start) * n, pb * n);
        }
        return out;
    }

    /** Receives hidden states [batch·tokens, n_embd] of prompts firstPrompt … firstPrompt + batch − 1 at one depth. */
    @FunctionalInterface
    public interface StateSink {
        void accept(int depth, int firstPrompt, float[] states, int batch, int tokens);
    }

    /** How many depths {@link #hiddenStates} reports: the blocks of a standard model, else the K iterations. */
    public int stateDepths(int loops) {
        return config.family() == Family.STANDARD ? config.nLayer() : effectiveLoops(loops);
    }

    /**
     * Runs the prompts without gradient, in chunks, and hands every depth's hidden states to
     * {@code sink} (docs/DESIGN.md §8, probing): for a standard model the residual stream leaving each
     * block l = 0 … L−1, for a looped or tied one the loop state z_t after each iteration (depth t − 1).
     * The arrays are reused: a sink reads them before returning.
     */
    public void hiddenStates(PromptBatch p, int loops, StateSink sink) {
        int k = effectiveLoops(loops), b = p.batch(), t = 2 * p.points();
        for (int start = 0; start < b; start += ModelSize.PREDICT_CHUNK) {
            PromptBatch part = slice(p, start, Math.min(b, start + ModelSize.PREDICT_CHUNK));
            int first = start, pb = part.batch();
            if (config.family() == Family.STANDARD) {
                forward(part, 1, 1, 1, null);
                for (int l = 0; l < config.nLayer(); l++) sink.accept(l, first, backbone.blockOutput(ws.noGrad, l), pb, t);
            } else {
                forward(part, k, k, k, (it, z, batch, tokens) -> sink.accept(it, first, z, batch, tokens));
            }
        }
    }

    /** Sees the loop state of every iteration of a forward pass. */
    private interface IterationObserver {
        /** Called before iteration it overwrites z_{it−1} (it ≥ 1). */
        default void before(float[] zPrevious, int floats) {}

        void after(int it, float[] z, int batch, int tokens);
    }

    /**
     * Zeroes the gradients, then accumulates the gradient of the training loss (docs/DESIGN.md §7) over
     * loops K and window T into every parameter's grad; returns the loss.
     */
    public double lossAndGradient(PromptBatch p, int loops, int window, PredictionLoss loss) {
        int k = effectiveLoops(loops);
        if (window < 1) throw new IllegalArgumentException("window must be >= 1, got " + window);
        int gradFrom = config.family() == Family.TIED ? 0 : Math.max(0, k - window);
        int lossFrom = config.family() == Family.TIED ? k - 1 : gradFrom;
        params.zeroGrad();
        forward(p, k, gradFrom, lossFrom, null);
        double value = lossGradients(p, k - lossFrom, loss);
        backward(p, k, gradFrom, lossFrom);
        return value;
    }

    private static PromptBatch slice(PromptBatch p, int from, int to) {
        if (from == 0 && to == p.batch()) return p;
        int n = p.points(), d = p.dims();
        return new PromptBatch(Arrays.copyOfRange(p.xs(), from * n * d, to * n * d),
                Arrays.copyOfRange(p.ys(), from * n, to * n), to - from, n, d);
    }

    private void prepare(PromptBatch p) {
        if (p.dims() > config.nDims())
            throw new IllegalArgumentException("prompts have " + p.dims() + " dims, the model takes at most n_dims = " + config.nDims());
        if (p.points() > config.nPositions())
            throw new IllegalArgumentException("prompts have " + p.points() + " points, the model takes at most n_positions = " + config.nPositions());
        int t = 2 * p.points();
        if (ws == null || !ws.fits(p.batch(), t))
            ws = new Workspace(config, backbone, Math.max(p.batch(), ws == null ? 0 : ws.maxBatch), Math.max(t, ws == null ? 0 : ws.maxT));
    }

    /**
     * The relative change of each prompt's hidden state per iteration, written into {@code out}
     * [K, totalBatch] at column firstPrompt + b; {@code previous} holds z_{t−1} of the chunk.
     */
    private static final class StateChange implements IterationObserver {
        final float[] previous, out;
        final int totalBatch, nEmbd;
        int firstPrompt;

        StateChange(float[] previous, float[] out, int totalBatch, int nEmbd) {
            this.nEmbd = nEmbd;
            this.previous = previous;
            this.out = out;
            this.totalBatch = totalBatch;
        }

        @Override
        public void before(float[] zPrevious, int floats) {
            System.arraycopy(zPrevious, 0, previous, 0, floats);
        }

        @Override
        public void after(int it, float[] z, int batch, int tokens) {
            int promptFloats = tokens * nEmbd;
            for (int b = 0; b < batch; b++) {
                int o = it * totalBatch + firstPrompt + b;
                if (it == 0) {
                    out[o] = Float.POSITIVE_INFINITY;
                    continue;
                }
                double diff = 0, norm = 0;
                for (int i = b * promptFloats, end = i + promptFloats; i < end; i++) {
                    double d = z[i] - previous[i];
                    diff += d * d;
                    norm += (double) previous[i] * previous[i];
                }
                out[o] = (float) Math.sqrt(diff / norm);
            }
        }
    }

    /**
     * Iterations before gradFrom share one activation set; predictions from lossFrom on are kept;
     * {@code track}, when not null, sees the state of every iteration.
     */
    private void forward(PromptBatch p, int loops, int gradFrom, int lossFrom, IterationObserver track) {
        prepare(p);
        Kernels kern = Kernels.active();
        int b = p.batch(), t = 2 * p.points(), rows = b * t, rc = rows * config.nEmbd();
        PromptEncoder.encode(p, config.nDims(), ws.tokens);
        readIn.forward(ws.e, ws.tokens, rows);
        float[] z = null;
        for (int it = 0; it < loops; it++) {
            Backbone.Activations a = it < gradFrom ? ws.noGrad : ws.window(it - gradFrom);
            float[] u;
            if (it == 0) {
                u = ws.e; // z_0 + e = e, z_0 ⊙ e = e (z_0 = 1), and tied starts from z_0 = e
            } else if (config.family() == Family.TIED) {
                u = z;
            } else if (config.loopFunc() == LoopFunc.MUL) {
                for (int i = 0; i < rc; i++) ws.u[i] = z[i] * ws.e[i];
                u = ws.u;
            } else {
                kern.add(ws.u, z, ws.e, rc);
                u = ws.u;
            }
            if (loopEmbedding != null) {
                loopEmbedding.forward(ws.u, u, it, rows);
                u = ws.u;
            }
            // Iterations without gradient share one output buffer: keep z_{t−1} before it is overwritten.
            if (track != null && z != null) track.before(z, rc);
            backbone.forward(a, u, b, t);
            z = a.z;
            if (track != null) track.after(it, z, b, t);
            if (it >= lossFrom) readPredictions(a.z, ws.preds(it - lossFrom), b, p.points());
        }
    }

    private void readPredictions(float[] z, float[] preds, int batch, int points) {
        int t = 2 * points;
        readOut.forward(ws.readOut, z, batch * t);
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < points; i++) preds[b * points + i] = ws.readOut[b * t + 2 * i];
    }

    /** The mean loss over the recorded iterations; leaves ∂L/∂ŷ in place of each prediction. */
    private double lossGradients(PromptBatch p, int iterations, PredictionLoss loss) {
        int m = p.batch() * p.points();
        double sum = 0;
        float scale = 1f / ((float) iterations * m);
        for (int it = 0; it < iterations; it++) {
            float[] pr = ws.preds(it);
            for (int i = 0; i < m; i++) {
                float y = p.ys()[i];
                sum += loss.value(pr[i], y);
                pr[i] = loss.gradient(pr[i], y) * scale;
            }
        }
        return sum / ((double) iterations * m);
    }

    private void backward(PromptBatch p, int loops, int gradFrom, int lossFrom) {
        Kernels kern = Kernels.active();
        int b = p.batch(), n = p.points(), t = 2 * n, rows = b * t, rc = rows * config.nEmbd();
        float[] dz = ws.dzA, du = ws.dzB;
        Arrays.fill(dz, 0, rc, 0f);
        Arrays.fill(ws.de, 0, rc, 0f);
        for (int it = loops - 1; it >= gradFrom; it--) {
            Backbone.Activations a = ws.window(it - gradFrom);
            if (it >= lossFrom) {
                float[] dp = ws.preds(it - lossFrom);
                Arrays.fill(ws.dReadOut, 0, rows, 0f);
                for (int bi = 0; bi < b; bi++)
                    for (int i = 0; i < n; i++) ws.dReadOut[bi * t + 2 * i] = dp[bi * n + i];
                readOut.backward(ws.tmp, ws.dReadOut, a.z, rows);
                kern.add(dz, dz, ws.tmp, rc);
            }
            backbone.backward(a, ws.scratch, dz, du, b, t);
            if (loopEmbedding != null) loopEmbedding.backward(du, it, rows);
            // du = ∂L/∂u for u = inject(z_{it−1}, e): split it between e and the previous state.
            if (it == 0) {
                kern.add(ws.de, ws.de, du, rc);
                continue;
            }
            float[] zPrev = it - 1 >= gradFrom ? ws.window(it - 1 - gradFrom).z : ws.noGrad.z;
            if (config.family() == Family.TIED) {
                float[] s = dz; dz = du; du = s;
            } else if (config.loopFunc() == LoopFunc.MUL) {
                for (int i = 0; i < rc; i++) {
                    ws.de[i] += du[i] * zPrev[i];
                    dz[i] = du[i] * ws.e[i];
                }
            } else {
                kern.add(ws.de, ws.de, du, rc);
                float[] s = dz; dz = du; du = s;
            }
        }
        readIn.backward(null, ws.de, ws.tokens, rows);
    }

    /** The parameter of that reference name; throws IllegalArgumentException if there is none. */
    public Parameter parameter(String name) {
        Parameter p = params.get(name);
        if (p == null) throw new IllegalArgumentException("no parameter named " + name);
        return p;
    }
}
