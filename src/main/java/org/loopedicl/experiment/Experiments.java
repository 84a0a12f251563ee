package org.loopedicl.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.loopedicl.io.InvalidInputException;
import org.loopedicl.io.ClosestName;

/**
 * The experiments a checkout holds and where their parts live, all under the checkout's root:
 * definitions in experiments/, the runs' configs in configs/cpu/, and the trained runs that ship
 * with the repository in results/runs/ (model.safetensors, config.yaml, metrics.jsonl each).
 */
public record Experiments(Path home) {
    public static final String DIR = "experiments";

    public List<Experiment> all() {
        Path dir = home.resolve(DIR);
        if (!Files.isDirectory(dir)) throw new InvalidInputException(dir + ": no experiments directory; run ./looped from a checkout of looped-icl");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().map(Experiment::load).toList();
        } catch (IOException e) {
            throw InvalidInputException.io(dir, "list", e);
        }
    }

    public Experiment named(String name) {
        Path file = home.resolve(DIR).resolve(name + ".yaml");
        if (Files.isRegularFile(file)) return Experiment.load(file);
        throw ClosestName.unknown("experiment", name, all().stream().map(Experiment::name).toList());
    }

    /** The training config of a run. */
    public Path config(String run) {
        return home.resolve("configs/cpu").resolve(run + ".yaml");
    }

    /** Where the repository keeps the trained copy of a run. */
    public Path shipped(String run) {
        return home.resolve("results/runs").resolve(run);
    }
}
