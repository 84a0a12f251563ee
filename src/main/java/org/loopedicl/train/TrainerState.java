package org.loopedicl.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.loopedicl.task.CurriculumState;
import org.loopedicl.task.ShuffledEpochs;

/**
 * What a checkpoint keeps of the trainer beyond weights, optimiser and {@link TrainingMetadata}:
 * the curriculum, the data stream's state and, for a fixed dataset, the epoch position. Stored
 * as comma-joined integers under {@code curriculum}, {@code data_rng} and {@code epoch_position}.
 *
 * @param epoch null when the run samples fresh prompts every step
 */
record TrainerState(CurriculumState curriculum, long[] dataRng, ShuffledEpochs.Position epoch) {
    private static final String CURRICULUM = "curriculum", DATA_RNG = "data_rng", EPOCH_POSITION = "epoch_position";

    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(CURRICULUM, join(curriculum.count(), curriculum.dims(), curriculum.points(), curriculum.loops()));
        m.put(DATA_RNG, join(dataRng));
        if (epoch != null) m.put(EPOCH_POSITION, join(epoch.epoch(), epoch.offset()));
        return m;
    }

    /**
     * Reads the state back; an absent or malformed key throws IllegalArgumentException naming it.
     *
     * @param rngLength the data stream's state length
     * @param epochs    whether the run has a fixed dataset, whose position must be there
     */
    static TrainerState of(Map<String, String> metadata, int rngLength, boolean epochs) {
        long[] c = longs(metadata, CURRICULUM, 4);
        long[] e = epochs ? longs(metadata, EPOCH_POSITION, 2) : null;
        return new TrainerState(new CurriculumState(c[0], (int) c[1], (int) c[2], (int) c[3]), longs(metadata, DATA_RNG, rngLength),
                e == null ? null : new ShuffledEpochs.Position(e[0], (int) e[1]));
    }

    private static String join(long... v) {
        StringBuilder sb = new StringBuilder();
        for (long x : v) sb.append(sb.length() == 0 ? "" : ",").append(x);
        return sb.toString();
    }

    private static long[] longs(Map<String, String> metadata, String key, int n) {
        String s = metadata.get(key);
        if (s == null) throw new IllegalArgumentException("'" + key + "' absent");
        String[] parts = s.split(",");
        if (parts.length != n)
            throw new IllegalArgumentException("'" + key + "' = '" + s + "' has " + parts.length + " fields, expected " + n);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = Long.parseLong(parts[i].trim());
        return out;
    }
}
