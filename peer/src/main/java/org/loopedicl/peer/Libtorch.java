package org.loopedicl.peer;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.TreeSet;

/**
 * DJL's PyTorch engine on the libtorch of {@code pytorch-native-cpu}: DJL finds that jar on the
 * class path and extracts its libraries once into its cache (~/.djl.ai, or DJL_CACHE_DIR); offline
 * mode makes any attempt to download natives (or DJL's telemetry) fail instead of going out.
 */
final class Libtorch {
    private Libtorch() {}

    /** Loads the engine; {@code threads}, when not null, sets libtorch's intra-op thread count. */
    static Engine load(Integer threads) {
        System.setProperty("ai.djl.offline", "true");
        Engine engine = Engine.getEngine("PyTorch");
        if (threads != null) JniUtils.setNumThreads(threads);
        return engine;
    }

    /** One line: libtorch's and DJL's versions, the threads and libtorch's build features (BLAS, oneDNN, OpenMP). */
    static String describe(Engine engine) {
        return "libtorch " + engine.getVersion() + " (DJL " + Engine.getDjlVersion() + " pytorch-engine)"
                + " threads=" + JniUtils.getNumThreads() + " interop_threads=" + JniUtils.getNumInteropThreads()
                + " java=" + Runtime.version().feature()
                + " features=" + String.join(",", new TreeSet<>(JniUtils.getFeatures()));
    }
}
