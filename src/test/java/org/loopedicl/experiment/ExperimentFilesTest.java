package org.loopedicl.experiment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository's own experiments/*.yaml: each loads (as `reproduce --list` reads them all) and names configured runs. */
class ExperimentFilesTest {
    private static final Experiments REPO = new Experiments(Path.of(System.getProperty("basedir", ".")));

    @Test
    void everyExperimentLoadsAndEachOfItsRunsHasAConfig() {
        List<Experiment> all = REPO.all();
        assertFalse(all.isEmpty());
        for (Experiment e : all)
            for (String run : e.runs())
                assertTrue(Files.isRegularFile(REPO.config(run)), e.name() + ": " + run + " has no configs/cpu file");
    }
}
