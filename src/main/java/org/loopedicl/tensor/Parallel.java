package org.loopedicl.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernels' thread pool. Work is split into contiguous, equal chunks whose boundaries depend
 * only on the problem size and the thread count, so results are bit-identical for a given
 * thread count whatever the scheduling.
 *
 * <p>A training step makes hundreds of kernel calls, many of them small, so dispatch must cost
 * microseconds: the workers are persistent threads, each waiting on its own generation counter,
 * that spin for a short while after a task (the next call usually follows at once) and then park.
 * A call allocates nothing. A call made while the pool is already busy (from inside a body, or
 * from a second caller thread) runs the same chunks one after the other on its own thread.
 */
public final class Parallel {
    /** A body that handles the half-open index range [lo, hi). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }

    /** How long an idle worker spins before parking; a park/unpark round trip costs tens of µs. */
    private static final long SPIN_NANOS = 200_000;

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile Pool pool;

    private Parallel() {}

    public static int threads() {
        return threads;
    }

    /** Sets the number of threads every kernel uses from now on (1 = run on the caller only). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (pool != null) pool.shutdown();
        pool = null;
        threads = n;
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
        Pool p = pool;
        if (p == null || p.size() < parts) p = createPool();
        p.run(n, Math.min(parts, p.size()), body);
    }

    private static synchronized Pool createPool() {
        if (pool == null) pool = new Pool(threads);
        return pool;
    }

    static int bound(int n, int part, int parts) {
        return (int) ((long) n * part / parts);
    }

    private static final class Pool {
        private final Worker[] workers;
        private final AtomicBoolean busy = new AtomicBoolean();
        private final AtomicInteger pending = new AtomicInteger();
        private volatile Throwable failure;

        Pool(int threads) {
            workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, "looped-kernel-" + (i + 1));
                workers[i].start();
            }
        }

        /** Threads a call can use: the workers and the caller. */
        int size() {
            return workers.length + 1;
        }

        void run(int n, int parts, RangeBody body) {
            if (!busy.compareAndSet(false, true)) {
                for (int i = 0; i < parts; i++) body.run(bound(n, i, parts), bound(n, i + 1, parts));
                return;
            }
            try {
                failure = null;
                pending.set(parts - 1);
                for (int i = 1; i < parts; i++) workers[i - 1].post(body, bound(n, i, parts), bound(n, i + 1, parts));
                try {
                    body.run(0, bound(n, 1, parts));
                } finally {
                    awaitWorkers();
                }
                Throwable t = failure;
                if (t != null) {
                    failure = null;
                    if (t instanceof RuntimeException) throw (RuntimeException) t;
                    if (t instanceof Error) throw (Error) t;
                    throw new IllegalStateException("kernel worker failed", t);
                }
            } finally {
                busy.set(false);
            }
        }

        private void awaitWorkers() {
            long spins = 0;
            while (pending.get() > 0) {
                // A worker that lost its core needs ours back on a two-core machine: yield after a while.
                if (++spins < 10_000) Thread.onSpinWait();
                else Thread.yield();
            }
        }

        void finished(Throwable t) {
            if (t != null && failure == null) failure = t;
            pending.decrementAndGet();
        }

        void shutdown() {
            while (!busy.compareAndSet(false, true)) Thread.onSpinWait();
            for (Worker w : workers) w.retire();
        }
    }

    private static final class Worker extends Thread {
        private final Pool pool;
        private volatile int posted;
        private volatile boolean parked;
        private volatile boolean stopped;
        private RangeBody body;
        private int lo, hi;

        Worker(Pool pool, String name) {
            super(name);
            this.pool = pool;
            setDaemon(true);
        }

        /** Called by the dispatching thread only, while this worker is idle. */
        void post(RangeBody body, int lo, int hi) {
            this.body = body;
            this.lo = lo;
            this.hi = hi;
            posted = posted + 1;
            if (parked) LockSupport.unpark(this);
        }

        void retire() {
            stopped = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                long idleSince = System.nanoTime();
                while (posted == seen) {
                    if (stopped) return;
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (posted == seen && !stopped) LockSupport.park(this);
                        parked = false;
                    }
                }
                seen = posted;
                Throwable failed = null;
                try {
                    body.run(lo, hi);
                } catch (Throwable t) {
                    failed = t;
                }
                body = null;
                pool.finished(failed);
            }
        }
    }
}
