package org.loopedicl.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.loopedicl.io.InvalidInputException;

/**
 * The content of results.json (README, "Evaluation"): for one prompt distribution, the task and
 * its normaliser, a curve over k per method ({@code methods}), the loop results per looped model
 * ({@code loops}), and what produced them ({@code settings}, {@code models}). The in-distribution
 * file lists the OOD distributions it was run with in {@code ood}: name → the relative path of
 * that distribution's own results.json, which has the same fields.
 *
 * @param task         the function class, or null for prompts read from a file without --task
 * @param normalizer   what squared errors were divided by (1 for accuracy)
 * @param metric       "squared_error" or "accuracy"
 * @param distribution the prompt distribution ("gaussian" in distribution, or an OOD name, or "file")
 * @param settings     prompts, points, dims, seed, bootstrap resamples, prompts file, …
 * @param models       per model: where it was read from and its metadata
 */
public record Results(String task, double normalizer, String metric, String distribution,
                      Map<String, Object> settings, Map<String, Map<String, String>> models,
                      Map<String, MethodCurve> methods, Map<String, ModelLoops> loops, Map<String, String> ood) {

    public static final String FILE_NAME = "results.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Results {
        loops = loops == null ? Map.of() : loops;
        ood = ood == null ? Map.of() : ood;
    }

    public void write(Path file) {
        try {
            Files.writeString(file, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InvalidInputException.io(file, "write", e);
        }
    }

    /** Reads a results.json; a missing or malformed file is a one-line error. */
    public static Results read(Path file) {
        try {
            Results r = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), Results.class);
            if (r.methods() == null || r.metric() == null)
                throw new InvalidInputException(file + ": not a looped results.json (no 'methods' or 'metric')");
            return r;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a readable results.json: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
