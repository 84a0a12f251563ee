package org.loopedicl.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.loopedicl.io.AtomicFile;

/**
 * A finished cell, as {@code cell.json} in its evaluation directory: what it was run with (its
 * overrides, the sweep's base and set, the eval options) and its numbers. Written last, atomically,
 * so its presence means the cell is done; a later sweep that asks for the same cell takes its
 * numbers instead of running it again.
 */
record CellRecord(String base, List<String> overrides, Map<String, Object> eval, CellNumbers numbers) {
    static final String FILE_NAME = "cell.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    void write(Path dir) {
        try {
            AtomicFile.writeString(dir.resolve(FILE_NAME), JSON.writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cell record not writable as JSON", e);
        }
    }

    /** The record in {@code dir} when there is one for the same cell; unreadable counts as none (the cell runs again). */
    Optional<CellNumbers> findIn(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            CellRecord done = JSON.readValue(file.toFile(), CellRecord.class);
            return sameCell(done) ? Optional.ofNullable(done.numbers()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private boolean sameCell(CellRecord other) {
        return base.equals(other.base) && overrides.equals(other.overrides) && eval.equals(other.eval);
    }
}
