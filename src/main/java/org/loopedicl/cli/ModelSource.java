package org.loopedicl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.model.ModelFile;
import org.loopedicl.train.TrainConfig;

/**
 * A model named on the command line: a training run directory (its model.safetensors, with
 * config.yaml and metrics.jsonl beside it) or a weights file. Its name in results.json is the
 * directory's name or the file's stem.
 */
record ModelSource(String name, Path weights, ModelFile file, Optional<Path> runDir) {
    static final String WEIGHTS = "model.safetensors", CONFIG = "config.yaml", METRICS = "metrics.jsonl";

    static ModelSource open(Path path) {
        if (Files.isDirectory(path)) {
            Path w = path.resolve(WEIGHTS);
            if (!Files.isRegularFile(w))
                throw new InvalidInputException(path + ": a run directory holds " + WEIGHTS + ", this one does not");
            return new ModelSource(fileName(path), w, ModelFile.load(w), Optional.of(path));
        }
        if (!Files.exists(path)) throw new InvalidInputException(path + ": no such file or run directory");
        String stem = fileName(path).replaceFirst("\\.safetensors$", "");
        return new ModelSource(stem, path, ModelFile.load(path), Optional.empty());
    }

    /** The run's resolved configuration, when it is a run directory that has one. */
    Optional<TrainConfig> config() {
        return runDir.map(d -> d.resolve(CONFIG)).filter(Files::isRegularFile).map(c -> TrainConfig.load(c, List.of()));
    }

    Optional<Path> metrics() {
        return runDir.map(d -> d.resolve(METRICS)).filter(Files::isRegularFile);
    }

    private static String fileName(Path p) {
        Path f = p.toAbsolutePath().normalize().getFileName();
        return f == null ? "model" : f.toString();
    }
}
