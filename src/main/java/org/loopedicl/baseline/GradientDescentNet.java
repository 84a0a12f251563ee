package org.loopedicl.baseline;

import org.loopedicl.task.RandomStream;

/**
 * A 2-layer ReLU network (hidden width 100) trained from scratch on every prefix by Adam
 * (lr 5e-3, minibatches of 10 points drawn without replacement, 1000 steps) on the mean squared
 * error (docs/DESIGN.md §8) — the learner relu2nn's functions are drawn from, as the reference's GDModel.
 *
 * <p>The fit on the first k points of prompt b draws its initialisation and minibatches from its
 * own stream, "nn_gd" of the seed indexed by (b, k), so each prediction depends only on its
 * prompt, its k and the seed: not on the threads, nor on which other k are fitted.
 */
final class GradientDescentNet extends PerPromptBaseline {
    static final String NAME = "nn_gd";
    static final int HIDDEN = 100;
    static final float LEARNING_RATE = 5e-3f;
    static final int BATCH = 10;
    static final int STEPS = 1000;

    private final long seed;

    GradientDescentNet(long seed) {
        super(NAME, false);
        this.seed = seed;
    }

    @Override
    void predictPrefixes(PromptPoints prompt, double[] predictions) {
        Fit fit = new Fit(prompt);
        for (int k = 1; k < prompt.points(); k++) predictions[k] = fit.at(k);
    }

    @Override
    double predictLast(PromptPoints prompt) {
        return prompt.points() == 1 ? 0 : new Fit(prompt).at(prompt.points() - 1);
    }

    /** One prompt in float, with a network and scratch reused by its fits. */
    private final class Fit {
        private final int index;
        private final float[] x, y;
        private final ReluNet net;
        private final int[] indices;

        Fit(PromptPoints prompt) {
            int n = prompt.points(), d = prompt.dims();
            index = prompt.index();
            x = new float[n * d];
            y = new float[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) x[i * d + j] = (float) prompt.x()[i][j];
                y[i] = (float) prompt.y()[i];
            }
            net = ReluNet.create(d, HIDDEN, BATCH, LEARNING_RATE);
            indices = new int[n];
        }

        /** The net trained on points 0 … k−1, evaluated at x_k. */
        double at(int k) {
            RandomStream rng = stream(seed, index, k);
            net.initialise(rng);
            train(net, x, y, k, indices, rng);
            return net.predict(x, k);
        }
    }

    /** The stream of the fit on the first k points of prompt b. */
    static RandomStream stream(long seed, int prompt, int k) {
        return RandomStream.of(seed, NAME, (long) prompt << 32 | k);
    }

    /** STEPS Adam steps on minibatches of min(BATCH, k) of points 0 … k−1; indices is scratch of length ≥ k. */
    static void train(ReluNet net, float[] x, float[] y, int k, int[] indices, RandomStream rng) {
        for (int i = 0; i < k; i++) indices[i] = i;
        int batch = Math.min(BATCH, k);
        for (int step = 0; step < STEPS; step++) {
            // A partial Fisher–Yates shuffle: the first `batch` entries are a uniform sample
            // without replacement, like the reference's randperm(k)[:batch].
            for (int i = 0; i < batch; i++) {
                int j = i + rng.nextInt(k - i);
                int t = indices[i];
                indices[i] = indices[j];
                indices[j] = t;
            }
            net.step(x, y, indices, batch);
        }
    }
}
