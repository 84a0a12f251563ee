package org.loopedicl.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.loopedicl.tensor.KernelFixtures.assertClose;

import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The reference kernels: every backward against central finite differences of its forward, and
 * the forwards against their definitions computed in double precision.
 */
class ScalarKernelsTest {
    private static final double H = 1e-2;
    private static final double FD_TOL = 2e-3;

    private final Kernels k = new ScalarKernels();
    private final KernelFixtures random = new KernelFixtures(7);

    /** Σ out·weights in double: a scalar loss whose gradient with respect to out is weights. */
    private static double dot(float[] out, float[] weights) {
        double s = 0;
        for (int i = 0; i < out.length; i++) s += (double) out[i] * weights[i];
        return s;
    }

    /** Central differences of loss with respect to every entry of param. */
    private static float[] numericGradient(float[] param, DoubleSupplier loss) {
        float[] g = new float[param.length];
        for (int i = 0; i < param.length; i++) {
            float saved = param[i];
            float up = (float) (saved + H), down = (float) (saved - H);
            param[i] = up;
            double lossUp = loss.getAsDouble();
            param[i] = down;
            double lossDown = loss.getAsDouble();
            param[i] = saved;
            g[i] = (float) ((lossUp - lossDown) / ((double) up - down));
        }
        return g;
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }

