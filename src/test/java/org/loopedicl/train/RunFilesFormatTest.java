package org.loopedicl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.model.ModelFile;
import org.loopedicl.tensor.ScalarKernelsScope;

/**
 * The files of a run keep their format: a run trained now writes the same bytes as the committed
 * run of src/test/resources/workflow, trained on the same config before training metadata,
 * trainer state and metrics became records (scalar kernels, so the bits do not depend on the CPU),
 * and a checkpoint of that version resumes.
 */
class RunFilesFormatTest {
    static final Path COMMITTED = Path.of("src/test/resources/workflow/results/runs/golden_looped");

    @TempDir Path dir;

    /** metrics.jsonl without its one field that is a wall-clock time. */
    private static List<String> withoutTimings(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream().map(l -> l.replaceAll("\"step_ms\":[0-9.Ee+-]+", "\"step_ms\":_")).toList();
    }

    @Test
    void aRunWritesTheBytesTheCommittedRunHas() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("golden_looped"));
        try (ScalarKernelsScope scalar = new ScalarKernelsScope()) {
            new Trainer(TrainConfig.load(COMMITTED.resolve("config.yaml"), List.of()), run).run(false, new TrainerTest.Recorder());
        }
        RunDirectory committed = new RunDirectory(COMMITTED);
        assertArrayEquals(Files.readAllBytes(committed.model()), Files.readAllBytes(run.model()), "model.safetensors");
        assertArrayEquals(Files.readAllBytes(committed.checkpoint()), Files.readAllBytes(run.checkpoint()), "checkpoint.safetensors");
        assertEquals(withoutTimings(committed.metrics()), withoutTimings(run.metrics()));
    }

    @Test
    void aCommittedCheckpointResumes() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("golden_looped"));
        Files.createDirectories(run.root());
        Files.copy(COMMITTED.resolve("checkpoint.safetensors"), run.checkpoint());
        Files.copy(COMMITTED.resolve("metrics.jsonl"), run.metrics());
        Trainer t = new Trainer(TrainConfig.load(COMMITTED.resolve("config.yaml"), List.of("training.train_steps=14")), run);
        TrainerTest.Recorder progress = new TrainerTest.Recorder();
        t.run(true, progress);
        assertEquals(14, t.step());
        assertEquals(2, progress.losses.size(), "resumed at step 12");
        assertEquals(14, TrainingMetadata.of(run.model(), ModelFile.load(run.model()).metadata()).step());
    }
}
