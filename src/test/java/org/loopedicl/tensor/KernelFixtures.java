package org.loopedicl.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

/** Seeded random inputs and a norm-wise closeness check for the kernel tests. */
final class KernelFixtures {
    private final SplittableRandom random;

    KernelFixtures(long seed) {
        random = new SplittableRandom(seed);
    }

    /** n values uniform in (−scale, scale). */
    float[] uniform(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) ((2 * random.nextDouble() - 1) * scale);
        return a;
    }

    /** n values uniform in (lo, hi). */
    float[] between(int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * random.nextDouble());
        return a;
    }

    /** max |actual − expected| ≤ rtol · max(max |expected|, tiny): relative to the array's scale. */
    static void assertClose(float[] expected, float[] actual, double rtol, String what) {
        assertTrue(expected.length == actual.length, what + ": lengths differ");
        double scale = 1e-30, err = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double e = Math.abs((double) actual[i] - expected[i]);
            if (!(e <= err)) {
                err = e;
                worst = i;
            }
        }
        double rel = err / scale;
        int at = worst;
        assertTrue(rel <= rtol, () -> what + ": relative error " + rel + " > " + rtol + " at index " + at
                + " (expected " + expected[at] + ", got " + actual[at] + ")");
    }
}
