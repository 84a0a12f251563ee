package org.loopedicl.cli;

import java.nio.file.Path;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.Family;
import org.loopedicl.model.ModelFile;
import org.loopedicl.train.TrainingMetadata;

/**
 * The loop count K and loss window T a command uses: the flags when given, else what the weights
 * file says it was trained with ({@code train_loops}, {@code train_window}).
 */
record LoopSettings(int loops, int window) {

    static LoopSettings resolve(Path weights, ModelFile f, Integer loops, Integer window) {
        Family family = f.model().config().family();
        TrainingMetadata trained = TrainingMetadata.of(weights, f.metadata());
        int k = loops != null ? loops : family == Family.STANDARD ? 1 : known(weights, trained.trainLoops(), "train_loops", "--loops");
        int t = window != null ? window : family == Family.LOOPED && trained.trainWindow() > 0 ? trained.trainWindow() : k;
        if (k < 1) throw new InvalidInputException("--loops must be >= 1, got " + k);
        if (t < 1) throw new InvalidInputException("--window must be >= 1, got " + t);
        return new LoopSettings(f.model().effectiveLoops(k), t);
    }

    private static int known(Path weights, int value, String key, String flag) {
        if (value == 0) throw new InvalidInputException(weights + ": metadata has no '" + key + "'; give " + flag);
        return value;
    }
}
