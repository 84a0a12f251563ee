package org.loopedicl.workflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.ModelFile;
import org.loopedicl.train.RunDirectory;
import org.loopedicl.train.TrainConfig;
import org.loopedicl.train.TrainingMetadata;

/**
 * A model named by path: a training run directory (its model.safetensors, with config.yaml and
 * metrics.jsonl beside it) or a weights file. Its name in results.json is the directory's name or
 * the file's stem.
 *
 * @param weights  the weights file read
 * @param training what the file says of its training (absent keys null or 0)
 * @param run      the run directory, when the path named one
 */
public record ModelSource(String name, Path weights, ModelFile file, TrainingMetadata training, Optional<RunDirectory> run) {

    /** Reads the model; a path that is neither a run directory nor a weights file is a one-line error. */
    public static ModelSource open(Path path) {
        if (Files.isDirectory(path)) {
            RunDirectory run = new RunDirectory(path);
            Path w = run.model();
            if (!Files.isRegularFile(w))
                throw new InvalidInputException(path + ": a run directory holds " + w.getFileName() + ", this one does not");
            return of(fileName(path), w, Optional.of(run));
        }
        if (!Files.exists(path)) throw new InvalidInputException(path + ": no such file or run directory");
        return of(fileName(path).replaceFirst("\\.safetensors$", ""), path, Optional.empty());
    }

    private static ModelSource of(String name, Path weights, Optional<RunDirectory> run) {
        ModelFile f = ModelFile.load(weights);
        return new ModelSource(name, weights, f, TrainingMetadata.of(weights, f.metadata()), run);
    }

    /** The run's resolved configuration, when it is a run directory that has one. */
    public Optional<TrainConfig> config() {
        return run.map(RunDirectory::config).filter(Files::isRegularFile).map(c -> TrainConfig.load(c, List.of()));
    }

    /** The run's metrics.jsonl, when it is a run directory that has one. */
    public Optional<Path> metrics() {
        return run.map(RunDirectory::metrics).filter(Files::isRegularFile);
    }

    private static String fileName(Path p) {
        Path f = p.toAbsolutePath().normalize().getFileName();
        return f == null ? "model" : f.toString();
    }
}
