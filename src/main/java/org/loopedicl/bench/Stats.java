package org.loopedicl.bench;

import java.util.Arrays;

/** The one statistic the benchmarks report: the median, robust to the odd slow sample. */
final class Stats {
    private Stats() {}

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
