package org.loopedicl.model;

import java.util.ArrayList;
import java.util.List;
import org.loopedicl.nn.Backbone;
import org.loopedicl.nn.Block;

/**
 * Every buffer a forward/backward of the model uses, allocated once for a batch size and
 * sequence length and reused for every smaller one: the hot loop allocates nothing.
 * The looped model keeps one {@link Backbone.Activations} per iteration of the loss window and
 * one shared set for the iterations that run without gradient.
 */
final class Workspace {
    final int maxBatch, maxT;
    private final Backbone backbone;
    final float[] tokens, e, de, u, dzA, dzB, tmp, readOut, dReadOut;
    final Backbone.Activations noGrad;
    final Block.Scratch scratch;
    private final List<Backbone.Activations> window = new ArrayList<>();
    private final List<float[]> preds = new ArrayList<>();

    Workspace(ModelConfig cfg, Backbone backbone, int maxBatch, int maxT) {
        this.maxBatch = maxBatch;
        this.maxT = maxT;
        this.backbone = backbone;
        int rows = maxBatch * maxT, rc = rows * cfg.nEmbd();
        tokens = new float[rows * cfg.nDims()];
        e = new float[rc];
        de = new float[rc];
        u = new float[rc];
        dzA = new float[rc];
        dzB = new float[rc];
        tmp = new float[rc];
        readOut = new float[rows];
        dReadOut = new float[rows];
        noGrad = new Backbone.Activations(backbone, maxBatch, maxT, false);
        scratch = new Block.Scratch(maxBatch, maxT, cfg.nEmbd());
    }

    boolean fits(int batch, int t) {
        return batch <= maxBatch && t <= maxT;
    }

    /** Activations of the i-th iteration inside the loss window, created on first use. */
    Backbone.Activations window(int i) {
        while (window.size() <= i) window.add(new Backbone.Activations(backbone, maxBatch, maxT, true));
        return window.get(i);
    }

    /** Prediction buffer [batch·points] of the i-th recorded iteration, created on first use. */
    float[] preds(int i) {
        while (preds.size() <= i) preds.add(new float[maxBatch * maxT / 2]);
        return preds.get(i);
    }
}
