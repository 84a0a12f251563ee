package org.loopedicl.tensor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernels' thread pool. Work is split into contiguous, equal chunks whose boundaries depend
 * only on the problem size and the thread count, so results are bit-identical for a given
 * thread count whatever the scheduling.
 */
public final class Parallel {
    /** A body that handles the half-open index range [lo, hi). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static ExecutorService pool;

    private Parallel() {}

    public static int threads() {
        return threads;
    }

    /** Sets the number of threads every kernel uses from now on (1 = run on the caller only). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (pool != null) pool.shutdownNow();
        pool = null;
        threads = n;
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                Thread t = new Thread(r, "looped-kernel");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /**
     * Runs body over [0, n) in at most threads() chunks. {@code minChunk} is the smallest range
     * worth handing to another thread; below it the caller does everything.
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        int parts = Math.min(threads, Math.max(1, n / Math.max(1, minChunk)));
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        ExecutorService p = pool();
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        for (int i = 1; i < parts; i++) {
            int lo = (int) ((long) n * i / parts), hi = (int) ((long) n * (i + 1) / parts);
            futures.add(p.submit(() -> body.run(lo, hi)));
        }
        body.run(0, (int) ((long) n / parts));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException("kernel worker failed", e.getCause() != null ? e.getCause() : e);
            }
        }
    }
}
