package org.loopedicl.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loopedicl.model.Family;
import org.loopedicl.model.LoopFunc;
import org.loopedicl.model.ModelConfig;
import org.loopedicl.model.PredictionLoss;
import org.loopedicl.model.TransformerModel;
import org.loopedicl.task.PromptBatch;
import org.loopedicl.tensor.Kernels;
import org.loopedicl.tensor.Parallel;

/**
 * A training step (forward, windowed backward, Adam) allocates nothing once the JIT has compiled
 * it, on the calling thread and on the kernel pool's workers alike (ARCHITECTURE: "the hot loop
 * allocates nothing").
 *
 * <p>Vector API code allocates heavily until C2 has compiled it, and a compiled kernel that boxes
 * its vectors allocates on every call (a Gemm store helper left out of line once cost 32 MB per
 * step). So the test measures windows of steps until one is allocation-free or time runs out: it
 * passes only if the compiled steady state allocates nothing.
 */
class StepAllocationTest {
    /** Bytes per step tolerated: a few stray objects, far below one boxed vector per kernel call. */
    private static final long MAX_BYTES_PER_STEP = 256;
    private static final int WINDOW = 10;
    private static final long DEADLINE_NANOS = 60_000_000_000L;

    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    @Test
    void compiledTrainingStepAllocatesNothing() {
        // The reference kernels keep their simple lambdas (a few dozen bytes per call).
        assumeTrue(Kernels.active().name().equals("vector"), "measures the vector kernels");
        // JDK 17's incubating Vector API still boxes in compiled code here (~1 MB per step, seen in
        // CI on 17.0.15); the launcher runs the newest JDK it finds, and on 25 the step is clean.
        assumeTrue(Runtime.version().feature() >= 25, "allocation-free on JDK 25; JDK 17 boxes vectors (PERFORMANCE.md)");
        Parallel.setThreads(2);
        // small's shapes (t = 22, 4 heads of 16) at a quarter of its batch: full and edge GEMM
        // tiles, narrow read-in/read-out matmuls, both attention passes, a truncated loop window.
        ModelConfig config = new ModelConfig(Family.LOOPED, 5, 11, 64, 1, 4, LoopFunc.ADD);
        TransformerModel model = TransformerModel.initialize(config, 1);
        Adam adam = Adam.paper(model.parameters());
        PromptBatch prompts = randomPrompts(16, 11, 5, 2);
        Runnable step = () -> {
            model.lossAndGradient(prompts, 4, 2, PredictionLoss.SQUARED_ERROR);
            adam.step(1e-4f);
        };
        step.run(); // starts the kernel pool, whose workers are measured too
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = stepThreads(threads);
        assertTrue(ids.length == 2, "expected the caller and one kernel worker, found " + ids.length + " threads");

        long start = System.nanoTime(), best = Long.MAX_VALUE;
        long[] before = new long[ids.length], after = new long[ids.length];
        while (System.nanoTime() - start < DEADLINE_NANOS) {
            allocated(threads, ids, before);
            for (int i = 0; i < WINDOW; i++) step.run();
            allocated(threads, ids, after);
            long bytes = 0;
            for (int i = 0; i < ids.length; i++) bytes += after[i] - before[i];
            best = Math.min(best, bytes / WINDOW);
            if (best <= MAX_BYTES_PER_STEP) break;
        }
        assertTrue(best <= MAX_BYTES_PER_STEP, "a compiled training step allocated " + best
                + " bytes (fewest per step over windows of " + WINDOW + " steps), at most "
                + MAX_BYTES_PER_STEP + " expected");
    }

    /** The calling thread and the kernel pool's workers. */
    private static long[] stepThreads(ThreadMXBean threads) {
        long self = Thread.currentThread().getId();
        return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(t -> t != null && (t.getThreadId() == self || t.getThreadName().startsWith("looped-kernel-")))
                .mapToLong(ThreadInfo::getThreadId).toArray();
    }

    /** Fills {@code out} without allocating: the array form of the query would allocate its result. */
    private static void allocated(ThreadMXBean threads, long[] ids, long[] out) {
        for (int i = 0; i < ids.length; i++) out[i] = threads.getThreadAllocatedBytes(ids[i]);
    }

    private static PromptBatch randomPrompts(int batch, int points, int dims, long seed) {
        Random r = new Random(seed);
        float[] xs = new float[batch * points * dims], ys = new float[batch * points];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) r.nextGaussian();
        for (int i = 0; i < ys.length; i++) ys[i] = (float) r.nextGaussian();
        return new PromptBatch(xs, ys, batch, points, dims);
    }
}
