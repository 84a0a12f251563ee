package org.loopedicl.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pool runs every index exactly once, in chunks fixed by the size and thread count only. */
class ParallelTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 4})
    void everyIndexRunsOnceInFixedChunks(int threads) {
        // Fresh pools, many small tasks back to back: a worker that lags one task behind is what
        // once claimed the last chunk of a task twice.
        for (int round = 0; round < 40; round++) {
            Parallel.setThreads(threads == 1 ? 2 : 1);
            Parallel.setThreads(threads);
            runTasks(threads);
        }
    }

    private static void runTasks(int threads) {
        for (int call = 0; call < 2000; call++) {
            int n = 1 + call % 37;
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            int[] chunkStart = new int[n];
            Parallel.forRange(n, 1, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    hits.incrementAndGet(i);
                    chunkStart[i] = lo;
                }
            });
            int parts = Math.min(threads, n);
            int[] expected = new int[n];
            for (int p = 0; p < parts; p++)
                for (int i = Parallel.bound(n, p, parts); i < Parallel.bound(n, p + 1, parts); i++) expected[i] = Parallel.bound(n, p, parts);
            for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i + " of " + n);
            assertArrayEquals(expected, chunkStart, "chunks of " + n);
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 3})
    void nestedCallsRunAndFailuresReachTheCaller(int threads) {
        Parallel.setThreads(threads);
        AtomicIntegerArray hits = new AtomicIntegerArray(16);
        Parallel.forRange(4, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int row = i;
                Parallel.forRange(4, 1, (a, b) -> {
                    for (int j = a; j < b; j++) hits.incrementAndGet(row * 4 + j);
                });
            }
        });
        for (int i = 0; i < 16; i++) assertEquals(1, hits.get(i));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(8, 1, (lo, hi) -> {
            if (hi == 8) throw new IllegalStateException("last chunk");
        }));
        assertEquals("last chunk", e.getMessage());
        int[] after = new int[8];
        Parallel.forRange(8, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) after[i]++;
        });
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1}, after, "the pool works after a failure");
    }
}