    @Test
    void linearMatchesDoublePrecisionSum() {
        int rows = 4, in = 6, out = 5;
        float[] x = random.uniform(rows * in, 1), w = random.uniform(out * in, 1), b = random.uniform(out, 1);
        float[] y = new float[rows * out], expected = new float[rows * out];
        k.linear(y, x, w, b, rows, in, out);
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) s += (double) x[r * in + i] * w[o * in + i];
                expected[r * out + o] = (float) s;
            }
        assertClose(expected, y, 1e-6, "linear");
    }

    @Test
    void linearGradientsMatchFiniteDifferences() {
        int rows = 3, in = 4, out = 5;
        float[] x = random.uniform(rows * in, 1), w = random.uniform(out * in, 1), b = random.uniform(out, 1);
        float[] dy = random.uniform(rows * out, 1), y = new float[rows * out];
        DoubleSupplier loss = () -> {
            k.linear(y, x, w, b, rows, in, out);
            return dot(y, dy);
        };
        float[] dx = random.uniform(rows * in, 1); // overwritten
        k.linearBackwardInput(dx, dy, w, rows, in, out);
        assertClose(numericGradient(x, loss), dx, FD_TOL, "dx");

        float[] dw0 = random.uniform(out * in, 1), db0 = random.uniform(out, 1); // accumulated onto
        float[] dw = dw0.clone(), db = db0.clone();
        k.linearBackwardWeights(dw, db, dy, x, rows, in, out);
        assertClose(numericGradient(w, loss), minus(dw, dw0), FD_TOL, "dw");
        assertClose(numericGradient(b, loss), minus(db, db0), FD_TOL, "db");
    }

    @Test
    void layerNormNormalisesEachRow() {
        int rows = 5, dim = 33;
        float[] x = random.uniform(rows * dim, 3), w = new float[dim], b = new float[dim];
        java.util.Arrays.fill(w, 1f);
        float[] y = new float[rows * dim], mean = new float[rows], rstd = new float[rows];
        k.layerNorm(y, mean, rstd, x, w, b, rows, dim);
        for (int r = 0; r < rows; r++) {
            double m = 0, v = 0, xm = 0, xv = 0;
            for (int i = 0; i < dim; i++) {
                m += y[r * dim + i];
                xm += x[r * dim + i];
            }
            m /= dim;
            xm /= dim;
            for (int i = 0; i < dim; i++) {
                v += (y[r * dim + i] - m) * (y[r * dim + i] - m);
                xv += (x[r * dim + i] - xm) * (x[r * dim + i] - xm);
            }
            v /= dim;
            xv /= dim;
            assertEquals(0, m, 1e-6, "mean of row " + r);
            assertEquals(1, v, 1e-4, "variance of row " + r);
            assertEquals(xm, mean[r], 1e-6, "stored mean of row " + r);
            assertEquals(1 / Math.sqrt(xv + 1e-5), rstd[r], 1e-5 * rstd[r], "stored rstd of row " + r);
        }
    }

    @Test
    void layerNormGradientsMatchFiniteDifferences() {
        int rows = 3, dim = 7;
        float[] x = random.uniform(rows * dim, 2), w = random.between(dim, 0.5, 1.5), b = random.uniform(dim, 1);
        float[] dy = random.uniform(rows * dim, 1);
        float[] y = new float[rows * dim], mean = new float[rows], rstd = new float[rows];
        DoubleSupplier loss = () -> {
            k.layerNorm(y, mean, rstd, x, w, b, rows, dim);
            return dot(y, dy);
        };
        loss.getAsDouble();
        float[] dx0 = random.uniform(rows * dim, 1), dw0 = random.uniform(dim, 1), db0 = random.uniform(dim, 1);
        float[] dx = dx0.clone(), dw = dw0.clone(), db = db0.clone();
        k.layerNormBackward(dx, dw, db, dy, x, mean, rstd, w, rows, dim);
        assertClose(numericGradient(x, loss), minus(dx, dx0), FD_TOL, "dx");
        assertClose(numericGradient(w, loss), minus(dw, dw0), FD_TOL, "dw");
        assertClose(numericGradient(b, loss), minus(db, db0), FD_TOL, "db");
    }

    @Test
    void attentionMatchesSoftmaxFormulaAndIsCausal() {
        int batch = 2, t = 5, c = 12, heads = 3, hs = c / heads;
        float[] qkv = random.uniform(batch * t * 3 * c, 1.5);
        float[] out = new float[batch * t * c], probs = new float[batch * heads * t * t];
        k.attention(out, probs, qkv, batch, t, c, heads);
        float[] expectedOut = new float[out.length], expectedProbs = new float[probs.length];
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < heads; h++)
                for (int i = 0; i < t; i++) {
                    double[] e = new double[i + 1];
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        double s = 0;
                        for (int d = 0; d < hs; d++)
                            s += (double) qkv[(b * t + i) * 3 * c + h * hs + d] * qkv[(b * t + j) * 3 * c + c + h * hs + d];
                        e[j] = Math.exp(s / Math.sqrt(hs));
                        sum += e[j];
                    }
                    double rowSum = 0;
                    for (int j = 0; j < t; j++) {
                        int at = ((b * heads + h) * t + j) * t + i; // transposed: key j's row
                        if (j > i) {
                            assertEquals(0f, probs[at], "masked probability must be exactly zero");
                            continue;
                        }
                        expectedProbs[at] = (float) (e[j] / sum);
                        rowSum += probs[at];
                    }
                    assertEquals(1, rowSum, 1e-6, "softmax row sum");
                    for (int d = 0; d < hs; d++) {
                        double o = 0;
                        for (int j = 0; j <= i; j++) o += e[j] / sum * qkv[(b * t + j) * 3 * c + 2 * c + h * hs + d];
                        expectedOut[(b * t + i) * c + h * hs + d] = (float) o;
                    }
                }
        assertClose(expectedProbs, probs, 1e-6, "probs");
        assertClose(expectedOut, out, 1e-6, "out");
    }

    @Test
    void attentionGradientMatchesFiniteDifferences() {
        int batch = 2, t = 5, c = 12, heads = 3;
        float[] qkv = random.uniform(batch * t * 3 * c, 1);
        float[] dout = random.uniform(batch * t * c, 1);
        float[] out = new float[batch * t * c], probs = new float[batch * heads * t * t];
        DoubleSupplier loss = () -> {
            k.attention(out, probs, qkv, batch, t, c, heads);
            return dot(out, dout);
        };
        loss.getAsDouble();
        float[] dqkv = random.uniform(qkv.length, 1); // overwritten
        k.attentionBackward(dqkv, dout, qkv, probs, batch, t, c, heads);
        assertClose(numericGradient(qkv, loss), dqkv, FD_TOL, "dqkv");
    }

    @Test
    void geluMatchesTanhFormulaAndItsGradientFiniteDifferences() {
        int n = 61;
        float[] x = random.uniform(n, 5), y = new float[n], expected = new float[n];
        k.gelu(y, x, n);
        for (int i = 0; i < n; i++) {
            double v = x[i];
            expected[i] = (float) (0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
        }
        assertClose(expected, y, 1e-6, "gelu");

        float[] dy = random.uniform(n, 1);
        DoubleSupplier loss = () -> {
            k.gelu(y, x, n);
            return dot(y, dy);
        };
        float[] dx = random.uniform(n, 1); // overwritten
        k.geluBackward(dx, dy, x, n);
        assertClose(numericGradient(x, loss), dx, FD_TOL, "dx");
    }

    @Test
    void addSumsElementwiseAndAllowsAliasing() {
        int n = 19;
        float[] a = random.uniform(n, 1), b = random.uniform(n, 1), expected = new float[n];
        for (int i = 0; i < n; i++) expected[i] = a[i] + b[i];
        k.add(a, a, b, n);
        assertClose(expected, a, 0, "a += b");
    }

    @Test
    void adamMatchesDoublePrecisionFormulaOverThreeSteps() {
        for (float decay : new float[] {0f, 0.1f}) {
            int n = 23;
            float lr = 1e-2f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
            float[] p = random.uniform(n, 1), m = new float[n], v = new float[n];
            double[] pd = new double[n], md = new double[n], vd = new double[n];
            for (int i = 0; i < n; i++) pd[i] = p[i];
            for (int step = 1; step <= 3; step++) {
                float[] g = random.uniform(n, 1);
                k.adam(p, g, m, v, n, lr, beta1, beta2, eps, decay, step);
                for (int i = 0; i < n; i++) {
                    md[i] = beta1 * md[i] + (1 - (double) beta1) * g[i];
                    vd[i] = beta2 * vd[i] + (1 - (double) beta2) * g[i] * g[i];
                    double mHat = md[i] / (1 - Math.pow(beta1, step)), vHat = vd[i] / (1 - Math.pow(beta2, step));
                    pd[i] = pd[i] * (1 - (double) lr * decay) - lr * mHat / (Math.sqrt(vHat) + eps);
                }
            }
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) expected[i] = (float) pd[i];
            assertClose(expected, p, 1e-6, "adam parameters, weight decay " + decay);
        }
    }
}
