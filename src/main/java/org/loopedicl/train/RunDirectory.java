package org.loopedicl.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.loopedicl.io.AtomicFile;
import org.loopedicl.io.OutputDirectory;

/**
 * The files of a training run: {@code config.yaml} (resolved), {@code metrics.jsonl},
 * {@code checkpoint.safetensors} (the latest full state), {@code model.safetensors} (the latest
 * weights alone, for evaluation and exchange), {@code checkpoints/step_NNNNNNN.safetensors}
 * (kept copies) and {@code .lock}, which names the process writing the run.
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

    public Path lockFile() {
        return root.resolve(".lock");
    }

    /**
     * Creates the directory and locks it for this process: a second writer is refused with one
     * line naming this one. Hold the lock for as long as anything is written.
     */
    public RunLock lock() {
        create();
        return RunLock.acquire(lockFile(), root);
    }

    /** Deletes the temporary files a killed writer left behind; call it holding {@link #lock()}. */
    public List<String> removeLeftovers() {
        List<String> removed = new ArrayList<>(AtomicFile.removeLeftovers(root));
        for (String name : AtomicFile.removeLeftovers(root.resolve("checkpoints"))) removed.add("checkpoints/" + name);
        return removed;
    }

    private void create() {
        OutputDirectory.prepare(root.resolve("checkpoints"));
    }
}
