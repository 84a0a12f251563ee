package org.loopedicl.cli;

import java.nio.file.Path;
import java.util.Map;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.Family;
import org.loopedicl.model.ModelFile;

/**
 * The loop count K and loss window T a command uses: the flags when given, else what the weights
 * file says it was trained with ({@code train_loops}, {@code train_window}).
 */
record LoopSettings(int loops, int window) {

    static LoopSettings resolve(Path weights, ModelFile f, Integer loops, Integer window) {
        Family family = f.model().config().family();
        int k = loops != null ? loops : family == Family.STANDARD ? 1 : metaInt(weights, f.metadata(), "train_loops", "--loops");
        int t = window != null ? window : family == Family.LOOPED && f.metadata().containsKey("train_window")
                ? metaInt(weights, f.metadata(), "train_window", "--window") : k;
        if (k < 1) throw new InvalidInputException("--loops must be >= 1, got " + k);
        if (t < 1) throw new InvalidInputException("--window must be >= 1, got " + t);
        return new LoopSettings(f.model().effectiveLoops(k), t);
    }

    private static int metaInt(Path weights, Map<String, String> meta, String key, String flag) {
        String v = meta.get(key);
        if (v == null)
            throw new InvalidInputException(weights + ": metadata has no '" + key + "'; give " + flag);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(weights + ": metadata '" + key + "' is '" + v + "', expected an integer");
        }
    }
}
