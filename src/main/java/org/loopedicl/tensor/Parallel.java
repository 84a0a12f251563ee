package org.loopedicl.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernels' thread pool. Work is split into contiguous, equal chunks whose boundaries depend
 * only on the problem size and the thread count, so results are bit-identical for a given
 * thread count whatever the scheduling.
 *
 * <p>A training step makes hundreds of kernel calls, many of them small, so dispatch must cost
 * microseconds: the workers are persistent threads that spin for a short while after a task (the
 * next call usually follows at once) and then park. The chunks are claimed from a shared counter
 * by the caller and the workers alike, so a worker that the OS has not scheduled yet (a busy or
 * shared machine) delays nothing: the caller runs its chunks too. A call allocates nothing. A
 * call made while the pool is already busy (from inside a body, or from a second caller thread)
 * runs the same chunks one after the other on its own thread.
 */
public final class Parallel {
    /** A body that handles the half-open index range [lo, hi). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }

    /** How long an idle worker spins before parking; a park/unpark round trip costs tens of µs. */
    private static final long SPIN_NANOS = 200_000;
    /** How long a caller spins for the workers' last chunks before it parks. */
    private static final long AWAIT_SPIN_NANOS = 50_000;

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static volatile Pool pool;

    private Parallel() {}

    public static int threads() {
        return threads;
    }

    /** Sets the number of threads every kernel uses from now on (1 = run on the caller only). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n == threads) return; // keep the warm pool
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
        /** The task's generation (high 32 bits) and the next unclaimed chunk (low 32 bits). */
        private final AtomicLong state = new AtomicLong();
        /** A chunk index no task has: a state holding it lets no worker claim anything. */
        private static final long CLOSED = Integer.MAX_VALUE;
        private final AtomicInteger completed = new AtomicInteger();
        private volatile Throwable failure;
        private volatile Thread waiter;
        // The task, written by the caller before it publishes a new generation in `state`.
        private RangeBody body;
        private int n, parts;

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
                // Close the last task first: a worker that read its state just as its last chunk
                // was claimed could otherwise claim a chunk of it against the new task's fields.
                int generation = generation(state.get());
                state.set(((long) generation << 32) | CLOSED);
                failure = null;
                this.body = body;
                this.n = n;
                this.parts = parts;
                completed.set(0);
                state.set((long) (generation + 1) << 32);
                for (Worker w : workers) if (w.parked) LockSupport.unpark(w);
                work(generation + 1);
                awaitChunks(parts);
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

        static int generation(long state) {
            return (int) (state >>> 32);
        }

        /**
         * Claims and runs chunks of that generation until none is left. A successful claim proves
         * the task was still unfinished (run closes a task before it writes the next one's
         * fields), so the fields read just before it belong to it.
         */
        void work(int generation) {
            while (true) {
                long v = state.get();
                RangeBody b = body;
                int size = n, count = parts, chunk = (int) v;
                if (generation(v) != generation || chunk >= count) return;
                if (!state.compareAndSet(v, v + 1)) continue;
                try {
                    b.run(bound(size, chunk, count), bound(size, chunk + 1, count));
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                }
                finished(count);
            }
        }

        /**
         * Waits for the chunks that workers claimed. They usually finish within microseconds; if
         * not, their thread has lost its core to another process, and spinning would only keep
         * it off longer: park until the last chunk's worker unparks us.
         */
        private void awaitChunks(int parts) {
            long start = System.nanoTime();
            while (completed.get() < parts) {
                if (System.nanoTime() - start < AWAIT_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    waiter = Thread.currentThread();
                    if (completed.get() < parts) LockSupport.park(this);
                    waiter = null;
                }
            }
        }

        /** Counts a finished chunk; the last one wakes a parked caller. */
        private void finished(int count) {
            if (completed.incrementAndGet() == count) {
                Thread w = waiter;
                if (w != null) LockSupport.unpark(w);
            }
        }

        void shutdown() {
            while (!busy.compareAndSet(false, true)) Thread.onSpinWait();
            for (Worker w : workers) w.retire();
        }
    }

    private static final class Worker extends Thread {
        private final Pool pool;
        private volatile boolean parked;
        private volatile boolean stopped;

        Worker(Pool pool, String name) {
            super(name);
            this.pool = pool;
            setDaemon(true);
        }

        void retire() {
            stopped = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            int seen = Pool.generation(pool.state.get());
            while (true) {
                long idleSince = System.nanoTime();
                int generation;
                while ((generation = Pool.generation(pool.state.get())) == seen) {
                    if (stopped) return;
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (Pool.generation(pool.state.get()) == seen && !stopped) LockSupport.park(this);
                        parked = false;
                    }
                }
                seen = generation;
                pool.work(generation);
            }
        }
    }
}
