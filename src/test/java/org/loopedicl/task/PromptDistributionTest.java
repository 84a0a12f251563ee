package org.loopedicl.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptDistributionTest {
    private static final int D = 20;
    private static final FunctionClass LINEAR = FunctionClass.create("linear_regression", Map.of());

    private static QueryPrompts draw(String distribution, int batch, int points, int dActive) {
        PromptDistribution dist = PromptDistribution.named(distribution, D, RandomStream.of(1, "ood/" + distribution));
        return new PromptSampler(LINEAR, dist, D).sampleQueries(batch, points, dActive, RandomStream.of(2, "eval"));
    }

    private static double dot(float[] a, int i, float[] b, int j) {
        double s = 0;
        for (int c = 0; c < D; c++) s += (double) a[i + c] * b[j + c];
        return s;
    }

    @Test
    void everySuiteNameBuildsAndReportsItsName() {
        assertEquals(15, PromptDistribution.suite().size());
        for (String name : PromptDistribution.suite())
            assertEquals(name, PromptDistribution.named(name, D, RandomStream.of(1, "ood")).name());
    }

    @Test
    void orthogonalQueryIsPerpendicularToEarlierPointsWithTheSameNorm() {
        QueryPrompts q = draw("orthogonal_query", 5, 30, D);
        for (int b = 0; b < 5; b++)
            for (int k = 0; k < D; k++) {
                int query = (b * 30 + k) * D;
                double qNorm = Math.sqrt(dot(q.queries(), query, q.queries(), query));
                assertEquals(Math.sqrt(dot(q.xs(), query, q.xs(), query)), qNorm, 1e-5 * qNorm);
                for (int j = 0; j < k; j++) {
                    int point = (b * 30 + j) * D;
                    double pNorm = Math.sqrt(dot(q.xs(), point, q.xs(), point));
                    assertEquals(0, dot(q.queries(), query, q.xs(), point) / (qNorm * pNorm), 1e-5, "b" + b + " k" + k + " j" + j);
                }
            }
    }

    @Test
    void overlappingQueryCopiesAnEarlierPoint() {
        QueryPrompts q = draw("overlapping_query", 20, 15, D);
        int[] sourceCounts = new int[14];
        for (int b = 0; b < 20; b++) {
            int base = b * 15 * D;
            assertArrayEquals(Arrays.copyOfRange(q.xs(), base, base + D), Arrays.copyOfRange(q.queries(), base, base + D));
            for (int k = 1; k < 15; k++) {
                float[] query = Arrays.copyOfRange(q.queries(), base + k * D, base + (k + 1) * D);
                int source = -1;
                for (int j = 0; j < k; j++)
                    if (Arrays.equals(query, Arrays.copyOfRange(q.xs(), base + j * D, base + (j + 1) * D))) source = j;
                assertTrue(source >= 0, "query " + k + " of prompt " + b + " copies no earlier point");
                if (k == 14) sourceCounts[source]++;
            }
        }
        assertTrue(Arrays.stream(sourceCounts).filter(c -> c > 0).count() > 5, "copies come from many positions");
    }

    @Test
    void orthantPromptSharesOneOrthantAndTheQueryLiesInAnother() {
        int dActive = 3; // few coordinates, so an unconditioned query would often share the orthant
        QueryPrompts q = draw("orthant", 50, 12, dActive);
        for (int b = 0; b < 50; b++) {
            int base = b * 12 * D;
            for (int k = 0; k < 12; k++) {
                int row = base + k * D;
                boolean differs = false;
                for (int i = 0; i < D; i++) {
                    float x = q.xs()[row + i];
                    float query = q.queries()[row + i];
                    if (i >= dActive) {
                        assertEquals(0f, x);
                        assertEquals(0f, query);
                        continue;
                    }
                    assertEquals(Math.signum(q.xs()[base + i]), Math.signum(x), "prompt points share the orthant");
                    assertEquals(Math.abs(x), Math.abs(query));
                    differs |= Math.signum(x) != Math.signum(query);
                }
                assertTrue(differs, "query " + k + " of prompt " + b + " is in the prompt's orthant");
            }
        }
    }

    @Test
    void halfSubspaceInputsSpanExactlyHalfTheDimensions() {
        QueryPrompts q = draw("half_subspace", 4, 50, D);
        assertEquals(D / 2, rank(q.xs(), 200, D));
        double meanSquare = 0;
        for (float x : q.xs()) meanSquare += x * x;
        assertEquals(D, meanSquare / 200, 3); // E|x|² = d; |x|² ~ 2χ²₁₀, sd 6.3, over 200: 0.45
        assertEquals(D, rank(draw("gaussian", 4, 50, D).xs(), 200, D));
    }

    @Test
    void skewedCovarianceHasEigenvaluesProportionalToOneOverISquared() {
        LinearMapSampler skewed = LinearMapSampler.skewed(D, RandomStream.of(3, "skew"));
        double[] a = skewed.matrix();
        double[] covariance = multiply(a, a);
        double[] eigen = jacobiEigenvalues(covariance);
        double harmonic2 = 0;
        for (int i = 1; i <= D; i++) harmonic2 += 1.0 / (i * i);
        for (int i = 0; i < D; i++) assertEquals(D / harmonic2 / ((i + 1) * (i + 1)), eigen[i], 1e-9);
        for (int i = 0; i < D; i++) for (int j = 0; j < D; j++) assertEquals(a[i * D + j], a[j * D + i], 1e-12);
        assertFalse(Math.abs(covariance[0] - eigen[0]) < 1e-6, "basis is random, not the coordinate axes");

        // The samples follow it: relative Frobenius error of 50,000-sample covariance, sd ≈ 0.008.
        PromptSampler sampler = new PromptSampler(LINEAR, new PromptDistribution("skewed", skewed, LabelShift.NONE), D);
        PromptBatch batch = sampler.sample(1000, 50, D, RandomStream.of(4, "eval"));
        double[] empirical = new double[D * D];
        for (int r = 0; r < 50_000; r++)
            for (int i = 0; i < D; i++)
                for (int j = 0; j < D; j++) empirical[i * D + j] += (double) batch.xs()[r * D + i] * batch.xs()[r * D + j] / 50_000;
        double diff = 0, norm = 0;
        for (int i = 0; i < D * D; i++) {
            diff += (empirical[i] - covariance[i]) * (empirical[i] - covariance[i]);
            norm += covariance[i] * covariance[i];
        }
        assertTrue(Math.sqrt(diff / norm) < 0.03, "relative error " + Math.sqrt(diff / norm));
    }

    @Test
    void scaledXAndScaledYMultiplyTheGaussianDraws() {
        QueryPrompts plain = draw("gaussian", 3, 10, D);
        QueryPrompts x3 = draw("scale_x_3", 3, 10, D);
        QueryPrompts y2 = draw("scale_y_0.5", 3, 10, D);
        for (int i = 0; i < plain.xs().length; i++) {
            assertEquals(3 * plain.xs()[i], x3.xs()[i], 1e-6 * Math.abs(x3.xs()[i]));
            assertEquals(plain.xs()[i], y2.xs()[i]);
        }
        for (int i = 0; i < plain.ys().length; i++) {
            assertEquals(3 * plain.ys()[i], x3.ys()[i], 1e-4 * (1 + Math.abs(x3.ys()[i])));
            assertEquals(0.5 * plain.ys()[i], y2.ys()[i], 1e-6 * (1 + Math.abs(y2.ys()[i])));
        }
    }

    @Test
    void noisyLabelsAddUnitNoiseAndKeepTheScale() {
        QueryPrompts plain = draw("gaussian", 1, 200, D);
        QueryPrompts noisy = draw("noisy_labels", 1, 200, D);
        assertArrayEquals(plain.xs(), noisy.xs()); // f and x are drawn before any label noise
        double shrink = Math.sqrt(D / (D + 1.0)), residual = 0;
        for (int p = 0; p < 200; p++) {
            double e = noisy.ys()[p] / shrink - plain.ys()[p];
            residual += e * e;
        }
        assertEquals(1, residual / 200, 0.3); // χ²₂₀₀/200 has sd 0.1
    }

    @Test
    void unknownNamesNameTheClosestValidOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PromptDistribution.named("orthogonal", D, RandomStream.of(1, "x")));
        assertEquals("unknown prompt distribution 'orthogonal'; did you mean 'orthogonal_query'?", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PromptDistribution.named("scale_x_big", D, RandomStream.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> PromptDistribution.named("scale_y_-2", D, RandomStream.of(1, "x")));
    }

    private static int rank(float[] rows, int n, int d) {
        double[][] basis = new double[d][];
        int rank = 0;
        for (int r = 0; r < n && rank < d; r++) {
            double[] v = new double[d];
            double norm0 = 0;
            for (int i = 0; i < d; i++) {
                v[i] = rows[r * d + i];
                norm0 += v[i] * v[i];
            }
            for (int pass = 0; pass < 2; pass++)
                for (int b = 0; b < rank; b++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) dot += v[i] * basis[b][i];
                    for (int i = 0; i < d; i++) v[i] -= dot * basis[b][i];
                }
            double norm = 0;
            for (double x : v) norm += x * x;
            if (norm > 1e-8 * norm0) { // float rows: residuals of dependent rows are ~1e-14 of them
                for (int i = 0; i < d; i++) v[i] /= Math.sqrt(norm);
                basis[rank++] = v;
            }
        }
        return rank;
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] c = new double[D * D];
        for (int i = 0; i < D; i++)
            for (int j = 0; j < D; j++)
                for (int k = 0; k < D; k++) c[i * D + j] += a[i * D + k] * b[k * D + j];
        return c;
    }

    /** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations, largest first. */
    private static double[] jacobiEigenvalues(double[] symmetric) {
        double[] m = symmetric.clone();
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < D; p++) for (int q = p + 1; q < D; q++) off += m[p * D + q] * m[p * D + q];
            if (off < 1e-30) break;
            for (int p = 0; p < D; p++)
                for (int q = p + 1; q < D; q++) {
                    double apq = m[p * D + q];
                    if (apq == 0) continue;
                    double theta = (m[q * D + q] - m[p * D + p]) / (2 * apq);
                    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < D; k++) { // columns p, q
                        double mkp = m[k * D + p], mkq = m[k * D + q];
                        m[k * D + p] = c * mkp - s * mkq;
                        m[k * D + q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < D; k++) { // rows p, q
                        double mpk = m[p * D + k], mqk = m[q * D + k];
                        m[p * D + k] = c * mpk - s * mqk;
                        m[q * D + k] = s * mpk + c * mqk;
                    }
                }
        }
        double[] eigen = new double[D];
        for (int i = 0; i < D; i++) eigen[i] = m[i * D + i];
        Arrays.sort(eigen);
        for (int i = 0; i < D / 2; i++) {
            double t = eigen[i];
            eigen[i] = eigen[D - 1 - i];
            eigen[D - 1 - i] = t;
        }
        return eigen;
    }
}
