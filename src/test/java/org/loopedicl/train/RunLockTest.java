package org.loopedicl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.io.InvalidInputException;

/** One writer per run directory; what a killed writer left (its lock, its temporary files) is cleared. */
class RunLockTest {
    @TempDir Path dir;

    private TrainConfig tiny() throws IOException {
        Path f = dir.resolve("conf.yaml");
        Files.writeString(f, TrainerTest.TINY);
        return TrainConfig.load(f, List.of("training.train_steps=2"));
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolderAndWritesNothing() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        try (RunLock held = run.lock()) {
            String m = assertThrows(InvalidInputException.class,
                    () -> new Trainer(tiny(), run).run(false, new TrainerTest.Recorder())).getMessage();
            assertTrue(m.startsWith(run.root() + ": in use by another writer (pid " + ProcessHandle.current().pid() + " on "), m);
            assertFalse(Files.exists(run.config()) || Files.exists(run.checkpoint()), "the refused writer wrote nothing");
        }
        // Released: the next writer gets it, and a clean release leaves no holder behind.
        new Trainer(tiny(), run).run(false, new TrainerTest.Recorder());
        assertEquals(0, Files.size(run.lockFile()));
    }

    @Test
    void aStaleLockAndLeftoverTemporaryFilesAreCleared() throws IOException {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        Files.createDirectories(run.root().resolve("checkpoints"));
        Files.writeString(run.lockFile(), "pid 999999 on elsewhere\n"); // written by a process killed holding it
        Path leftover = run.root().resolve(".model.safetensors.5eed1234abcd.tmp");
        Path keptLeftover = run.root().resolve("checkpoints/.step_0000010.safetensors.ff.tmp");
        Path notOurs = run.root().resolve("notes.tmp");
        for (Path p : List.of(leftover, keptLeftover, notOurs)) Files.writeString(p, "x");
        TrainerTest.Recorder r = new TrainerTest.Recorder();
        new Trainer(tiny(), run).run(false, r);
        assertTrue(r.messages.get(0).contains("took over the lock of pid 999999 on elsewhere"), r.messages.toString());
        assertTrue(r.messages.get(1).contains(".model.safetensors.5eed1234abcd.tmp, checkpoints/.step_0000010.safetensors.ff.tmp"),
                r.messages.toString());
        assertFalse(Files.exists(leftover) || Files.exists(keptLeftover));
        assertTrue(Files.exists(notOurs), "only the atomic writer's temporary files are removed");
    }
}
