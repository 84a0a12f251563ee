package org.loopedicl.model;

import java.util.Random;
import org.loopedicl.nn.Block;
import org.loopedicl.nn.Linear;
import org.loopedicl.nn.Parameter;

/**
 * docs/DESIGN.md §6: backbone Linear weights and wpe ~ N(0, 0.02²), then every c_proj weight ~
 * N(0, (0.02/√(2·n_layer))²), biases 0, LayerNorm (1, 0); read_in and read_out keep PyTorch's
 * default Linear init, weight and bias ~ U(±1/√fan_in); the loop embedding, when there is one,
 * ~ N(0, 0.02²) as wpe, drawn last so that the other parameters are those of the same model
 * without it. One seeded java.util.Random, drawn in parameter order, so a seed gives the same
 * model on every JVM.
 */
final class Initialization {
    private static final double STD = 0.02;

    private Initialization() {}

    static void apply(TransformerModel m, long seed) {
        Random rng = new Random(seed);
        uniformDefault(m.readIn, rng);
        normal(m.backbone.wpe, STD, rng);
        double projStd = STD / Math.sqrt(2.0 * m.config().nLayer());
        for (Block b : m.backbone.blocks) {
            ones(b.ln1.weight);
            normal(b.cAttn.weight, STD, rng);
            normal(b.attnProj.weight, projStd, rng);
            ones(b.ln2.weight);
            normal(b.cFc.weight, STD, rng);
            normal(b.mlpProj.weight, projStd, rng);
        }
        ones(m.backbone.lnF.weight);
        uniformDefault(m.readOut, rng);
        if (m.loopEmbedding != null) normal(m.loopEmbedding.weight, STD, rng);
    }

    private static void normal(Parameter p, double std, Random rng) {
        for (int i = 0; i < p.data.length; i++) p.data[i] = (float) (rng.nextGaussian() * std);
    }

    private static void ones(Parameter p) {
        java.util.Arrays.fill(p.data, 1f);
    }

    private static void uniformDefault(Linear l, Random rng) {
        double bound = 1.0 / Math.sqrt(l.in);
        for (Parameter p : new Parameter[] {l.weight, l.bias})
            for (int i = 0; i < p.data.length; i++) p.data[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
}
