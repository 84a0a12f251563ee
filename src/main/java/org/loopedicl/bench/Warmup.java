package org.loopedicl.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.DoubleSupplier;

/**
 * Untimed runs until the JIT has finished with the code under test. Vector API code runs orders
 * of magnitude slower until C2 has compiled it, and on a busy machine the compiler threads get
 * little CPU, so a fixed count or time is not enough: keep going until the median of each window
 * of runs stops improving on the best one so far while the JIT compiles nothing.
 */
final class Warmup {
    private static final int WINDOW = 3;
    /** A window must beat the best by this fraction to count as progress. */
    private static final double PROGRESS = 0.03;
    /** Windows in a row without progress that end the warm-up. */
    private static final int PATIENCE = 2;

    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private Warmup() {}

    /** Total time the JIT has spent compiling, or 0 where the JVM does not say. */
    private static long compilationMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }

    /**
     * Calls {@code run} (which returns a duration to compare) at least {@code minRuns} times and
     * for at least {@code minNanos}, then until it is steady; never past {@code maxNanos}.
     */
    static void untilSteady(DoubleSupplier run, int minRuns, long minNanos, long maxNanos) {
        long start = System.nanoTime();
        double[] window = new double[WINDOW];
        double best = Double.POSITIVE_INFINITY;
        long compiling = compilationMillis();
        int stale = 0;
        for (int i = 1; ; i++) {
            window[(i - 1) % WINDOW] = run.getAsDouble();
            if (i % WINDOW == 0) {
                double m = Stats.median(window);
                long c = compilationMillis();
                if (m < best * (1 - PROGRESS) || c != compiling) {
                    best = Math.min(best, m);
                    stale = 0;
                } else {
                    stale++;
                }
                compiling = c;
            }
            long elapsed = System.nanoTime() - start;
            if (i >= minRuns && (elapsed >= maxNanos || elapsed >= minNanos && stale >= PATIENCE)) return;
        }
    }
}
