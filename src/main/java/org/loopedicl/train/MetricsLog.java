package org.loopedicl.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.loopedicl.io.InvalidInputException;

/**
 * The run's metrics as JSON lines, one object per record, flushed as written so that a killed
 * run keeps everything up to its last line. On resume, lines past the checkpoint's step are
 * dropped first, so the log reads as one uninterrupted run.
 */
final class MetricsLog implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path path;
    private final BufferedWriter out;

    private MetricsLog(Path path, BufferedWriter out) {
        this.path = path;
        this.out = out;
    }

    /** Opens the log, keeping only the records with step ≤ keepUpToStep (all of them for a fresh run: −1 clears it). */
    static MetricsLog open(Path path, long keepUpToStep) {
        try {
            List<String> kept = new ArrayList<>();
            if (keepUpToStep >= 0 && Files.exists(path)) {
                for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) continue;
                    try {
                        if (JSON.readTree(line).path("step").asLong(Long.MAX_VALUE) <= keepUpToStep) kept.add(line);
                    } catch (IOException torn) {
                        break; // a line cut by a kill: nothing after it is trustworthy
                    }
                }
            }
            Files.write(path, kept, StandardCharsets.UTF_8);
            return new MetricsLog(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw InvalidInputException.io(path, "write the metrics log", e);
        }
    }

    /** The loss the log records at {@code step}, if it has that record (a finished run's last step always has one). */
    static OptionalDouble lossAt(Path path, long step) {
        if (!Files.exists(path)) return OptionalDouble.empty();
        try {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                var record = JSON.readTree(line);
                if (record.path("step").asLong(-1) == step && record.path("loss").isNumber())
                    return OptionalDouble.of(record.path("loss").asDouble());
            }
        } catch (IOException torn) {
            // A line cut by a kill ends what the log can tell.
        }
        return OptionalDouble.empty();
    }

    void write(StepMetrics m) {
        try {
            out.write(JSON.writeValueAsString(line(m)));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw InvalidInputException.io(path, "write the metrics log", e);
        }
    }

    /** The line's fields in their order; the held-out pair only on steps that measured it. */
    private static Map<String, Object> line(StepMetrics m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("step", m.step());
        r.put("loss", m.loss());
        r.put("grad_norm", m.gradNorm());
        r.put("lr", m.lr());
        r.put("dims", m.dims());
        r.put("points", m.points());
        r.put("loops", m.loops());
        r.put("step_ms", m.stepMs());
        if (m.hasHeldOut()) {
            r.put("heldout_mean", m.heldOutMean());
            r.put("heldout_per_position", m.heldOutPerPosition());
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
