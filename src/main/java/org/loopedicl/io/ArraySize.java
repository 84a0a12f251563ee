package org.loopedicl.io;

/**
 * Sizes of arrays in exact arithmetic: products and sums saturate at Long.MAX_VALUE instead of
 * wrapping, so that an oversized shape compares as too big rather than as a small or negative
 * number.
 */
public final class ArraySize {
    /** The most elements a Java array reliably holds (VMs reserve a few header words). */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private ArraySize() {
    }

    /** The product of non-negative factors, saturating. */
    public static long product(long... factors) {
        long n = 1;
        for (long f : factors) {
            if (f < 0) throw new IllegalArgumentException("negative size factor " + f);
            if (f == 0) return 0;
            n = n > Long.MAX_VALUE / f ? Long.MAX_VALUE : n * f;
        }
        return n;
    }

    /** The sum of non-negative terms, saturating. */
    public static long sum(long... terms) {
        long n = 0;
        for (long t : terms) n = n > Long.MAX_VALUE - t ? Long.MAX_VALUE : n + t;
        return n;
    }

    /** Bytes as "8.0 GiB". */
    public static String gib(long bytes) {
        return String.format("%.1f GiB", bytes / (double) (1L << 30));
    }
}
