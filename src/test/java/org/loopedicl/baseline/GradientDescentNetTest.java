package org.loopedicl.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.task.RandomStream;

class GradientDescentNetTest {
    private static final int D = 5, N = 20;

    @Test
    void theScalarGradientMatchesFiniteDifferences() {
        float[] x = inputs(N, D, 1), y = reluTarget(x, N, D);
        ScalarReluNet net = new ScalarReluNet(D, 7, GradientDescentNet.LEARNING_RATE);
        net.initialise(RandomStream.of(2, "net-test"));
        int[] indices = {3, 11, 0, 17, 5};
        net.gradient(x, y, indices, indices.length);
        for (int i = 0; i < net.params.length; i++) {
            float saved = net.params[i];
            double h = 1e-3; // small enough to cross no ReLU kink at this seed, large for float noise
            net.params[i] = (float) (saved + h);
            double plus = loss(net, x, y, indices);
            net.params[i] = (float) (saved - h);
            double minus = loss(net, x, y, indices);
            net.params[i] = saved;
            assertEquals((plus - minus) / (2 * h), net.grads[i], 5e-4, "parameter " + i);
        }
    }

    @Test
    void vectorAndScalarNetsAgreeOnGradientsAndAdamSteps() {
        float[] x = inputs(N, D, 3), y = reluTarget(x, N, D);
        // Full minibatches, a partial block (7 = 5 + 2 padded), one point; 100 hidden units leave
        // a partial vector at any lane count.
        for (int count : new int[] {10, 7, 1}) {
            ScalarReluNet scalar = new ScalarReluNet(D, GradientDescentNet.HIDDEN, GradientDescentNet.LEARNING_RATE);
            VectorReluNet vector = new VectorReluNet(D, GradientDescentNet.HIDDEN, 10, GradientDescentNet.LEARNING_RATE);
            scalar.initialise(RandomStream.of(4, "net-test"));
            vector.initialise(RandomStream.of(4, "net-test"));
            assertArrayEquals(scalar.params, canonical(vector, vector.params));
            int[] indices = new int[count];
            for (int t = 1; t <= 30; t++) {
                for (int i = 0; i < count; i++) indices[i] = (3 * t + 7 * i) % N;
                scalar.gradient(x, y, indices, count);
                vector.gradient(x, y, indices, count);
                assertArrayEquals(scalar.grads, canonical(vector, vector.grads), 1e-5f, "count " + count + ", step " + t);
                // The same gradients must give the same Adam step, bit for bit.
                System.arraycopy(padded(vector, scalar.grads), 0, vector.grads, 0, vector.grads.length);
                scalar.adam(1e-2f / t, 1e-8f);
                vector.adam(1e-2f / t, 1e-8f);
                assertArrayEquals(scalar.params, canonical(vector, vector.params), "count " + count + ", step " + t);
            }
            for (int i = 0; i < N; i++) assertEquals(scalar.predict(x, i), vector.predict(x, i), 1e-5f);
            assertPaddingIsZero(vector);
        }
    }

    @Test
    void trainingFitsARealisableReluTarget() {
        float[] x = inputs(N, D, 5), y = reluTarget(x, N, D);
        for (ReluNet net : new ReluNet[] {
                new ScalarReluNet(D, GradientDescentNet.HIDDEN, GradientDescentNet.LEARNING_RATE),
                new VectorReluNet(D, GradientDescentNet.HIDDEN, GradientDescentNet.BATCH, GradientDescentNet.LEARNING_RATE)}) {
            RandomStream rng = RandomStream.of(3, "net-test");
            net.initialise(rng);
            int[] all = new int[N];
            for (int i = 0; i < N; i++) all[i] = i;
            double before = loss(net, x, y, all);
            GradientDescentNet.train(net, x, y, N, new int[N], rng);
            double after = loss(net, x, y, all);
            assertTrue(after < 0.01 * before, net.getClass().getSimpleName() + ": training loss " + before + " -> " + after);
            if (net instanceof VectorReluNet vector) assertPaddingIsZero(vector);
        }
    }

    @Test
    void learnsALinearFunctionBetterThanPredictingZeroAndDependsOnTheSeed() {
        PromptBatch prompts = BaselinesTest.sample("linear_regression", 4, 24, 3, 5);
        float[] predictions = Baselines.named("nn_gd", 1).predict(prompts);
        double error = 0, zero = 0;
        for (int b = 0; b < prompts.batch(); b++) {
            int last = b * prompts.points() + prompts.points() - 1;
            error += Math.pow(predictions[last] - prompts.ys()[last], 2);
            zero += Math.pow(prompts.ys()[last], 2);
        }
        assertTrue(error < 0.1 * zero, "squared error at the last point " + error + " vs " + zero + " for 0");
        assertFalse(Arrays.equals(predictions, Baselines.named("nn_gd", 2).predict(prompts)));
    }

    @Test
    void eachFitDrawsFromTheStreamOfItsPromptAndK() {
        PromptBatch prompts = BaselinesTest.sample("relu_2nn_regression", 3, 9, 4, 6);
        int n = prompts.points(), d = prompts.dims();
        float[] predictions = Baselines.named("nn_gd", 1).predict(prompts);
        for (int[] bk : new int[][] {{0, 3}, {2, 8}, {1, 1}}) {
            int b = bk[0], k = bk[1];
            float[] x = Arrays.copyOfRange(prompts.xs(), b * n * d, (b + 1) * n * d);
            float[] y = Arrays.copyOfRange(prompts.ys(), b * n, (b + 1) * n);
            ReluNet net = ReluNet.create(d, GradientDescentNet.HIDDEN, GradientDescentNet.BATCH, GradientDescentNet.LEARNING_RATE);
            RandomStream rng = GradientDescentNet.stream(1, b, k);
            net.initialise(rng);
            GradientDescentNet.train(net, x, y, k, new int[k], rng);
            assertEquals(net.predict(x, k), predictions[b * n + k], "prompt " + b + ", k " + k);
        }
    }

    private static double loss(ReluNet net, float[] x, float[] y, int[] indices) {
        double s = 0;
        for (int i : indices) {
            double e = net.predict(x, i) - y[i];
            s += e * e;
        }
        return s / indices.length;
    }

    private static float[] inputs(int n, int d, long seed) {
        RandomStream rng = RandomStream.of(seed, "net-test-x");
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        return x;
    }

    /** A target a 2-layer ReLU net represents exactly. */
    private static float[] reluTarget(float[] x, int n, int d) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = Math.max(x[i * d] + x[i * d + 1], 0) - 2 * Math.max(x[i * d + 2], 0) + Math.max(-x[i * d + 2], 0);
        return y;
    }

    /** The vector net's buffer in the scalar net's layout (rows of hidden floats, then b2). */
    private static float[] canonical(ReluNet net, float[] padded) {
        float[] out = new float[(net.dims + 2) * net.hidden + 1];
        for (int row = 0; row < net.dims + 2; row++) System.arraycopy(padded, row * net.stride, out, row * net.hidden, net.hidden);
        out[out.length - 1] = padded[net.b2];
        return out;
    }

    private static float[] padded(ReluNet net, float[] canonical) {
        float[] out = new float[net.params.length];
        for (int row = 0; row < net.dims + 2; row++) System.arraycopy(canonical, row * net.hidden, out, row * net.stride, net.hidden);
        out[net.b2] = canonical[canonical.length - 1];
        return out;
    }

    private static void assertPaddingIsZero(VectorReluNet net) {
        float[] back = padded(net, canonical(net, net.params));
        assertArrayEquals(back, net.params, "padding entries moved");
    }
}
