package org.loopedicl.task;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reproducible stream of random numbers, derived from a run seed and a stream name (and
 * optionally an index), so that e.g. the "init", "data" and "eval" streams of one seed are
 * independent and adding draws to one never shifts another.
 *
 * <p>The generator is xoshiro256** (Blackman and Vigna), seeded through SplitMix64, with
 * Gaussians by Marsaglia's polar method. It is written here rather than taken from
 * java.util.Random or SplittableRandom because neither lets its state be read out, and exact
 * resume needs the whole state — the four xoshiro words plus the polar method's cached spare
 * Gaussian — in a checkpoint ({@link #state()} / {@link #restore(long[])}).
 */
public final class RandomStream {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final int STATE_LONGS = 6;

    private long s0, s1, s2, s3;
    private boolean hasSpare;
    private double spare;

    private RandomStream(long seedMaterial) {
        long x = seedMaterial;
        s0 = mix64(x += GOLDEN_GAMMA);
        s1 = mix64(x += GOLDEN_GAMMA);
        s2 = mix64(x += GOLDEN_GAMMA);
        s3 = mix64(x + GOLDEN_GAMMA);
        if ((s0 | s1 | s2 | s3) == 0) s0 = GOLDEN_GAMMA; // the one state xoshiro cannot leave
    }

    /** The stream called {@code name} of run {@code seed}. */
    public static RandomStream of(long seed, String name) {
        return of(seed, name, 0);
    }

    /** The {@code index}-th stream called {@code name} of run {@code seed} (e.g. one per epoch). */
    public static RandomStream of(long seed, String name, long index) {
        // Each step is a bijection of its running value, so distinct indices of one name never
        // share a seed; distinct names collide only if their 64-bit FNV-1a hashes do.
        long x = mix64(seed + GOLDEN_GAMMA);
        x = mix64(x ^ fnv1a64(name));
        x = mix64(x ^ index);
        return new RandomStream(x);
    }

    /** An independent copy at the same position. */
    public RandomStream copy() {
        RandomStream c = new RandomStream(0);
        c.restore(state());
        return c;
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform on [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform on {0, …, bound−1}, without modulo bias (Lemire's multiply-and-reject). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * m;
        hasSpare = true;
        return u * m;
    }

    /** The whole state: four generator words, whether a spare Gaussian is cached, its bits. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spare)};
    }

    /** Continues exactly where the stream whose {@link #state()} this is stood. */
    public void restore(long[] state) {
        if (state.length != STATE_LONGS || (state[4] != 0 && state[4] != 1)
                || (state[0] | state[1] | state[2] | state[3]) == 0)
            throw new IllegalArgumentException("not a RandomStream state: " + Arrays.toString(state));
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
        hasSpare = state[4] == 1;
        spare = Double.longBitsToDouble(state[5]);
    }

    /** SplitMix64's finaliser (Stafford variant 13): a bijection that scrambles every bit. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long fnv1a64(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return h;
    }
}
