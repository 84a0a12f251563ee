package org.loopedicl.model;

import org.loopedicl.task.PromptBatch;

/**
 * Interleaves a prompt into tokens (docs/DESIGN.md §3): token 2i is x_i zero-padded to n_dims, token 2i+1
 * is (y_i, 0, …, 0). There is no query token: the sequence is 2n long.
 */
final class PromptEncoder {
    private PromptEncoder() {}

    /** Writes the [batch, 2·points, nDims] tokens into {@code tokens} (which may be larger). */
    static void encode(PromptBatch p, int nDims, float[] tokens) {
        int n = p.points(), d = p.dims(), t = 2 * n;
        java.util.Arrays.fill(tokens, 0, p.batch() * t * nDims, 0f);
        for (int b = 0; b < p.batch(); b++) {
            for (int i = 0; i < n; i++) {
                int xTok = (b * t + 2 * i) * nDims;
                System.arraycopy(p.xs(), (b * n + i) * d, tokens, xTok, d);
                tokens[xTok + nDims] = p.ys()[b * n + i];
            }
        }
    }
}
