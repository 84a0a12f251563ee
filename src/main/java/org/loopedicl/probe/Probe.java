package org.loopedicl.probe;

import org.ejml.data.DMatrixRMaj;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.task.PromptBatch;

/**
 * Linear probes of a model's hidden state at every depth (docs/DESIGN.md §8): the state at each
 * prompt's last x token — where the model predicts y_{n−1} from the n − 1 examples before it —
 * after every loop iteration (looped, tied) or every block (standard), one ridge probe per depth,
 * fitted on the first prompts and scored on the rest. States stream through chunk by chunk: what
 * is kept is one {@link RidgeProbe}'s statistics per depth.
 */
public final class Probe {
    private Probe() {}

    /** The probed token of a prompt of {@code points} points: its last x. */
    public static int token(int points) {
        return 2 * (points - 1);
    }

    /** Bytes the statistics of {@code depths} probes take: two splits of a (width+1)² Gram and a (width+1)×outputs cross term. */
    public static long bytes(long depths, long width, long outputs) {
        long p = width + 1;
        return depths * 2 * (p * p + p * outputs) * Double.BYTES;
    }

    /**
     * The held-out error of each depth's probe, [model.stateDepths(loops)]. Prompts 0 … train − 1
     * fit the probes, the others score them; {@code targets} is [prompts][outputs].
     */
    public static double[] errors(TransformerModel model, PromptBatch prompts, int loops, double[][] targets, int train, double alpha) {
        if (targets.length != prompts.batch()) throw new IllegalArgumentException(targets.length + " targets for " + prompts.batch() + " prompts");
        if (train < 1 || train >= prompts.batch())
            throw new IllegalArgumentException("the training split needs 1 … " + (prompts.batch() - 1) + " prompts, got " + train);
        int depths = model.stateDepths(loops), width = model.config().nEmbd(), outputs = targets[0].length;
        int row = token(prompts.points());
        RidgeProbe[] probes = new RidgeProbe[depths];
        for (int i = 0; i < depths; i++) probes[i] = new RidgeProbe(width, outputs);
        model.hiddenStates(prompts, loops, (depth, first, states, batch, tokens) -> {
            int split = Math.max(0, Math.min(batch, train - first));
            add(probes[depth], true, states, tokens, width, row, first, 0, split, targets);
            add(probes[depth], false, states, tokens, width, row, first, split, batch, targets);
        });
        double[] out = new double[depths];
        for (int i = 0; i < depths; i++) out[i] = probes[i].heldOutError(alpha);
        return out;
    }

    private static void add(RidgeProbe probe, boolean training, float[] states, int tokens, int width, int row,
                            int first, int from, int to, double[][] targets) {
        if (to <= from) return;
        int p = probe.features(), m = targets[0].length;
        DMatrixRMaj x = new DMatrixRMaj(to - from, p), y = new DMatrixRMaj(to - from, m);
        for (int b = from; b < to; b++) {
            int r = b - from, src = (b * tokens + row) * width;
            for (int c = 0; c < width; c++) x.data[r * p + c] = states[src + c];
            x.data[r * p + width] = 1;
            System.arraycopy(targets[first + b], 0, y.data, r * m, m);
        }
        probe.add(training, x, y);
    }
}
