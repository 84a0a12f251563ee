package org.loopedicl.tensor;

/**
 * Runs the code inside on the scalar kernels and one thread: plain Java float arithmetic gives
 * the same bits on every CPU and JDK, so what it writes can be compared with committed files.
 */
public final class ScalarKernelsScope implements AutoCloseable {
    private final Kernels previous = KernelSelector.current;
    private final int threads = Parallel.threads();

    public ScalarKernelsScope() {
        KernelSelector.current = new ScalarKernels();
        Parallel.setThreads(1);
    }

    @Override
    public void close() {
        KernelSelector.current = previous;
        Parallel.setThreads(threads);
    }
}
