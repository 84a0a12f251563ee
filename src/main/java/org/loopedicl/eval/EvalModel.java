package org.loopedicl.eval;

import org.loopedicl.model.TransformerModel;

/**
 * A model under evaluation: its name in results.json, the loop count K it is run for (its
 * per-k curve is read after iteration K), and the b it was trained with (0 when unknown), which
 * the error-vs-loops figure marks.
 */
public record EvalModel(String name, TransformerModel model, int loops, int trainLoops) {
    public EvalModel {
        loops = model.effectiveLoops(loops);
    }

    /** True when the model iterates, so that an error-vs-loops curve means something. */
    public boolean iterates() {
        return loops > 1;
    }
}
