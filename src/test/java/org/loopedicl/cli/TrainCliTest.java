package org.loopedicl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.cli.CliTest.Run;
import org.loopedicl.io.SafetensorsFile;
import org.loopedicl.train.RunDirectory;

/** {@code train} as a user runs it twice: one writer per run directory, and an honest second run. */
class TrainCliTest {
    @TempDir Path dir;

    private Path config(int steps) throws Exception {
        Path conf = dir.resolve("conf.yaml");
        Files.writeString(conf, """
                model: {family: looped, n_dims: 3, n_positions: 6, n_embd: 8, n_head: 2, n_layer: 1}
                training:
                  train_steps: %d
                  batch_size: 4
                  save_every_steps: 1
                  log_every_steps: 1
                  loop_window: 2
                  curriculum:
                    loops: {start: 2, end: 2, inc: 1, interval: 1}
                    dims: {start: 3, end: 3, inc: 1, interval: 1}
                    points: {start: 6, end: 6, inc: 1, interval: 1}
                """.formatted(steps));
        return conf;
    }

    @Test
    void aSecondTrainOnTheSameRunIsRefusedNamingTheFirst() throws Exception {
        Path conf = config(1_000_000), run = dir.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process first = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "org.loopedicl.cli.Main", "--threads", "1", "train", conf.toString(), "--out", run.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            RunDirectory rd = new RunDirectory(run);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(rd.checkpoint())) {
                assertTrue(first.isAlive() && System.nanoTime() < deadline, "the first writer did not start training");
                Thread.sleep(20);
            }
            Run second = CliTest.run("--threads", "1", "train", conf.toString(), "--out", run.toString(), "--resume");
            assertEquals(2, second.code());
            CliTest.assertOneLineError(second, run + ": in use by another writer (pid " + first.pid() + " on ");
            assertTrue(first.isAlive(), "the first writer goes on");
        } finally {
            first.destroyForcibly().waitFor();
        }
        // Killed holding the lock: the next run takes it over and resumes.
        Run third = CliTest.run("--threads", "1", "train", conf.toString(), "--out", run.toString(), "--resume",
                "--set", "training.train_steps=" + (step(run) + 1));
        assertEquals(0, third.code(), third.err());
        assertTrue(third.out().contains("took over the lock of pid " + first.pid()), third.out());
    }

    private static long step(Path run) {
        return Long.parseLong(SafetensorsFile.read(new RunDirectory(run).checkpoint()).meta("step"));
    }

    @Test
    void resumingAFinishedRunSaysSoWithItsFinalLoss() throws Exception {
        Path conf = config(3), run = dir.resolve("run");
        Run trained = CliTest.run("--threads", "1", "train", conf.toString(), "--out", run.toString());
        assertEquals(0, trained.code(), trained.err());
        String loss = trained.out().lines().filter(l -> l.startsWith("run: 3 steps, final loss ")).findFirst().orElseThrow()
                .replaceFirst(".*final loss ([0-9.]+),.*", "$1");
        Run again = CliTest.run("--threads", "1", "train", conf.toString(), "--out", run.toString(), "--resume");
        assertEquals(0, again.code(), again.err());
        assertEquals(List.of("run: finished already at step 3, final loss " + loss + "; weights in " + run.resolve("model.safetensors")),
                again.out().lines().toList());
        assertFalse(again.out().contains("NaN"));
    }
}
