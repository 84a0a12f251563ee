package org.loopedicl.baseline;

import java.util.Arrays;

import org.loopedicl.task.RandomStream;

/**
 * A 2-layer ReLU network (hidden width 100) trained from scratch on every prefix by Adam
 * (lr 5e-3, minibatches of 10 points drawn without replacement, 1000 steps) on the mean squared
 * error (SPEC §8) — the learner relu2nn's functions are drawn from. PyTorch's defaults throughout:
 * nn.Linear's U(±1/√fan_in) initialisation and Adam's β = (0.9, 0.999), ε = 1e-8, so the baseline
 * matches the reference's GDModel.
 *
 * <p>Each prompt draws its initialisations and minibatches from its own stream, "nn_gd" of the
 * seed indexed by the prompt's position in the batch, so results do not depend on threads.
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
        int n = prompt.points(), d = prompt.dims();
        float[][] x = new float[n][d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i][j] = (float) prompt.x()[i][j];
            y[i] = (float) prompt.y()[i];
        }
        RandomStream rng = RandomStream.of(seed, NAME, prompt.index());
        Net net = new Net(d, HIDDEN);
        for (int k = 1; k < n; k++) {
            net.initialise(rng);
            net.train(x, y, k, STEPS, rng);
            predictions[k] = net.predict(x[k]);
        }
    }

    /**
     * The network and its Adam state in one flat buffer each, laid out [W1 (d×hidden, row per input
     * coordinate) | b1 | W2 | b2], so that every inner loop runs along the hidden units and
     * vectorises, and Adam is a single pass.
     */
    static final class Net {
        private static final float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;

        private final int dims, hidden, b1, w2, b2;
        private final float[] params, grads, m, v;
        private final float[] pre, act;

        Net(int dims, int hidden) {
            this.dims = dims;
            this.hidden = hidden;
            b1 = dims * hidden;
            w2 = b1 + hidden;
            b2 = w2 + hidden;
            params = new float[b2 + 1];
            grads = new float[params.length];
            m = new float[params.length];
            v = new float[params.length];
            pre = new float[hidden];
            act = new float[hidden];
        }

        /** Fresh weights, U(±1/√fan_in) as nn.Linear draws them, and a fresh optimiser. */
        void initialise(RandomStream rng) {
            float bound1 = (float) (1 / Math.sqrt(dims)), bound2 = (float) (1 / Math.sqrt(hidden));
            for (int i = 0; i < w2; i++) params[i] = uniform(rng, bound1);
            for (int i = w2; i < params.length; i++) params[i] = uniform(rng, bound2);
            Arrays.fill(m, 0);
            Arrays.fill(v, 0);
        }

        /** Adam on the mean squared error of minibatches drawn from points 0 … k−1. */
        void train(float[][] x, float[] y, int k, int steps, RandomStream rng) {
            int[] indices = new int[k];
            for (int i = 0; i < k; i++) indices[i] = i;
            int batch = Math.min(BATCH, k);
            for (int step = 1; step <= steps; step++) {
                // A partial Fisher–Yates shuffle: the first `batch` entries are a uniform sample
                // without replacement, like the reference's randperm(k)[:batch].
                for (int i = 0; i < batch; i++) {
                    int j = i + rng.nextInt(k - i);
                    int t = indices[i];
                    indices[i] = indices[j];
                    indices[j] = t;
                }
                Arrays.fill(grads, 0);
                for (int i = 0; i < batch; i++) accumulateGradient(x[indices[i]], y[indices[i]], 2f / batch);
                adamStep(step);
            }
        }

        double predict(float[] x) {
            return forward(x);
        }

        /** Mean squared error over points 0 … k−1. */
        double trainingLoss(float[][] x, float[] y, int k) {
            double s = 0;
            for (int i = 0; i < k; i++) {
                double e = forward(x[i]) - y[i];
                s += e * e;
            }
            return s / k;
        }

        private float forward(float[] x) {
            System.arraycopy(params, b1, pre, 0, hidden);
            for (int j = 0; j < dims; j++) {
                float xj = x[j];
                int row = j * hidden;
                for (int u = 0; u < hidden; u++) pre[u] += xj * params[row + u];
            }
            float out = params[b2];
            for (int u = 0; u < hidden; u++) {
                act[u] = Math.max(pre[u], 0f);
                out += act[u] * params[w2 + u];
            }
            return out;
        }

        /** Adds scale·(ŷ − y)·∂ŷ/∂θ, i.e. this point's share of the minibatch MSE gradient. */
        private void accumulateGradient(float[] x, float y, float scale) {
            float dOut = scale * (forward(x) - y);
            grads[b2] += dOut;
            for (int u = 0; u < hidden; u++) {
                grads[w2 + u] += dOut * act[u];
                // pre[u] is reused as ∂loss/∂pre: ReLU passes the gradient where it was active.
                pre[u] = pre[u] > 0 ? dOut * params[w2 + u] : 0f;
                grads[b1 + u] += pre[u];
            }
            for (int j = 0; j < dims; j++) {
                float xj = x[j];
                int row = j * hidden;
                for (int u = 0; u < hidden; u++) grads[row + u] += xj * pre[u];
            }
        }

        private void adamStep(int step) {
            float correction1 = 1 - (float) Math.pow(BETA1, step);
            float sqrtCorrection2 = (float) Math.sqrt(1 - Math.pow(BETA2, step));
            float stepSize = LEARNING_RATE / correction1;
            for (int i = 0; i < params.length; i++) {
                float g = grads[i];
                m[i] = BETA1 * m[i] + (1 - BETA1) * g;
                v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
                params[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) / sqrtCorrection2 + EPS);
            }
        }

        private static float uniform(RandomStream rng, float bound) {
            return (float) ((2 * rng.nextDouble() - 1) * bound);
        }
    }
}
