package org.loopedicl.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.loopedicl.tensor.KernelFixtures.assertClose;

import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector path against the scalar reference on sizes that are not multiples of the vector
 * length (or smaller than it) and on paper-sized shapes, with 1, 2 and 3 threads; and its
 * determinism: repeated calls give the same bits, and so do different thread counts wherever
 * the work is split without a reduction across parts.
 */
class VectorKernelsTest {
    private static final double MATMUL_TOL = 1e-5;

    private final Kernels scalar = new ScalarKernels();
    private final Kernels vector = new VectorKernels();
    private final KernelFixtures random = new KernelFixtures(11);
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    /** A kernel call on fixed inputs; returns its outputs (fresh arrays each time). */
    private interface Call extends Function<Kernels, float[][]> {}

    /** Vector matches scalar within tol, and a second vector call gives identical bits. */
    private void check(String what, double tol, Call call) {
        float[][] expected = call.apply(scalar), actual = call.apply(vector), again = call.apply(vector);
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], tol, what + " output " + i);
            assertArrayEquals(actual[i], again[i], what + " output " + i + " differs between two calls");
        }
    }

    private Call linear(int rows, int in, int out, boolean bias) {
        float[] x = random.uniform(rows * in, 1), w = random.uniform(out * in, 1);
        float[] b = bias ? random.uniform(out, 1) : null, y0 = random.uniform(rows * out, 1);
        return k -> {
            float[] y = y0.clone();
            k.linear(y, x, w, b, rows, in, out);
            return new float[][] {y};
        };
    }

    private Call linearBackwardInput(int rows, int in, int out) {
        float[] dy = random.uniform(rows * out, 1), w = random.uniform(out * in, 1), dx0 = random.uniform(rows * in, 1);
        return k -> {
            float[] dx = dx0.clone();
            k.linearBackwardInput(dx, dy, w, rows, in, out);
            return new float[][] {dx};
        };
    }

    private Call linearBackwardWeights(int rows, int in, int out, boolean bias) {
        float[] dy = random.uniform(rows * out, 1), x = random.uniform(rows * in, 1);
        float[] dw0 = random.uniform(out * in, 1), db0 = random.uniform(out, 1);
        return k -> {
            float[] dw = dw0.clone(), db = bias ? db0.clone() : null;
            k.linearBackwardWeights(dw, db, dy, x, rows, in, out);
            return bias ? new float[][] {dw, db} : new float[][] {dw};
        };
    }

    /** linearAdd, or (parts) the two kernels it stands for, on the same inputs. */
    private Call[] linearAddAndParts(int rows, int in, int out) {
        float[] x = random.uniform(rows * in, 1), w = random.uniform(out * in, 1), b = random.uniform(out, 1);
        float[] r = random.uniform(rows * out, 1);
        Call fused = k -> {
            float[] y = new float[rows * out];
            k.linearAdd(y, x, w, b, r, rows, in, out);
            return new float[][] {y};
        };
        Call parts = k -> {
            float[] y = new float[rows * out];
            k.linear(y, x, w, b, rows, in, out);
            k.add(y, r, y, rows * out);
            return new float[][] {y};
        };
        return new Call[] {fused, parts};
    }

    private Call layerNorm(int rows, int dim) {
        float[] x = random.uniform(rows * dim, 2), w = random.uniform(dim, 1.5), b = random.uniform(dim, 1);
        return k -> {
            float[] y = new float[rows * dim], mean = new float[rows], rstd = new float[rows];
            k.layerNorm(y, mean, rstd, x, w, b, rows, dim);
            return new float[][] {y, mean, rstd};
        };
    }

    private Call layerNormBackward(int rows, int dim) {
        float[] x = random.uniform(rows * dim, 2), w = random.uniform(dim, 1.5), b = random.uniform(dim, 1);
        float[] dy = random.uniform(rows * dim, 1), dx0 = random.uniform(rows * dim, 1);
        float[] dw0 = random.uniform(dim, 1), db0 = random.uniform(dim, 1);
        float[] mean = new float[rows], rstd = new float[rows];
        scalar.layerNorm(new float[rows * dim], mean, rstd, x, w, b, rows, dim);
        return k -> {
            float[] dx = dx0.clone(), dw = dw0.clone(), db = db0.clone();
            k.layerNormBackward(dx, dw, db, dy, x, mean, rstd, w, rows, dim);
            return new float[][] {dx, dw, db};
        };
    }

    private Call attention(int batch, int t, int c, int heads) {
        float[] qkv = random.uniform(batch * t * 3 * c, 2);
        float[] probs0 = random.uniform(batch * heads * t * t, 1), out0 = random.uniform(batch * t * c, 1);
        return k -> {
            float[] out = out0.clone(), probs = probs0.clone();
            k.attention(out, probs, qkv, batch, t, c, heads);
            float[] alone = out0.clone(); // no backward to follow: nothing kept, the same output
            k.attention(alone, null, qkv, batch, t, c, heads);
            assertArrayEquals(out, alone, k.name() + " attention without probs");
            return new float[][] {out, probs};
        };
    }

    private Call attentionBackward(int batch, int t, int c, int heads) {
        float[] qkv = random.uniform(batch * t * 3 * c, 2), dout = random.uniform(batch * t * c, 1);
        float[] probs = new float[batch * heads * t * t], dqkv0 = random.uniform(qkv.length, 1);
        scalar.attention(new float[batch * t * c], probs, qkv, batch, t, c, heads);
        return k -> {
            float[] dqkv = dqkv0.clone();
            k.attentionBackward(dqkv, dout, qkv, probs, batch, t, c, heads);
            return new float[][] {dqkv};
        };
    }

    private Call elementwise(int n) {
        float[] x = random.uniform(n, 6), dy = random.uniform(n, 1), a = random.uniform(n, 1), b = random.uniform(n, 1);
        return k -> {
            float[] y = new float[n], dx = new float[n], sum = new float[n];
            k.gelu(y, x, n);
            k.geluBackward(dx, dy, x, n);
            k.add(sum, a, b, n);
            return new float[][] {y, dx, sum};
        };
    }

    private Call adam(int n, float weightDecay) {
        float[] p0 = random.uniform(n, 1), g1 = random.uniform(n, 1), g2 = random.uniform(n, 1e-3);
        return k -> {
            float[] p = p0.clone(), m = new float[n], v = new float[n];
            k.adam(p, g1, m, v, n, 1e-3f, 0.9f, 0.999f, 1e-8f, weightDecay, 1);
            k.adam(p, g2, m, v, n, 1e-3f, 0.9f, 0.999f, 1e-8f, weightDecay, 2);
            return new float[][] {p, m, v};
        };
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void matmulsMatchScalarOnOddAndEdgeSizes(int threads) {
        Parallel.setThreads(threads);
        int[][] shapes = {
            {37, 23, 45}, // nothing a multiple of a tile
            {37, 23, 1}, {37, 23, 8}, {37, 23, 9}, // the narrow path and just past it
            {5, 20, 256}, {1, 1, 1}, {2, 3, 70}, // fewer rows than a tile, tiny everything
            {13, 600, 33}, {9, 40, 530}, // k longer than one packed block (forward, backward input)
            // in a multiple of every panel width: a weight gradient reads X in place, a panel per block
            {37, 128, 45}, {1100, 128, 45}, {200, 256, 600},
            // X wider than dY: a weight gradient split by columns; dYᵀ in 16 × 16 tiles and their edges
            {530, 192, 50},
            {5, 0, 20}, // no inputs: y is the bias, dW empty, db still the sum of dY
        };
        for (int[] s : shapes) {
            int rows = s[0], in = s[1], out = s[2];
            String shape = rows + "x" + in + "x" + out;
            check("linear " + shape, MATMUL_TOL, linear(rows, in, out, true));
            check("linear without bias " + shape, MATMUL_TOL, linear(rows, in, out, false));
            check("linearBackwardInput " + shape, MATMUL_TOL, linearBackwardInput(rows, in, out));
            check("linearBackwardWeights " + shape, MATMUL_TOL, linearBackwardWeights(rows, in, out, true));
            check("linearBackwardWeights without db " + shape, MATMUL_TOL, linearBackwardWeights(rows, in, out, false));
        }
        check("linearBackwardWeights over 1100 rows", MATMUL_TOL, linearBackwardWeights(1100, 23, 45, true));
    }

    /**
     * The matmul with the residual add against the scalar reference, and bit for bit against the
     * vector matmul and add it fuses (one rounding per element either way). k past one packed
     * block (600, 1104) checks that the add waits for the last one; in = 0 that it is made at all.
     */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void linearAddMatchesItsParts(int threads) {
        Parallel.setThreads(threads);
        int[][] shapes = {{37, 23, 45}, {37, 23, 5}, {13, 600, 33}, {130, 64, 256}, {41, 1104, 64}, {9, 48, 530}, {5, 0, 20}};
        for (int[] s : shapes) {
            int rows = s[0], in = s[1], out = s[2];
            String shape = rows + "x" + in + "x" + out;
            Call[] c = linearAddAndParts(rows, in, out);
            check("linearAdd " + shape, MATMUL_TOL, c[0]);
            assertArrayEquals(c[1].apply(vector)[0], c[0].apply(vector)[0], "linearAdd " + shape + " against its parts");
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void rowKernelsMatchScalarOnOddSizes(int threads) {
        Parallel.setThreads(threads);
        for (int dim : new int[] {1, 5, 23, 45}) {
            check("layerNorm dim " + dim, 1e-5, layerNorm(37, dim));
            check("layerNormBackward dim " + dim, 1e-5, layerNormBackward(37, dim));
        }
        check("layerNormBackward over enough rows for several parts", 1e-5, layerNormBackward(1600, 64));
        for (int n : new int[] {1, 7, 37 * 45}) {
            check("gelu, geluBackward, add n " + n, 1e-5, elementwise(n));
            check("adam n " + n, 1e-6, adam(n, 0f));
            check("adamw n " + n, 1e-6, adam(n, 0.01f));
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void attentionMatchesScalarOnOddSizes(int threads) {
        Parallel.setThreads(threads);
        int[][] shapes = {{3, 9, 36, 3}, {2, 1, 12, 3}, {2, 17, 24, 3}, {1, 21, 40, 2}, {2, 6, 64, 1}};
        for (int[] s : shapes) {
            String shape = "batch " + s[0] + " t " + s[1] + " c " + s[2] + " heads " + s[3];
            check("attention " + shape, 1e-5, attention(s[0], s[1], s[2], s[3]));
            check("attentionBackward " + shape, 1e-5, attentionBackward(s[0], s[1], s[2], s[3]));
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2})
    void paperShapesMatchScalar(int threads) {
        Parallel.setThreads(threads);
        int rows = 2 * 82;
        int[][] linears = {{256, 768}, {256, 256}, {256, 1024}, {1024, 256}, {20, 256}, {256, 1}};
        for (int[] s : linears) {
            String shape = rows + "x" + s[0] + "x" + s[1];
            check("linear " + shape, MATMUL_TOL, linear(rows, s[0], s[1], true));
            check("linearBackwardInput " + shape, MATMUL_TOL, linearBackwardInput(rows, s[0], s[1]));
            check("linearBackwardWeights " + shape, MATMUL_TOL, linearBackwardWeights(rows, s[0], s[1], true));
        }
        check("layerNorm", 1e-5, layerNorm(rows, 256));
        check("layerNormBackward", 1e-5, layerNormBackward(rows, 256));
        check("attention", 1e-5, attention(2, 82, 256, 8));
        check("attentionBackward", 1e-5, attentionBackward(2, 82, 256, 8));
        check("elementwise", 1e-5, elementwise(rows * 1024));
    }

    @Test
    void partitionedWithoutReductionsGivesTheSameBitsForAnyThreadCount() {
        Call[] calls = {
            linear(131, 256, 200, true), linearBackwardInput(131, 200, 256), linearBackwardWeights(600, 70, 130, true),
            linearBackwardWeights(600, 256, 40, true), linearBackwardWeights(600, 64, 45, true), linear(131, 256, 1, true), linearBackwardWeights(600, 256, 1, true),
            attention(3, 30, 64, 4), attentionBackward(3, 30, 64, 4), elementwise(100_003), adam(100_003, 0f),
        };
        for (Call call : calls) {
            Parallel.setThreads(1);
            float[][] one = call.apply(vector);
            for (int threads : new int[] {2, 3}) {
                Parallel.setThreads(threads);
                float[][] many = call.apply(vector);
                for (int i = 0; i < one.length; i++) assertArrayEquals(one[i], many[i], threads + " threads vs 1");
            }
        }
    }
}
