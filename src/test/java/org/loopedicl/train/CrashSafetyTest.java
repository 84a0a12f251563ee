package org.loopedicl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loopedicl.io.SafetensorsFile;

/**
 * Kills a real training process (SIGKILL, no shutdown hooks) while it checkpoints every step,
 * at several moments, and checks that the latest checkpoint always loads and resumes to the end.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void killedRunLeavesALoadableCheckpointAndResumes() throws Exception {
        Path conf = dir.resolve("conf.yaml");
        Files.writeString(conf, TrainerTest.TINY.replace("train_steps: 40", "train_steps: 100000")
                .replace("save_every_steps: 10", "save_every_steps: 1"));
        Path run = dir.resolve("run");
        RunDirectory rd = new RunDirectory(run);
        for (int kill = 0; kill < 3; kill++) {
            Process p = train(conf, run, kill > 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Wait until this process has written some checkpoints of its own, then kill it at an
            // arbitrary point of its write cycle.
            long start = Files.exists(rd.checkpoint()) ? step(rd) : 0;
            while (!(Files.exists(rd.checkpoint()) && step(rd) >= start + 5 + 7 * kill)) {
                if (!p.isAlive()) throw new AssertionError("training died on its own: " + new String(p.getErrorStream().readAllBytes()));
                assertTrue(System.nanoTime() < deadline, "no checkpoint progress within 60 s");
                Thread.sleep(20);
            }
            Thread.sleep(13L * kill);
            p.destroyForcibly().waitFor();
            long s = step(rd);
            assertTrue(s >= start + 5, "checkpoint at step " + s);
        }
        // The last one resumes and finishes a short remainder.
        long s = step(rd);
        Process p = train(conf, run, true, "--set", "training.train_steps=" + (s + 3));
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes()));
        assertEquals(s + 3, step(rd));
    }

    private static long step(RunDirectory rd) {
        return Long.parseLong(SafetensorsFile.read(rd.checkpoint()).meta("step"));
    }

    private static Process train(Path conf, Path run, boolean resume, String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "org.loopedicl.cli.Main", "--threads", "1",
                "train", conf.toString(), "--out", run.toString()));
        if (resume) cmd.add("--resume");
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.PIPE).start();
    }
}
