package org.loopedicl.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RandomStreamTest {
    @Test
    void generatorMatchesPublishedXoshiro256StarStarOutputs() {
        RandomStream rng = RandomStream.of(0, "any");
        rng.restore(new long[] {1, 2, 3, 4, 0, 0});
        long[] expected = {11520L, 0L, 1509978240L, 1215971899390074240L, 1216172134540287360L, 607988272756665600L};
        for (long e : expected) assertEquals(e, rng.nextLong());
    }

    @Test
    void sameSeedAndNameGiveTheSameStream() {
        assertArrayEquals(draws(RandomStream.of(7, "data"), 50), draws(RandomStream.of(7, "data"), 50));
    }

    @Test
    void seedNameAndIndexEachSelectADifferentStream() {
        long[] base = draws(RandomStream.of(7, "data"), 4);
        assertNotEquals(base[0], draws(RandomStream.of(8, "data"), 4)[0]);
        assertNotEquals(base[0], draws(RandomStream.of(7, "init"), 4)[0]);
        assertNotEquals(base[0], draws(RandomStream.of(7, "data", 1), 4)[0]);
        assertNotEquals(draws(RandomStream.of(7, "data", 1), 4)[0], draws(RandomStream.of(7, "data", 2), 4)[0]);
    }

    @Test
    void restoredStateContinuesIdenticallyEvenWithASpareGaussianCached() {
        RandomStream rng = RandomStream.of(3, "data");
        for (int i = 0; i < 11; i++) rng.nextGaussian(); // odd: a spare is cached
        long[] saved = rng.state();
        assertEquals(1, saved[4]);
        double[] expected = mixedDraws(rng);
        RandomStream resumed = RandomStream.of(99, "elsewhere");
        resumed.restore(saved);
        assertArrayEquals(expected, mixedDraws(resumed));
        RandomStream copy = resumed.copy();
        assertArrayEquals(mixedDraws(resumed), mixedDraws(copy));
    }

    @Test
    void restoreRefusesWhatIsNotAState() {
        RandomStream rng = RandomStream.of(1, "x");
        assertThrows(IllegalArgumentException.class, () -> rng.restore(new long[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> rng.restore(new long[] {0, 0, 0, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> rng.restore(new long[] {1, 2, 3, 4, 2, 0}));
    }

    /** 200,000 draws: the standard errors of mean, variance and 4th moment are 0.0022, 0.0032, 0.022. */
    @Test
    void gaussianHasStandardNormalMoments() {
        RandomStream rng = RandomStream.of(5, "gauss");
        int n = 200_000;
        double m1 = 0, m2 = 0, m4 = 0;
        for (int i = 0; i < n; i++) {
            double g = rng.nextGaussian();
            m1 += g;
            m2 += g * g;
            m4 += g * g * g * g;
        }
        assertEquals(0, m1 / n, 0.012);
        assertEquals(1, m2 / n, 0.016);
        assertEquals(3, m4 / n, 0.11);
    }

    /** 70,000 draws over 7 values: each count has standard deviation √(70000·(1/7)·(6/7)) ≈ 93. */
    @Test
    void nextIntIsUniformAndInRange() {
        RandomStream rng = RandomStream.of(5, "ints");
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[rng.nextInt(7)]++;
        for (int c : counts) assertEquals(10_000, c, 470);
        for (int i = 0; i < 1000; i++) {
            double u = rng.nextDouble();
            assertTrue(u >= 0 && u < 1);
        }
    }

    private static long[] draws(RandomStream rng, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = rng.nextLong();
        return out;
    }

    private static double[] mixedDraws(RandomStream rng) {
        double[] out = new double[60];
        for (int i = 0; i < 60; i += 3) {
            out[i] = rng.nextGaussian();
            out[i + 1] = rng.nextInt(1000);
            out[i + 2] = rng.nextDouble();
        }
        return out;
    }
}
