package org.loopedicl.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.loopedicl.io.InvalidInputException;

/**
 * What a weights file says about the training that produced it, beside the architecture: the
 * task, the active dimensions the curriculum reached, b ({@code train_loops}), T
 * ({@code train_window}) and the step. {@link Trainer} writes it into every model and checkpoint
 * file; evaluation, predict and reproduce read their defaults from it. Weights converted from the
 * reference carry only the keys given to the converter: an absent key reads as null (task) or 0.
 */
public record TrainingMetadata(String task, int nDimsActive, int trainLoops, int trainWindow, long step) {
    private static final String TASK = "task", N_DIMS_ACTIVE = "n_dims_active", TRAIN_LOOPS = "train_loops",
            TRAIN_WINDOW = "train_window", STEP = "step";

    /** The metadata form, in the order the files have always had. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TASK, task);
        m.put(N_DIMS_ACTIVE, Integer.toString(nDimsActive));
        m.put(TRAIN_LOOPS, Integer.toString(trainLoops));
        m.put(TRAIN_WINDOW, Integer.toString(trainWindow));
        m.put(STEP, Long.toString(step));
        return m;
    }

    /** Reads the keys {@code metadata} holds; a malformed one is a one-line error naming {@code file}. */
    public static TrainingMetadata of(Path file, Map<String, String> metadata) {
        return new TrainingMetadata(metadata.get(TASK), (int) number(file, metadata, N_DIMS_ACTIVE),
                (int) number(file, metadata, TRAIN_LOOPS), (int) number(file, metadata, TRAIN_WINDOW), number(file, metadata, STEP));
    }

    private static long number(Path file, Map<String, String> metadata, String key) {
        String v = metadata.get(key);
        if (v == null) return 0;
        try {
            long n = key.equals(STEP) ? Long.parseLong(v.trim()) : Integer.parseInt(v.trim());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(file + ": metadata '" + key + "' is '" + v + "', expected a non-negative integer");
        }
    }
}
