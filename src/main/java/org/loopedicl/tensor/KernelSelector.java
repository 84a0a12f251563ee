package org.loopedicl.tensor;

/** Chooses the kernel implementation once, at class load. */
final class KernelSelector {
    /** The chosen kernels, wrapped by {@link KernelTimes} while a bench times a step. */
    static volatile Kernels current = choose(System.getProperty("looped.kernels", "auto"), vectorModulePresent());

    private KernelSelector() {}

    /**
     * The implementation for a value of {@code -Dlooped.kernels} ("auto", "vector" or "scalar")
     * given whether jdk.incubator.vector is loaded.
     */
    static Kernels choose(String wanted, boolean vectorModulePresent) {
        switch (wanted) {
            case "scalar":
                return new ScalarKernels();
            case "vector":
                if (!vectorModulePresent)
                    throw new IllegalStateException("looped.kernels=vector but the module jdk.incubator.vector is not loaded (run with --add-modules jdk.incubator.vector)");
                return new VectorKernels();
            case "auto":
                return vectorModulePresent ? new VectorKernels() : new ScalarKernels();
            default:
                throw new IllegalArgumentException("looped.kernels must be auto, vector or scalar, got '" + wanted + "'");
        }
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
