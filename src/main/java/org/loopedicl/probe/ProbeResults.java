package org.loopedicl.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.loopedicl.io.InvalidInputException;

/**
 * What {@code ./looped probe} writes as probe.json (docs/evaluation.md): the target, the settings,
 * and per model its probe error against depth beside the same probe on a randomly initialised
 * model of the same shape.
 *
 * @param token which token's state is probed ("last_x")
 */
public record ProbeResults(String target, String token, Map<String, Object> settings, Map<String, Curve> models) {
    public static final String FILE_NAME = "probe.json";

    /**
     * One model's curve. {@code depth} is "loop" (error[i] after iteration i + 1) or "layer" (after block i + 1).
     *
     * @param trainLoops b for a looped model, 0 when unknown or standard
     */
    public record Curve(String family, String depth, int trainLoops, double[] error, double[] randomInit) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) {
        try {
            Files.writeString(file, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InvalidInputException.io(file, "write", e);
        }
    }
}
