package org.loopedicl.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.loopedicl.io.InvalidInputException;

/**
 * The files of a training run: {@code config.yaml} (resolved), {@code metrics.jsonl},
 * {@code checkpoint.safetensors} (the latest full state), {@code model.safetensors} (the latest
 * weights alone, for evaluation and exchange) and {@code checkpoints/step_NNNNNNN.safetensors}
 * (kept copies).
 */
public record RunDirectory(Path root) {

    public Path config() {
        return root.resolve("config.yaml");
    }

    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    public Path checkpoint() {
        return root.resolve("checkpoint.safetensors");
    }

    public Path model() {
        return root.resolve("model.safetensors");
    }

    public Path keptCheckpoint(long step) {
        return root.resolve("checkpoints").resolve(String.format("step_%07d.safetensors", step));
    }

    void create() {
        try {
            Files.createDirectories(root.resolve("checkpoints"));
        } catch (IOException e) {
            throw InvalidInputException.io(root, "create the run directory", e);
        }
    }
}
