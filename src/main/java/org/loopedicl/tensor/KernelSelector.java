package org.loopedicl.tensor;

/** Chooses the kernel implementation once, at class load. */
final class KernelSelector {
    static final Kernels ACTIVE = choose();

    private KernelSelector() {}

    private static Kernels choose() {
        String wanted = System.getProperty("looped.kernels", "auto");
        if (wanted.equals("scalar")) return new ScalarKernels();
        if (!vectorModulePresent()) {
            if (wanted.equals("vector"))
                throw new IllegalStateException("looped.kernels=vector but the module jdk.incubator.vector is not loaded (run with --add-modules jdk.incubator.vector)");
            return new ScalarKernels();
        }
        return new VectorKernels();
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
