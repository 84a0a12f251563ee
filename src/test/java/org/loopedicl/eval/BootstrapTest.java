package org.loopedicl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.loopedicl.task.RandomStream;

class BootstrapTest {
    static double[] gaussians(int n, long seed) {
        RandomStream rng = RandomStream.of(seed, "values");
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 1 + rng.nextGaussian();
        return v;
    }

    static Band band(double[] values, long seed) {
        return Bootstrap.draw(values.length, 1000, RandomStream.of(seed, "bootstrap")).band(values, 1);
    }

    @Test
    void bandContainsTheMeanAndNarrowsWithMorePrompts() {
        Band small = band(gaussians(100, 1), 0), large = band(gaussians(10_000, 1), 0);
        for (Band b : new Band[] {small, large}) {
            assertTrue(b.low()[0] < b.mean()[0] && b.mean()[0] < b.high()[0], b.low()[0] + " " + b.mean()[0] + " " + b.high()[0]);
        }
        double wSmall = small.high()[0] - small.low()[0], wLarge = large.high()[0] - large.low()[0];
        // A 90% band of a mean of N(1, 1) values is about 2·1.645/√n wide: 0.33 for 100 prompts, 0.033 for 10,000.
        assertEquals(2 * 1.645 / 10, wSmall, 0.06);
        assertEquals(2 * 1.645 / 100, wLarge, 0.006);
    }

    @Test
    void columnsAreIndependentAndTheMeanIsThePlainMean() {
        int n = 50;
        double[] two = new double[n * 2];
        double sum0 = 0;
        for (int i = 0; i < n; i++) {
            two[2 * i] = i;
            two[2 * i + 1] = 7; // constant: no spread to resample
            sum0 += i;
        }
        Band b = Bootstrap.draw(n, 200, RandomStream.of(3, "bootstrap")).band(two, 2);
        assertEquals(sum0 / n, b.mean()[0], 1e-12);
        assertEquals(7, b.low()[1], 1e-12);
        assertEquals(7, b.high()[1], 1e-12);
        assertTrue(b.high()[0] - b.low()[0] > 1);
    }

    @Test
    void theSeedFixesTheBand() {
        double[] v = gaussians(300, 2);
        Band a = band(v, 5), again = band(v, 5), other = band(v, 6);
        assertArrayEquals(a.low(), again.low());
        assertArrayEquals(a.high(), again.high());
        assertTrue(a.low()[0] != other.low()[0] || a.high()[0] != other.high()[0]);
    }
}
